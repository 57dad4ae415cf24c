/**
 * The admin's H5 pages behind every link of the batch family (long, short, QR, PC/H5 registration and
 * CreateOrganizationAuthUrl links). Whatever form was opened, the pages live under `/h5/auth/<link token>`:
 *   GET  /h5/auth/:token            identity (no session) or the list of enterprises (session)
 *   POST /h5/auth/:token/code       send the SMS code            POST /h5/auth/:token/verify   check it, start the session
 *   POST /h5/auth/:token/logout     end the session
 * and the per-enterprise pages of flow-routes.ts. The legal representative's page is legal-rep-routes.ts.
 */
import { formOf } from "../request-parts.ts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AdminLink } from "../../domain/admin-link.ts";
import { checkAdminCode, codeStatus, LINK_LOCKED, sendAdminCode } from "../../domain/admin-verification.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { EssError } from "../../domain/errors.ts";
import { isMainlandMobile } from "../../domain/formats.ts";
import { lookupLink, type LinkLookup } from "../../domain/links.ts";
import { registerFlowPages } from "./flow-routes.ts";
import { adminLinkByToken, adminLinkFrom, adminListFrom, flowFactsOf, LINK_HOME, linkHome, openedAdminLink } from "./guards.ts";
import { apiLanguage } from "./i18n.ts";
import { identityPage, linkTitle } from "./identity-page.ts";
import { sendAdminPage, type View } from "./layout.ts";
import { listPage } from "./list-page.ts";
import { pageHandler, Problem, statusOfError } from "./problems.ts";
import { endSession, preSessionCsrf, requireCsrf, sessionOf, startSession } from "./session.ts";
import { registerLegalRepPages } from "./legal-rep-routes.ts";
import { z } from "zod";
import { NO_QUERY, one, optionalOne, pageQuery, reads } from "../request-schema.ts";

const TOKEN = z.object({ token: one });
const HOME_QUERY = pageQuery({ sent: optionalOne, welcome: optionalOne });
type TokenRoute = { Params: z.infer<typeof TOKEN>; Querystring: z.infer<typeof HOME_QUERY> };
const home = reads({ params: TOKEN, query: HOME_QUERY });
const form = reads({ params: TOKEN, query: NO_QUERY });

/** What an opened link of any form shows: its identity page or, with a session, its enterprises. */
export type AdminEntry = (found: LinkLookup, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

export function registerAdminPages(app: FastifyInstance, deps: DomainDeps): AdminEntry {
  app.get<TokenRoute>(LINK_HOME, home, pageHandler<TokenRoute>(deps, async (req, reply, view) => showHome(req, reply, view, await lookupLink(deps, req.params.token))));

  app.post<TokenRoute>(`${LINK_HOME}/code`, form, pageHandler<TokenRoute>(deps, async (req, reply, view) => {
    const admin = await adminLinkByToken(deps, req.params.token);
    const form = formOf(req);
    requireCsrf(deps, preSessionCsrf(deps, admin.link.code), form.get("csrf"));
    const mobile = admin.adminMobile ?? form.get("mobile")?.trim() ?? "";
    if (!isMainlandMobile(mobile)) return identity(reply, view, admin, 400, view.t("请填写中国大陆 11 位手机号。", "Enter a mainland China mobile of 11 digits."));
    try {
      await sendAdminCode(deps, { linkCode: admin.link.code, organizationId: admin.link.organizationId, mobile });
    } catch (error) {
      if (!(error instanceof EssError)) throw error;
      if (error.code === LINK_LOCKED) return locked(admin);
      return identity(reply, view, admin, statusOfError(error), error.messageIn(apiLanguage(view.lang)));
    }
    return reply.redirect(linkHome(admin.link.code, { sent: 1 }), 303);
  }));

  app.post<TokenRoute>(`${LINK_HOME}/verify`, form, pageHandler<TokenRoute>(deps, async (req, reply, view) => {
    const { t } = view;
    const admin = await adminLinkByToken(deps, req.params.token);
    const form = formOf(req);
    requireCsrf(deps, preSessionCsrf(deps, admin.link.code), form.get("csrf"));
    const check = await checkAdminCode(deps, { linkCode: admin.link.code, code: form.get("code") ?? "" });
    if (check.ok) {
      startSession(deps, req, reply, admin.link);
      return reply.redirect(linkHome(admin.link.code, { welcome: 1 }), 303);
    }
    switch (check.reason) {
      case "locked":
        return locked(admin);
      case "wrong":
        return identity(reply, view, admin, 400, t(`验证码错误，还可尝试 ${check.attemptsLeft} 次。`, `Wrong code: ${check.attemptsLeft} tries left.`));
      case "expired":
        return identity(reply, view, admin, 400, t("验证码已过期，请重新获取。", "The code has expired; ask for a new one."));
      case "no-code":
        return identity(reply, view, admin, 400, t("请先获取验证码。", "Ask for a code first."));
      case "malformed":
        return identity(reply, view, admin, 400, t("请输入短信中的 6 位数字验证码。", "Enter the 6-digit code from the text message."));
    }
  }));

  app.post<TokenRoute>(`${LINK_HOME}/logout`, form, pageHandler<TokenRoute>(deps, async (req, reply) => {
    const admin = await adminLinkByToken(deps, req.params.token);
    const session = sessionOf(deps, req, admin.link.code);
    if (session) {
      requireCsrf(deps, session.csrf, formOf(req).get("csrf"));
      endSession(deps, req, reply, admin.link.code);
    }
    return reply.redirect(linkHome(admin.link.code), 303);
  }));

  registerFlowPages(app, deps);
  registerLegalRepPages(app, deps);

  async function showHome(req: FastifyRequest<TokenRoute>, reply: FastifyReply, view: View, found: LinkLookup): Promise<FastifyReply> {
    const link = openedAdminLink(found);
    // The session (a cookie checked by its MAC, nothing read or written) decides which read the page needs: the
    // identity page the whole records, the list of enterprises (every signed-in visit) only their cards.
    const session = sessionOf(deps, req, link.code);
    if (!session) return identity(reply, view, await adminLinkFrom(deps, found), 200, undefined, req.query.sent === "1");
    const admin = await adminListFrom(deps, link);
    const flows = admin.flows.map((f) => flowFactsOf(f, admin.expiredLinks.has(f.id)));
    return sendAdminPage(reply, view, 200, linkTitle(view.t, admin), listPage(view, { admin, flows, csrf: session.csrf, welcome: req.query.welcome === "1" }));
  }

  async function identity(reply: FastifyReply, view: View, admin: AdminLink, status: number, error?: string, sent?: boolean): Promise<FastifyReply> {
    const code = await codeStatus(deps, admin.link.code);
    if (code.lockedUntil !== undefined) return locked(admin, code.lockedUntil);
    const body = identityPage(view, { admin, csrf: preSessionCsrf(deps, admin.link.code), status: code, sent, error });
    return sendAdminPage(reply, view, status, linkTitle(view.t, admin), body);
  }

  async function locked(admin: AdminLink, lockedUntil?: number): Promise<never> {
    const until = lockedUntil ?? (await codeStatus(deps, admin.link.code)).lockedUntil ?? deps.clock.now();
    throw new Problem("locked", { lockedUntil: until, now: deps.clock.now() });
  }

  return (found, req, reply) =>
    pageHandler<TokenRoute>(deps, async (request, answer, view) => showHome(request, answer, view, found))(req as FastifyRequest<TokenRoute>, reply);
}
