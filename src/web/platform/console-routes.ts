/**
 * The console page behind CreateConsoleLoginUrl's links for an activated sub-enterprise:
 *   GET  /h5/console/:token        the enterprise and the operator; an operator not yet joined proves their mobile
 *   POST /h5/console/:token/join   join the enterprise as a verified employee (员工认证并加入企业)
 * plus the sign-in steps of mobile-proof.ts. A sub-enterprise not yet activated gets the admin pages instead.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { DomainDeps } from "../../domain/deps.ts";
import { lookupLink } from "../../domain/links.ts";
import { maskCreditCode, maskMobile } from "../../domain/masking.ts";
import { CONSOLE_LINK_KIND, CONSOLE_PAGE, consoleOf, joinThroughConsole } from "../../domain/platforms/console-login.ts";
import type { LinkRecord } from "../../store/ports.ts";
import { badge, beijingTime, csrfField, facts, notice, sendAdminPage, type View } from "../admin/layout.ts";
import { pageHandler, Problem, Redirect } from "../admin/problems.ts";
import { requireCsrf } from "../admin/session.ts";
import { html } from "../html.ts";
import { homeOf, registerMobileProof, stepOf } from "../mobile-proof.ts";
import { formOf } from "../request-parts.ts";
import { NO_QUERY, one, reads } from "../request-schema.ts";

const TOKEN = z.object({ token: one });
type Route = { Params: z.infer<typeof TOKEN> };

export function registerConsolePages(app: FastifyInstance, deps: DomainDeps): void {
  const linkOf = async (token: string): Promise<LinkRecord> => {
    const found = await lookupLink(deps, token);
    if (found.state === "unknown" || found.link.kind !== CONSOLE_LINK_KIND) throw new Problem("unknown");
    if (found.state === "expired") throw new Problem("expired");
    return found.link;
  };
  const consoleFor = async (link: LinkRecord) => {
    const found = await consoleOf(deps, link.target);
    if (!found) throw new Problem("unknown");
    return found;
  };

  const intro = async (view: View, link: LinkRecord) => {
    const { t } = view;
    const { organization, proxy, operator, employee } = await consoleFor(link);
    const title = t("子客企业控制台", "Sub-enterprise console");
    return {
      title,
      body: html`<section class="card" aria-labelledby="page-title">
<h1 id="page-title">${organization.name}</h1>
${facts([
  [t("企业", "Enterprise"), organization.name, "organization-name"],
  [t("统一社会信用代码", "Credit code"), proxy.creditCode ? maskCreditCode(proxy.creditCode) : "-", "credit-code"],
  [t("企业状态", "Status"), badge("ok", t("已激活", "Activated")), "organization-status"],
  [t("经办人", "Operator"), employee?.displayName ?? operator.name ?? operator.openId, "operator-name"],
  [t("经办人状态", "Operator status"), employee?.verified ? badge("ok", t("已认证加入", "Verified, joined")) : badge("warn", t("未认证", "Not verified")), "operator-status"],
  [t("链接有效期至", "Link valid until"), beijingTime(link.expiresAt), "link-expires"],
])}
</section>`,
    };
  };

  const proof = registerMobileProof(app, deps, { purpose: "platform-console", base: CONSOLE_PAGE, linkOf, intro });

  app.get<Route>(CONSOLE_PAGE, reads({ params: TOKEN, query: NO_QUERY }), pageHandler<Route>(deps, async (req, reply, view) => {
    const { t } = view;
    const link = await linkOf(req.params.token);
    const { employee } = await consoleFor(link);
    const { title, body } = await intro(view, link);
    if (employee?.verified) {
      const mobile = employee.mobileSealed ? maskMobile(deps.box.open(employee.mobileSealed)) : "-";
      return sendAdminPage(reply, view, 200, title, html`${body}<section class="card" id="console-home"><h2>${t("欢迎", "Welcome")}</h2>${facts([[t("手机号", "Mobile"), mobile, "operator-mobile"]])}</section>`);
    }
    const session = proof.sessionOf(req, link);
    if (!session) return proof.signInPage(reply, view, link);
    return sendAdminPage(reply, view, 200, title, html`${body}
<section class="card" aria-labelledby="join-title"><h2 id="join-title">${t("认证并加入企业", "Verify and join the enterprise")}</h2>
<p>${t(`以手机号 ${maskMobile(session.mobile)} 加入「${(await consoleFor(link)).organization.name}」。`, `Join with mobile ${maskMobile(session.mobile)}.`)}</p>
<form method="post" action="${stepOf({ base: CONSOLE_PAGE }, link.code, "join")}">${csrfField(session.csrf)}<button type="submit" class="btn btn-primary" id="join">${t("加入企业", "Join")}</button></form>
${proof.logoutForm(view, link, session.csrf)}</section>
${view.sandbox ? notice("sandbox", t("沙箱：加入即视为已完成个人实名。", "Sandbox: joining counts as identity verification."), t("沙箱提示", "Sandbox")) : ""}`);
  }));

  app.post<Route>(`${CONSOLE_PAGE}/join`, reads({ params: TOKEN, query: NO_QUERY }), pageHandler<Route>(deps, async (req, reply) => {
    const link = await linkOf(req.params.token);
    const session = proof.sessionOf(req, link);
    if (!session) throw new Redirect(homeOf({ base: CONSOLE_PAGE }, link.code));
    requireCsrf(deps, session.csrf, formOf(req).get("csrf"));
    await joinThroughConsole(deps, link.target, session.mobile);
    return reply.redirect(homeOf({ base: CONSOLE_PAGE }, link.code), 303);
  }));
}
