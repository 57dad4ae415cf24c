/**
 * The console page behind CreateConsoleLoginUrl's links for an activated sub-enterprise:
 *   GET  /h5/console/:token        the enterprise and the operator; an operator not yet joined proves their mobile;
 *                                  a joined one gets the console, opened on the link's Module (?module= moves on)
 *   POST /h5/console/:token/join   join the enterprise as a verified employee (员工认证并加入企业)
 * plus the sign-in steps of mobile-proof.ts. A sub-enterprise not yet activated gets the admin pages instead.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { DomainDeps } from "../../domain/deps.ts";
import { lookupLink } from "../../domain/links.ts";
import { maskCreditCode, maskMobile, maskSealedMobile } from "../../domain/masking.ts";
import { CONSOLE_LINK_KIND, CONSOLE_MODULES, CONSOLE_PAGE, consoleOf, consoleViewOf, joinThroughConsole, type ConsoleModule } from "../../domain/platforms/console-login.ts";
import { describeChannelEmployees } from "../../domain/platforms/describe.ts";
import { licenseActive, licenseOf } from "../../domain/platforms/activation.ts";
import type { LinkRecord } from "../../store/ports.ts";
import { badge, beijingTime, csrfField, facts, notice, sendAdminPage, type View } from "../admin/layout.ts";
import { pageHandler, Problem, Redirect } from "../admin/problems.ts";
import { requireCsrf } from "../admin/session.ts";
import { html } from "../html.ts";
import { homeOf, registerMobileProof, stepOf } from "../mobile-proof.ts";
import { formOf } from "../request-parts.ts";
import { NO_QUERY, one, optionalOne, pageQuery, reads } from "../request-schema.ts";
import { pathWith } from "../../platform/url.ts";
import type { T } from "../admin/i18n.ts";

const TOKEN = z.object({ token: one });
type Route = { Params: z.infer<typeof TOKEN> };
/** `?module=` is the menu's way between modules; the link's own Module is where the page opens. */
const HOME_QUERY = pageQuery({ module: optionalOne });
type HomeRoute = Route & { Querystring: z.infer<typeof HOME_QUERY> };

/** `?module=HOME`: 企业中心, also from a link that opened on another module. */
const HOME = "HOME";
/** The console's modules in menu order: 企业中心 (no Module) first. */
const MODULES: Array<{ module: ConsoleModule | undefined; zh: string; en: string }> = [
  { module: undefined, zh: "企业中心", en: "Enterprise centre" },
  { module: "DOCUMENT", zh: "合同管理", en: "Contracts" },
  { module: "TEMPLATE", zh: "模板管理", en: "Templates" },
  { module: "SEAL", zh: "印章管理", en: "Seals" },
  { module: "OPERATOR", zh: "组织管理", en: "Organization" },
];
/** What a module's resource is called, for ModuleId. */
const RESOURCE: Partial<Record<ConsoleModule, { zh: string; en: string }>> = {
  DOCUMENT: { zh: "合同", en: "contract" },
  TEMPLATE: { zh: "模板", en: "template" },
  SEAL: { zh: "印章", en: "seal" },
};

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

  // `known`: the console the caller has already read for this link (the page's GET), so it is not read again.
  const intro = async (view: View, link: LinkRecord, known?: Awaited<ReturnType<typeof consoleFor>>) => {
    const { t } = view;
    const { organization, proxy, operator, employee } = known ?? (await consoleFor(link));
    const [flow] = proxy.flowId ? await deps.store.findAuthFlows(link.organizationId, { ids: [proxy.flowId] }) : [];
    const license = licenseOf(flow);
    const title = t("子客企业控制台", "Sub-enterprise console");
    return {
      title,
      body: html`<section class="card" aria-labelledby="page-title">
<h1 id="page-title">${organization.name}</h1>
${facts([
  [t("企业", "Enterprise"), organization.name, "organization-name"],
  [t("统一社会信用代码", "Credit code"), proxy.creditCode ? maskCreditCode(proxy.creditCode) : "-", "credit-code"],
  [t("企业状态", "Status"), badge("ok", t("已认证", "Verified")), "organization-status"],
  [
    t("账号激活", "Account"),
    licenseActive(license, deps.clock.now()) ? badge("ok", t(`已激活，至 ${beijingTime(license.expiresAt)}`, `Active until ${beijingTime(license.expiresAt)}`)) : badge("warn", t("未激活", "Not active")),
    "license-status",
  ],
  [t("经办人", "Operator"), employee?.displayName ?? operator.name ?? operator.openId, "operator-name"],
  [t("经办人状态", "Operator status"), employee?.verified ? badge("ok", t("已认证加入", "Verified, joined")) : badge("warn", t("未认证", "Not verified")), "operator-status"],
  [t("链接有效期至", "Link valid until"), beijingTime(link.expiresAt), "link-expires"],
])}
</section>`,
    };
  };

  const proof = registerMobileProof(app, deps, { purpose: "platform-console", base: CONSOLE_PAGE, linkOf, intro });

  app.get<HomeRoute>(CONSOLE_PAGE, reads({ params: TOKEN, query: HOME_QUERY }), pageHandler<HomeRoute>(deps, async (req, reply, view) => {
    const { t } = view;
    const link = await linkOf(req.params.token);
    const found = await consoleFor(link);
    const { employee } = found;
    const { title, body } = await intro(view, link, found);
    if (employee?.verified) {
      // Module, MenuStatus and TopNavigationStatus shape only this page: the joined operator's console.
      const opened = consoleViewOf(link.target);
      const asked = req.query.module;
      if (asked !== undefined && asked !== HOME && !(CONSOLE_MODULES as readonly string[]).includes(asked)) throw new Problem("unknown");
      const module = asked === HOME ? undefined : ((asked as ConsoleModule | undefined) ?? opened.module);
      const mobile = employee.mobileSealed ? maskSealedMobile(deps.box, employee.mobileSealed) : "-";
      const home = html`<section class="card" id="console-home"><h2>${t("欢迎", "Welcome")}</h2>${facts([[t("手机号", "Mobile"), mobile, "operator-mobile"]])}</section>`;
      const content = module ? await moduleSection(deps, t, module, module === opened.module ? opened.moduleId : undefined, found) : html`${body}${home}`;
      const menu = opened.menu ? consoleMenu(t, link.code, module) : "";
      return sendAdminPage(reply, view, 200, title, html`${menu}${content}`, { topNavigation: opened.topNavigation });
    }
    const session = proof.sessionOf(req, link);
    if (!session) return proof.signInPage(reply, view, link);
    return sendAdminPage(reply, view, 200, title, html`${body}
<section class="card" aria-labelledby="join-title"><h2 id="join-title">${t("认证并加入企业", "Verify and join the enterprise")}</h2>
<p>${t(`以手机号 ${maskMobile(session.mobile)} 加入「${found.organization.name}」。`, `Join with mobile ${maskMobile(session.mobile)}.`)}</p>
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

/** The module menu (MenuStatus ENABLE): every module of the console, the one shown marked as the current page. */
function consoleMenu(t: T, token: string, current: ConsoleModule | undefined) {
  return html`<nav aria-label="${t("控制台菜单", "Console menu")}" id="console-menu"><ul class="menu">${MODULES.map(
    (m) => html`<li><a href="${pathWith(CONSOLE_PAGE, { token, module: m.module ?? HOME })}" id="menu-${m.module ?? HOME}"${m.module === current ? html` aria-current="page"` : ""}>${t(m.zh, m.en)}</a></li>`,
  )}</ul></nav>`;
}

/**
 * A module other than 企业中心. 组织管理 lists the sub-enterprise's operators as essd knows them (masked); essd keeps
 * no contracts, templates or seals, so those modules say so and name the resource ModuleId asked for.
 */
async function moduleSection(deps: DomainDeps, t: T, module: ConsoleModule, moduleId: string | undefined, found: NonNullable<Awaited<ReturnType<typeof consoleOf>>>) {
  const name = MODULES.find((m) => m.module === module)!;
  const heading = html`<h1 id="module-title">${t(name.zh, name.en)}</h1><p class="muted">${found.organization.name}</p>`;
  if (module === "OPERATOR") {
    const { staff } = await describeChannelEmployees(deps, found.proxy.applicationId, found.proxy.openId, {}, 0, 200);
    return html`<section class="card" aria-labelledby="module-title" id="console-module" data-module="OPERATOR">${heading}
<ul class="checklist" id="operator-list">${staff.map((s) => html`<li><span>${s.DisplayName} <span class="muted mono">${s.OpenId}</span></span>${s.QuiteJob ? badge("neutral", t("已离职", "Left")) : s.Verified ? badge("ok", t("已认证", "Verified")) : badge("warn", t("未认证", "Not verified"))}</li>`)}</ul></section>`;
  }
  const resource = RESOURCE[module]!;
  return html`<section class="card" aria-labelledby="module-title" id="console-module" data-module="${module}">${heading}
${moduleId ? facts([[t(`指定的${resource.zh} ID`, `The ${resource.en} asked for`), html`<span class="mono">${moduleId}</span>`, "module-id"]]) : ""}
${notice("info", t(`essd 不保存${resource.zh}：企业的${name.zh}在腾讯电子签控制台进行。`, `essd keeps no ${resource.en}s: the enterprise manages them in Tencent E-Sign's console.`))}</section>`;
}
