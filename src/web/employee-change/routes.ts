/**
 * The page behind CreateEmployeeChangeUrl's link: the employee proves their current mobile (mobile-proof.ts), then
 * the new one with a code texted to it.
 *   GET  /h5/employee-change/:token              sign-in, or the new-mobile form
 *   POST /h5/employee-change/:token/new-code     text a code to the new mobile
 *   POST /h5/employee-change/:token/confirm      check it and change the mobile
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { checkAdminCode, LINK_LOCKED, sendAdminCode } from "../../domain/admin-verification.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { changeEmployeeMobile, EMPLOYEE_CHANGE_KIND, employeeChangeOf, isCurrentMobile, type EmployeeChangeView } from "../../domain/employee-change.ts";
import { EssError } from "../../domain/errors.ts";
import { isMainlandMobile } from "../../domain/formats.ts";
import { lookupLink } from "../../domain/links.ts";
import { maskMobile, maskName } from "../../domain/masking.ts";
import type { LinkRecord } from "../../store/ports.ts";
import { apiLanguage } from "../admin/i18n.ts";
import { beijingTime, csrfField, facts, notice, sendAdminPage, type View } from "../admin/layout.ts";
import { pageHandler, Problem, Redirect, statusOfError } from "../admin/problems.ts";
import { requireCsrf } from "../admin/session.ts";
import { html, type SafeHtml } from "../html.ts";
import { mobileCodeKey, type MobileSession } from "../mobile-session.ts";
import { homeOf, registerMobileProof, stepOf } from "../mobile-proof.ts";
import { formOf } from "../request-parts.ts";
import { NO_QUERY, one, reads } from "../request-schema.ts";

export const EMPLOYEE_CHANGE_PAGE = "/h5/employee-change/:token";
const PURPOSE = "employee-change";
const NEW_MOBILE_PURPOSE = "employee-change-new";
const SURFACE = { base: EMPLOYEE_CHANGE_PAGE };
const TOKEN = z.object({ token: one });
type Route = { Params: z.infer<typeof TOKEN> };
const route = reads({ params: TOKEN, query: NO_QUERY });

export function registerEmployeeChangePages(app: FastifyInstance, deps: DomainDeps): void {
  const linkOf = async (token: string): Promise<LinkRecord> => {
    const found = await lookupLink(deps, token);
    if (found.state === "unknown" || found.link.kind !== EMPLOYEE_CHANGE_KIND) throw new Problem("unknown");
    if (found.state === "expired") throw new Problem("expired");
    return found.link;
  };
  const viewOfLink = async (link: LinkRecord): Promise<EmployeeChangeView> => {
    const change = await employeeChangeOf(deps, link);
    if (!change) throw new Problem("unknown");
    return change;
  };

  const intro = async (view: View, link: LinkRecord) => {
    const { t } = view;
    const change = await viewOfLink(link);
    const organization = await deps.store.getOrganization(change.employee.organizationId);
    const title = t("变更手机号", "Change your mobile");
    return {
      title,
      body: html`<section class="card" aria-labelledby="page-title">
<h1 id="page-title">${title}</h1>
<p class="muted">${t("请先验证您当前的手机号，再验证新手机号。", "First verify your current mobile, then the new one.")}</p>
${facts([
  [t("企业", "Organization"), organization?.name ?? "", "change-organization"],
  [t("员工", "Employee"), maskName(change.employee.displayName), "change-employee"],
  [t("链接有效期至", "Link valid until"), beijingTime(link.expiresAt), "link-expires"],
])}
</section>`,
    };
  };
  const proof = registerMobileProof(app, deps, { purpose: PURPOSE, base: EMPLOYEE_CHANGE_PAGE, linkOf, intro });

  /** The link, its employee and a session of the employee's current mobile; anything else ends here. */
  const signedIn = async (req: Parameters<typeof proof.sessionOf>[0], token: string) => {
    const link = await linkOf(token);
    const session = proof.sessionOf(req, link);
    if (!session) throw new Redirect(homeOf(SURFACE, link.code));
    return { link, session, change: await viewOfLink(link) };
  };

  async function changePage(reply: FastifyReply, view: View, input: { link: LinkRecord; session: MobileSession; change: EmployeeChangeView; status?: number; newMobile?: string; error?: string; done?: boolean }) {
    const { t } = view;
    const { title, body } = await intro(view, input.link);
    if (input.done) return sendAdminPage(reply, view, 200, title, html`${body}${notice("ok", t("手机号已变更。", "Your mobile has been changed."))}`);
    if (!isCurrentMobile(deps, input.change.employee, input.session.mobile)) {
      return sendAdminPage(reply, view, 403, title, html`${body}${notice("error", t("您验证的手机号不是该员工的当前手机号。", "The mobile you verified is not this employee's current mobile."))}${proof.logoutForm(view, input.link, input.session.csrf)}`);
    }
    const fixed = input.change.fixedMobile;
    const newMobile = input.newMobile ?? fixed;
    const codeForm: SafeHtml = input.newMobile
      ? html`<form method="post" action="${stepOf(SURFACE, input.link.code, "confirm")}" id="confirm-form">${csrfField(input.session.csrf)}<input type="hidden" name="newMobile" value="${input.newMobile}">
<label for="new-code">${t(`发送至 ${maskMobile(input.newMobile)} 的验证码`, `Code sent to ${maskMobile(input.newMobile)}`)}</label>
<input id="new-code" name="code" class="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
<button type="submit" class="btn btn-primary" id="confirm-change">${t("确认变更", "Change my mobile")}</button></form>`
      : html``;
    return sendAdminPage(reply, view, input.status ?? 200, title, html`${body}${input.error ? notice("error", input.error) : ""}
<section class="card" aria-labelledby="new-title"><h2 id="new-title">${t("新手机号", "New mobile")}</h2>
<form method="post" action="${stepOf(SURFACE, input.link.code, "new-code")}" id="new-code-form">${csrfField(input.session.csrf)}
<label for="new-mobile">${t("新手机号", "New mobile")}</label>
<input id="new-mobile" name="newMobile" type="tel" inputmode="numeric" maxlength="11" required value="${newMobile ?? ""}"${fixed ? html` readonly` : ""}>
<button type="submit" class="btn btn-secondary" id="send-new-code">${t("获取验证码", "Send me a code")}</button></form>
${codeForm}${proof.logoutForm(view, input.link, input.session.csrf)}</section>`);
  }

  app.get<Route>(EMPLOYEE_CHANGE_PAGE, route, pageHandler<Route>(deps, async (req, reply, view) => {
    const link = await linkOf(req.params.token);
    const session = proof.sessionOf(req, link);
    if (!session) return proof.signInPage(reply, view, link);
    return changePage(reply, view, { link, session, change: await viewOfLink(link) });
  }));

  app.post<Route>(`${EMPLOYEE_CHANGE_PAGE}/new-code`, route, pageHandler<Route>(deps, async (req, reply, view) => {
    const { link, session, change } = await signedIn(req, req.params.token);
    const body = formOf(req);
    requireCsrf(deps, session.csrf, body.get("csrf"));
    if (!isCurrentMobile(deps, change.employee, session.mobile)) return changePage(reply, view, { link, session, change });
    const newMobile = change.fixedMobile ?? body.get("newMobile")?.trim() ?? "";
    if (!isMainlandMobile(newMobile)) return changePage(reply, view, { link, session, change, status: 400, error: view.t("请填写中国大陆 11 位手机号。", "Enter a mainland China mobile of 11 digits.") });
    try {
      await sendAdminCode(deps, { linkCode: mobileCodeKey(deps, NEW_MOBILE_PURPOSE, link.code, newMobile), organizationId: link.organizationId, mobile: newMobile });
    } catch (error) {
      if (!(error instanceof EssError)) throw error;
      if (error.code === LINK_LOCKED) throw new Problem("locked", { now: deps.clock.now() });
      return changePage(reply, view, { link, session, change, status: statusOfError(error), error: error.messageIn(apiLanguage(view.lang)) });
    }
    return changePage(reply, view, { link, session, change, newMobile });
  }));

  app.post<Route>(`${EMPLOYEE_CHANGE_PAGE}/confirm`, route, pageHandler<Route>(deps, async (req, reply, view) => {
    const { t } = view;
    const { link, session, change } = await signedIn(req, req.params.token);
    const body = formOf(req);
    requireCsrf(deps, session.csrf, body.get("csrf"));
    if (!isCurrentMobile(deps, change.employee, session.mobile)) return changePage(reply, view, { link, session, change });
    const newMobile = body.get("newMobile")?.trim() ?? "";
    if (!isMainlandMobile(newMobile)) return changePage(reply, view, { link, session, change, status: 400, error: t("请填写中国大陆 11 位手机号。", "Enter a mainland China mobile of 11 digits.") });
    const check = await checkAdminCode(deps, { linkCode: mobileCodeKey(deps, NEW_MOBILE_PURPOSE, link.code, newMobile), code: body.get("code") ?? "" });
    if (!check.ok) {
      if (check.reason === "locked") throw new Problem("locked", { lockedUntil: check.lockedUntil, now: deps.clock.now() });
      const error = check.reason === "wrong" ? t(`验证码错误，还可尝试 ${check.attemptsLeft} 次。`, `Wrong code: ${check.attemptsLeft} tries left.`) : t("验证码无效或已过期，请重新获取。", "The code is not valid (or has expired); ask for a new one.");
      return changePage(reply, view, { link, session, change, status: 400, newMobile, error });
    }
    await changeEmployeeMobile(deps, change, newMobile);
    return changePage(reply, view, { link, session, change, done: true });
  }));
}
