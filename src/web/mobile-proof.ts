/**
 * "Prove your mobile" for pages behind links anyone may hold (group invitation, initialisation, change links):
 *   POST <base>/code     send a code to the mobile typed in     POST <base>/verify   check it, start the session
 *   POST <base>/logout   end the session
 * The code rules are the admin links' (admin-verification.ts); the session is mobile-session.ts's. Each page
 * module says what its link is and what to show above the forms.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { checkAdminCode, codeStatus, LINK_LOCKED, MAX_WRONG_CODES, sendAdminCode } from "../domain/admin-verification.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { EssError } from "../domain/errors.ts";
import { isMainlandMobile } from "../domain/formats.ts";
import { maskMobile } from "../domain/masking.ts";
import type { LinkRecord } from "../store/ports.ts";
import { pathWith } from "../platform/url.ts";
import { apiLanguage } from "./admin/i18n.ts";
import { csrfField, notice, sendAdminPage, type View } from "./admin/layout.ts";
import { pageHandler, Problem, statusOfError } from "./admin/problems.ts";
import { html, type SafeHtml } from "./html.ts";
import { endMobileSession, mobileCodeKey, mobileSessionOf, preSessionToken, startMobileSession } from "./mobile-session.ts";
import { formOf } from "./request-parts.ts";
import { NO_QUERY, one, reads } from "./request-schema.ts";
import { requireCsrf } from "./admin/session.ts";

export interface ProofSurface {
  /** Names the session cookie and the code's key: one per kind of page. */
  purpose: string;
  /** The page's route, with `:token`. */
  base: string;
  /** The link behind `token`, or a Problem (unknown, expired). */
  linkOf(token: string): Promise<LinkRecord>;
  /** The page's title and what it shows above the forms, before the person signed in. */
  intro(view: View, link: LinkRecord): Promise<{ title: string; body: SafeHtml }>;
}

const TOKEN = z.object({ token: one });
type TokenRoute = { Params: z.infer<typeof TOKEN> };
const form = reads({ params: TOKEN, query: NO_QUERY });

export const stepOf = (surface: Pick<ProofSurface, "base">, token: string, step: "code" | "verify" | "logout" | string): string =>
  pathWith(`${surface.base}/:step`, { token, step });
export const homeOf = (surface: Pick<ProofSurface, "base">, token: string, query: Record<string, string | number | undefined> = {}): string =>
  pathWith(surface.base, Object.assign({}, query, { token }));

export function registerMobileProof(app: FastifyInstance, deps: DomainDeps, surface: ProofSurface) {
  /** The sign-in page: the intro, then the mobile form, or the code form once a code went to `mobile`. */
  async function proofPage(reply: FastifyReply, view: View, link: LinkRecord, state: { status?: number; mobile?: string; error?: string }): Promise<FastifyReply> {
    const { t } = view;
    const { title, body } = await surface.intro(view, link);
    const csrf = preSessionToken(deps, surface.purpose, link.code);
    const mobile = state.mobile;
    const attemptsLeft = mobile ? (await codeStatus(deps, mobileCodeKey(deps, surface.purpose, link.code, mobile))).attemptsLeft : MAX_WRONG_CODES;
    const forms = html`<section class="card" aria-labelledby="code-title">
<h2 id="code-title">${t("验证手机号", "Verify your mobile")}</h2>
<form method="post" action="${stepOf(surface, link.code, "code")}" id="send-code-form">${csrfField(csrf)}
<label for="mobile-input">${t("手机号", "Mobile")}</label>
<input id="mobile-input" name="mobile" type="tel" inputmode="numeric" autocomplete="tel" maxlength="11" required value="${mobile ?? ""}">
<button type="submit" class="btn btn-secondary" id="send-code">${mobile ? t("重新获取验证码", "Send a new code") : t("获取验证码", "Send me a code")}</button>
<p class="hint">${t("验证码 5 分钟内有效，60 秒后可重新获取。", "A code is valid for 5 minutes; a new one can be sent after 60 seconds.")}</p>
</form>
${mobile ? html`<form method="post" action="${stepOf(surface, link.code, "verify")}" id="verify-form">${csrfField(csrf)}<input type="hidden" name="mobile" value="${mobile}">
<label for="sms-code">${t(`发送至 ${maskMobile(mobile)} 的验证码`, `Code sent to ${maskMobile(mobile)}`)}</label>
<input id="sms-code" name="code" class="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
<p class="hint">${t(`6 位数字，还可尝试 ${attemptsLeft} 次。`, `6 digits; ${attemptsLeft} tries left.`)}</p>
<button type="submit" class="btn btn-primary" id="verify-code">${t("验证并继续", "Verify and continue")}</button>
</form>` : ""}
${view.sandbox ? notice("sandbox", t("短信不会真正发出：验证码在发起方的 essd 发件箱中（控制接口 GET /_essd/outbox）。", "No text message is really sent: the code is in the link creator's essd outbox (control API GET /_essd/outbox)."), t("沙箱提示", "Sandbox")) : ""}
</section>`;
    return sendAdminPage(reply, view, state.status ?? 200, title, html`${body}${state.error ? notice("error", state.error) : ""}${forms}`);
  }

  const locked = async (key: string): Promise<never> => {
    const until = (await codeStatus(deps, key)).lockedUntil ?? deps.clock.now();
    throw new Problem("locked", { lockedUntil: until, now: deps.clock.now() });
  };

  app.post<TokenRoute>(`${surface.base}/code`, form, pageHandler<TokenRoute>(deps, async (req, reply, view) => {
    const link = await surface.linkOf(req.params.token);
    const body = formOf(req);
    requireCsrf(deps, preSessionToken(deps, surface.purpose, link.code), body.get("csrf"));
    const mobile = body.get("mobile")?.trim() ?? "";
    if (!isMainlandMobile(mobile)) return proofPage(reply, view, link, { status: 400, error: view.t("请填写中国大陆 11 位手机号。", "Enter a mainland China mobile of 11 digits.") });
    const key = mobileCodeKey(deps, surface.purpose, link.code, mobile);
    try {
      await sendAdminCode(deps, { linkCode: key, organizationId: link.organizationId, mobile });
    } catch (error) {
      if (!(error instanceof EssError)) throw error;
      if (error.code === LINK_LOCKED) return locked(key);
      return proofPage(reply, view, link, { status: statusOfError(error), mobile, error: error.messageIn(apiLanguage(view.lang)) });
    }
    return proofPage(reply, view, link, { mobile });
  }));

  app.post<TokenRoute>(`${surface.base}/verify`, form, pageHandler<TokenRoute>(deps, async (req, reply, view) => {
    const { t } = view;
    const link = await surface.linkOf(req.params.token);
    const body = formOf(req);
    requireCsrf(deps, preSessionToken(deps, surface.purpose, link.code), body.get("csrf"));
    const mobile = body.get("mobile")?.trim() ?? "";
    if (!isMainlandMobile(mobile)) return proofPage(reply, view, link, { status: 400, error: t("请填写中国大陆 11 位手机号。", "Enter a mainland China mobile of 11 digits.") });
    const key = mobileCodeKey(deps, surface.purpose, link.code, mobile);
    const check = await checkAdminCode(deps, { linkCode: key, code: body.get("code") ?? "" });
    if (check.ok) {
      startMobileSession(deps, req, reply, { purpose: surface.purpose, link, mobile });
      return reply.redirect(homeOf(surface, link.code), 303);
    }
    const again = (error: string) => proofPage(reply, view, link, { status: 400, mobile, error });
    switch (check.reason) {
      case "locked":
        return locked(key);
      case "wrong":
        return again(t(`验证码错误，还可尝试 ${check.attemptsLeft} 次。`, `Wrong code: ${check.attemptsLeft} tries left.`));
      case "expired":
        return again(t("验证码已过期，请重新获取。", "The code has expired; ask for a new one."));
      case "no-code":
        return again(t("请先获取验证码。", "Ask for a code first."));
      case "malformed":
        return again(t("请输入短信中的 6 位数字验证码。", "Enter the 6-digit code from the text message."));
    }
  }));

  app.post<TokenRoute>(`${surface.base}/logout`, form, pageHandler<TokenRoute>(deps, async (req, reply) => {
    const link = await surface.linkOf(req.params.token);
    const session = mobileSessionOf(deps, req, surface.purpose, link.code);
    if (session) {
      requireCsrf(deps, session.csrf, formOf(req).get("csrf"));
      endMobileSession(deps, req, reply, surface.purpose, link.code);
    }
    return reply.redirect(homeOf(surface, link.code), 303);
  }));

  return {
    /** The session of the page's request, if the person proved a mobile on this link. */
    sessionOf: (req: FastifyRequest, link: LinkRecord) => mobileSessionOf(deps, req, surface.purpose, link.code),
    /** The sign-in page, for a request without a session. */
    signInPage: (reply: FastifyReply, view: View, link: LinkRecord) => proofPage(reply, view, link, {}),
    logoutForm: (view: View, link: LinkRecord, csrf: string): SafeHtml =>
      html`<form method="post" action="${stepOf(surface, link.code, "logout")}" class="inline">${csrfField(csrf)}<button type="submit" class="btn btn-link" id="logout">${view.t("退出", "Sign out")}</button></form>`,
  };
}
