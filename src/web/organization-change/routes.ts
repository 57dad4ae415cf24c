/**
 * The page behind CreateOrganizationInfoChangeUrl's link: the enterprise's super-admin or legal representative
 * proves their mobile (mobile-proof.ts), then hands over the super-admin role (ChangeType 1) or submits the new
 * base information (ChangeType 2), which the registry checks and a review decides.
 *   GET  /h5/organization-change/:token               sign-in, or the change form and where the last change stands
 *   POST /h5/organization-change/:token/super-admin   hand the role to `newAdminId`
 *   POST /h5/organization-change/:token/base-info     submit organizationName, legalName, address
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { DomainDeps } from "../../domain/deps.ts";
import { lookupLink } from "../../domain/links.ts";
import { maskMobile, maskName } from "../../domain/masking.ts";
import { currentBaseInfo, MAX_ADDRESS, MAX_LEGAL_NAME, MAX_NAME, submitBaseInfo, type BaseInfo } from "../../domain/organization-change/base-info.ts";
import { administers, BASE_INFO_CHANGE, ORGANIZATION_CHANGE_KIND, organizationChangeOf, type OrganizationChangeLinkView } from "../../domain/organization-change/links.ts";
import { changeSuperAdmin, superAdminSituation } from "../../domain/organization-change/super-admin.ts";
import type { LinkRecord, OrganizationChangeRecord } from "../../store/ports.ts";
import { badge, beijingTime, csrfField, facts, notice, sendAdminPage, type View } from "../admin/layout.ts";
import { pageHandler, Problem, Redirect } from "../admin/problems.ts";
import { requireCsrf } from "../admin/session.ts";
import { html, type SafeHtml } from "../html.ts";
import type { MobileSession } from "../mobile-session.ts";
import { homeOf, registerMobileProof, stepOf } from "../mobile-proof.ts";
import { formOf } from "../request-parts.ts";
import { NO_QUERY, one, optionalOne, pageQuery, reads } from "../request-schema.ts";

export const ORGANIZATION_CHANGE_PAGE = "/h5/organization-change/:token";
const PURPOSE = "organization-change";
const SURFACE = { base: ORGANIZATION_CHANGE_PAGE };
const TOKEN = z.object({ token: one });
const HOME_QUERY = pageQuery({ done: optionalOne });
type HomeRoute = { Params: z.infer<typeof TOKEN>; Querystring: z.infer<typeof HOME_QUERY> };
type FormRoute = { Params: z.infer<typeof TOKEN> };

export function registerOrganizationChangePages(app: FastifyInstance, deps: DomainDeps): void {
  const linkOf = async (token: string): Promise<LinkRecord> => {
    const found = await lookupLink(deps, token);
    if (found.state === "unknown" || found.link.kind !== ORGANIZATION_CHANGE_KIND) throw new Problem("unknown");
    if (found.state === "expired") throw new Problem("expired");
    return found.link;
  };
  const viewOfLink = async (link: LinkRecord): Promise<OrganizationChangeLinkView> => {
    const change = await organizationChangeOf(deps, link);
    if (!change) throw new Problem("unknown");
    return change;
  };

  const intro = async (view: View, link: LinkRecord) => {
    const { t } = view;
    const change = await viewOfLink(link);
    const title = change.changeType === BASE_INFO_CHANGE ? t("变更企业基础信息", "Change the enterprise's information") : t("变更企业超管", "Change the super-admin");
    return {
      title,
      body: html`<section class="card" aria-labelledby="page-title">
<h1 id="page-title">${title}</h1>
<p class="muted">${t("请由企业现有的超级管理员或法定代表人验证手机号后操作。", "The enterprise's current super-admin or legal representative verifies their mobile to go on.")}</p>
${facts([
  [t("企业", "Enterprise"), change.organization.name, "change-organization"],
  [t("统一社会信用代码", "Unified social credit code"), change.organization.creditCode ?? "—", "change-credit-code"],
  [t("链接有效期至", "Link valid until"), beijingTime(link.expiresAt), "link-expires"],
])}
</section>`,
    };
  };
  const proof = registerMobileProof(app, deps, { purpose: PURPOSE, base: ORGANIZATION_CHANGE_PAGE, linkOf, intro });

  const signedIn = async (req: Parameters<typeof proof.sessionOf>[0], token: string) => {
    const link = await linkOf(token);
    const session = proof.sessionOf(req, link);
    if (!session) throw new Redirect(homeOf(SURFACE, link.code));
    return { link, session, change: await viewOfLink(link) };
  };

  type PageState = { status?: number; error?: string; done?: boolean; draft?: BaseInfo };
  async function changePage(reply: FastifyReply, view: View, input: { link: LinkRecord; session: MobileSession; change: OrganizationChangeLinkView } & PageState) {
    const { t } = view;
    const { link, session, change } = input;
    const { title, body } = await intro(view, link);
    const head = html`${body}${input.error ? notice("error", input.error) : ""}`;
    // Whoever handed the role over may no longer administer the enterprise: the page confirms, and offers nothing more.
    if (input.done) return sendAdminPage(reply, view, 200, title, html`${head}${notice("ok", t("超级管理员已变更。", "The super-admin role has been handed over."))}${proof.logoutForm(view, link, session.csrf)}`);
    if (!(await administers(deps, change.organization.id, session.mobile))) {
      const refusal = t(`您验证的手机号不是「${change.organization.name}」的超级管理员或法定代表人。`, `The mobile you verified is not that of ${change.organization.name}'s super-admin or legal representative.`);
      return sendAdminPage(reply, view, 403, title, html`${head}${notice("error", refusal)}${proof.logoutForm(view, link, session.csrf)}`);
    }
    const form = change.changeType === BASE_INFO_CHANGE ? await baseInfoSection(view, input) : await superAdminSection(view, input);
    return sendAdminPage(reply, view, input.status ?? 200, title, html`${head}${form}${proof.logoutForm(view, link, session.csrf)}`);
  }

  async function superAdminSection(view: View, input: { link: LinkRecord; session: MobileSession; change: OrganizationChangeLinkView }): Promise<SafeHtml> {
    const { t } = view;
    const situation = await superAdminSituation(deps, input.change.organization.id);
    const who = (e: { displayName: string; mobileSealed: string | null }) => `${maskName(e.displayName)}${e.mobileSealed ? `（${maskMobile(deps.box.open(e.mobileSealed))}）` : ""}`;
    const current = situation.current.map(who).join(t("、", ", ")) || t("无", "none");
    const choices = situation.candidates.length
      ? html`<form method="post" action="${stepOf(SURFACE, input.link.code, "super-admin")}" id="super-admin-form">${csrfField(input.session.csrf)}
<fieldset><legend>${t("新的超级管理员", "The new super-admin")}</legend>
${situation.candidates.map((e) => html`<label class="choice"><input type="radio" name="newAdminId" value="${e.id}" required> ${e.displayName}${e.mobileSealed ? ` ${maskMobile(deps.box.open(e.mobileSealed))}` : ""}</label>`)}
</fieldset>
<button type="submit" class="btn btn-primary" id="change-super-admin">${t("确认变更超管", "Hand over the super-admin role")}</button></form>`
      : html`<p class="muted" id="no-candidates">${t("企业暂无其他已实名的在职员工可以成为超级管理员。", "The enterprise has no other verified, current employee who could become super-admin.")}</p>`;
    return html`<section class="card" aria-labelledby="admin-title"><h2 id="admin-title">${t("企业超管", "Super-admin")}</h2>
${facts([[t("现任超级管理员", "Current super-admin"), current, "current-super-admin"]])}
${choices}</section>`;
  }

  async function baseInfoSection(view: View, input: { link: LinkRecord; session: MobileSession; change: OrganizationChangeLinkView; draft?: BaseInfo }): Promise<SafeHtml> {
    const { t } = view;
    const organization = input.change.organization;
    const pending = await deps.store.findPendingOrganizationChange(organization.id);
    // The change under review, if this link made it, else the link's latest (two in one millisecond: either).
    const last = pending?.linkCode === input.link.code ? pending : (await deps.store.listOrganizationChanges(input.link.organizationId, { linkCode: input.link.code, limit: 1 }))[0];
    const status = last ? lastChangeNotice(view, last) : "";
    if (pending) return html`${status}${pending.id !== last?.id ? notice("info", t("该企业已有一项信息变更正在审核，请等待审核结果。", "A change of this enterprise is under review; wait for its result.")) : ""}`;
    const now = input.draft ?? (await currentBaseInfo(deps, organization.id, organization.name));
    return html`${status}<section class="card" aria-labelledby="info-title"><h2 id="info-title">${t("企业基础信息", "Base information")}</h2>
<form method="post" action="${stepOf(SURFACE, input.link.code, "base-info")}" id="base-info-form">${csrfField(input.session.csrf)}
<label for="organization-name">${t("企业名称", "Enterprise name")}</label>
<input id="organization-name" name="organizationName" type="text" maxlength="${MAX_NAME}" required value="${now.organizationName}">
<label for="credit-code">${t("统一社会信用代码", "Unified social credit code")}</label>
<input id="credit-code" type="text" readonly value="${organization.creditCode ?? ""}" aria-describedby="credit-code-hint">
<p class="hint" id="credit-code-hint">${t("统一社会信用代码不可变更。", "The unified social credit code cannot be changed.")}</p>
<label for="legal-name">${t("法定代表人姓名", "Legal representative")}</label>
<input id="legal-name" name="legalName" type="text" maxlength="${MAX_LEGAL_NAME}" required value="${now.legalName}">
<label for="address">${t("企业地址", "Address")}</label>
<input id="address" name="address" type="text" maxlength="${MAX_ADDRESS}" value="${now.address}">
<p class="hint">${t("提交后将核验工商信息，并由审核人员审核；通过后企业名称随即更新。", "The business register is checked, then a reviewer decides; once approved the name changes at once.")}</p>
<button type="submit" class="btn btn-primary" id="submit-base-info">${t("提交变更", "Submit the change")}</button></form></section>`;
  }

  const lastChangeNotice = (view: View, change: OrganizationChangeRecord): SafeHtml => {
    const { t } = view;
    const label = {
      reviewing: badge("info", t("审核中", "Under review")),
      approved: badge("ok", t("已通过", "Approved")),
      rejected: badge("bad", t("已驳回", "Rejected")),
      failed: badge("bad", t("工商信息核验未通过", "Refused by the business register")),
      done: badge("ok", t("已完成", "Done")),
    }[change.state];
    return html`<section class="card" aria-labelledby="last-title" id="last-change"><h2 id="last-title">${t("最近一次变更", "Your last change")} ${label}</h2>
${facts([
  [t("申请的企业名称", "Name asked for"), change.newName, "last-name"],
  [t("提交时间", "Submitted"), beijingTime(change.createdAt), "last-submitted"],
  ...(change.reason ? [[t("原因", "Reason"), change.reason, "last-reason"] as [string, string, string]] : []),
])}</section>`;
  };

  app.get<HomeRoute>(ORGANIZATION_CHANGE_PAGE, reads({ params: TOKEN, query: HOME_QUERY }), pageHandler<HomeRoute>(deps, async (req, reply, view) => {
    const link = await linkOf(req.params.token);
    const session = proof.sessionOf(req, link);
    if (!session) return proof.signInPage(reply, view, link);
    return changePage(reply, view, { link, session, change: await viewOfLink(link), done: req.query.done === "1" });
  }));

  const form = reads({ params: TOKEN, query: NO_QUERY });
  app.post<FormRoute>(`${ORGANIZATION_CHANGE_PAGE}/super-admin`, form, pageHandler<FormRoute>(deps, async (req, reply, view) => {
    const { link, session, change } = await signedIn(req, req.params.token);
    const body = formOf(req);
    requireCsrf(deps, session.csrf, body.get("csrf"));
    if (change.changeType === BASE_INFO_CHANGE || !(await administers(deps, change.organization.id, session.mobile))) return changePage(reply, view, { link, session, change });
    await changeSuperAdmin(deps, change, { mobile: session.mobile, newAdminId: body.get("newAdminId") ?? "" });
    return reply.redirect(homeOf(SURFACE, link.code, { done: 1 }), 303);
  }));

  app.post<FormRoute>(`${ORGANIZATION_CHANGE_PAGE}/base-info`, form, pageHandler<FormRoute>(deps, async (req, reply, view) => {
    const { t } = view;
    const { link, session, change } = await signedIn(req, req.params.token);
    const body = formOf(req);
    requireCsrf(deps, session.csrf, body.get("csrf"));
    if (change.changeType !== BASE_INFO_CHANGE || !(await administers(deps, change.organization.id, session.mobile))) return changePage(reply, view, { link, session, change });
    const draft: BaseInfo = { organizationName: body.get("organizationName") ?? "", legalName: body.get("legalName") ?? "", address: body.get("address") ?? "" };
    const outcome = await submitBaseInfo(deps, change, { mobile: session.mobile, info: draft });
    if (outcome.ok) return reply.redirect(homeOf(SURFACE, link.code), 303);
    // 422: the registry refused the facts (recorded); 503: it could not be asked; 400: the form itself.
    const status = outcome.unavailable ? 503 : outcome.change ? 422 : 400;
    return changePage(reply, view, { link, session, change, status, error: t(outcome.zh, outcome.en), draft });
  }));
}
