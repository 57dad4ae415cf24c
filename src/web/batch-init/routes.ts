/**
 * The page behind an initialisation link (CreateBatchInitOrganizationUrl): the super-admin or legal
 * representative of every enterprise of the link proves their mobile, then performs the listed operations for
 * each enterprise.
 *   GET  /h5/batch-init/:token            sign-in, or the enterprises and their operations
 *   POST /h5/batch-init/:token/perform    perform the pending operations for one enterprise (organizationId)
 * plus the sign-in steps of mobile-proof.ts and the QR image (`QRCodeUrl`).
 */
import type { FastifyInstance } from "fastify";
import { qrPng } from "../../platform/qr-png.ts";
import { z } from "zod";
import { BATCH_INIT_PAGE, BATCH_INIT_QR_PATH, batchInitPageUrl } from "../../domain/batch-init-links.ts";
import { BATCH_INIT_KIND, batchInitOf, notAdministered, performInitialization, type BatchInitView, type OperateType } from "../../domain/batch-init.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { lookupLink } from "../../domain/links.ts";
import type { LinkRecord } from "../../store/ports.ts";
import type { T } from "../admin/i18n.ts";
import { badge, beijingTime, csrfField, facts, notice, sendAdminPage, type View } from "../admin/layout.ts";
import { pageHandler, Problem, Redirect } from "../admin/problems.ts";
import { requireCsrf } from "../admin/session.ts";
import { html, type SafeHtml } from "../html.ts";
import { homeOf, registerMobileProof, stepOf } from "../mobile-proof.ts";
import { formOf } from "../request-parts.ts";
import { NO_QUERY, one, optionalOne, pageQuery, reads } from "../request-schema.ts";
import { expired, notFound } from "../responses.ts";

const PURPOSE = "batch-init";
const TOKEN = z.object({ token: one });
const HOME_QUERY = pageQuery({ done: optionalOne });
type HomeRoute = { Params: z.infer<typeof TOKEN>; Querystring: z.infer<typeof HOME_QUERY> };
type FormRoute = { Params: z.infer<typeof TOKEN> };
const SURFACE = { base: BATCH_INIT_PAGE };

export const operationLabel = (t: T, type: OperateType): string =>
  ({
    CREATE_SEAL: t("创建印章", "Create seals"),
    AUTH_JOIN_ORGANIZATION_GROUP: t("加入集团企业", "Join the group"),
    OPEN_AUTO_SIGN: t("开通企业自动签署", "Enable automatic signing"),
    PARTNER_AUTO_SIGN_AUTH: t("合作方企业授权自动签", "Authorize a partner's automatic signing"),
    CHANGE_SUB_ORGANIZATION_ADMIN_AUTH: t("变更子企业超管授权", "Authorize super-admin changes by the group"),
  })[type];

export function registerBatchInitPages(app: FastifyInstance, deps: DomainDeps): void {
  const linkOf = async (token: string): Promise<LinkRecord> => {
    const found = await lookupLink(deps, token);
    if (found.state === "unknown" || found.link.kind !== BATCH_INIT_KIND) throw new Problem("unknown");
    if (found.state === "expired") throw new Problem("expired");
    return found.link;
  };

  const intro = async (view: View, link: LinkRecord) => {
    const { t } = view;
    const init = await batchInitOf(deps, link);
    const inviter = (await deps.store.getOrganization(link.organizationId))?.name ?? "";
    const title = t("企业初始化", "Enterprise initialisation");
    return {
      title,
      body: html`<section class="card" aria-labelledby="page-title">
<h1 id="page-title">${t(`「${inviter}」请您完成企业初始化`, `${inviter} asks you to initialise your enterprises`)}</h1>
<p class="muted">${t("请由所有企业的超级管理员或法定代表人验证手机号后操作。", "The super-admin or legal representative of every enterprise verifies their mobile to go on.")}</p>
${facts([
  [t("操作", "Operations"), init.operateTypes.map((o) => operationLabel(t, o)).join(t("、", ", ")), "init-operations"],
  [t("企业", "Enterprises"), init.organizations.map((o) => o.organization.name).join(t("、", ", ")), "init-organizations"],
  [t("链接有效期至", "Link valid until"), beijingTime(link.expiresAt), "link-expires"],
])}
</section>`,
    };
  };

  const proof = registerMobileProof(app, deps, { purpose: PURPOSE, base: BATCH_INIT_PAGE, linkOf, intro });

  app.get<HomeRoute>(BATCH_INIT_PAGE, reads({ params: TOKEN, query: HOME_QUERY }), pageHandler<HomeRoute>(deps, async (req, reply, view) => {
    const { t } = view;
    const link = await linkOf(req.params.token);
    const session = proof.sessionOf(req, link);
    if (!session) return proof.signInPage(reply, view, link);
    const { title, body } = await intro(view, link);
    const init = await batchInitOf(deps, link);
    const refused = await notAdministered(deps, init, session.mobile);
    const done = init.organizations.find((o) => o.organization.id === req.query.done);
    const content = refused.length
      ? notice("error", t(`操作人需要是所有企业的超级管理员或法定代表人，您不是以下企业的：${refused.map((o) => o.name).join("、")}。`, `You must be the super-admin or legal representative of every enterprise; you are not of: ${refused.map((o) => o.name).join(", ")}.`))
      : html`<ul class="list" id="init-list">${init.organizations.map((o) => organizationItem(view, init, o, session.csrf))}</ul>`;
    return sendAdminPage(reply, view, 200, title, html`${body}
${done ? notice("ok", t(`「${done.organization.name}」已完成初始化。`, `${done.organization.name} is initialised.`)) : ""}
<section class="card" aria-labelledby="orgs-title"><h2 id="orgs-title">${t("企业与操作", "Enterprises and operations")}</h2>${content}${proof.logoutForm(view, link, session.csrf)}</section>`);
  }));

  app.post<FormRoute>(`${BATCH_INIT_PAGE}/perform`, reads({ params: TOKEN, query: NO_QUERY }), pageHandler<FormRoute>(deps, async (req, reply) => {
    const link = await linkOf(req.params.token);
    const session = proof.sessionOf(req, link);
    if (!session) throw new Redirect(homeOf(SURFACE, link.code));
    const body = formOf(req);
    requireCsrf(deps, session.csrf, body.get("csrf"));
    const organizationId = body.get("organizationId") ?? "";
    await performInitialization(deps, { link, organizationId, mobile: session.mobile });
    return reply.redirect(homeOf(SURFACE, link.code, { done: organizationId }), 303);
  }));

  // QRCodeUrl: the QR image of the page's URL; rendered once per link and kept.
  const qrCache = new Map<string, Buffer>();
  app.get<{ Params: { file: string } }>(BATCH_INIT_QR_PATH, reads({ params: z.object({ file: one }), query: NO_QUERY }), async (req, reply) => {
    const token = req.params.file.replace(/\.png$/, "");
    const found = await lookupLink(deps, token);
    if (found.state === "unknown" || found.link.kind !== BATCH_INIT_KIND) return notFound(reply);
    if (found.state === "expired") return expired(reply);
    let png = qrCache.get(token);
    if (!png) {
      png = await qrPng(batchInitPageUrl(deps.publicUrl, token));
      if (qrCache.size > 1000) qrCache.clear();
      qrCache.set(token, png);
    }
    return reply.type("image/png").header("cache-control", "private, max-age=300").send(png);
  });
}

function organizationItem(view: View, init: BatchInitView, entry: BatchInitView["organizations"][number], csrf: string): SafeHtml {
  const { t } = view;
  const org = entry.organization;
  const pending = init.operateTypes.filter((o) => !entry.done.has(o));
  return html`<li id="org-${org.id}"><strong>${org.name}</strong>
<ul>${init.operateTypes.map((o) => html`<li>${operationLabel(t, o)} ${entry.done.has(o) ? badge("ok", t("已完成", "Done")) : badge("info", t("待完成", "To do"))}</li>`)}</ul>
${pending.length ? html`<form method="post" action="${stepOf(SURFACE, init.link.code, "perform")}">${csrfField(csrf)}<input type="hidden" name="organizationId" value="${org.id}"><button type="submit" class="btn btn-primary" id="perform-${org.id}">${t("完成初始化", "Initialise")}</button></form>` : ""}</li>`;
}
