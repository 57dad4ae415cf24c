/**
 * The page behind a group invitation link (CreateOrganizationGroupInvitationLink): the super-admin or legal
 * representative of an enterprise proves their mobile, sees their enterprises and has one join the group.
 *   GET  /h5/group-join/:token         sign-in, or the person's enterprises
 *   POST /h5/group-join/:token/join    join one of them (organizationId)
 * plus the sign-in steps of mobile-proof.ts, the QR image (`Link`) and the short link's target.
 */
import type { FastifyInstance } from "fastify";
import { qrPng } from "../../platform/qr-png.ts";
import { z } from "zod";
import type { DomainDeps } from "../../domain/deps.ts";
import { GROUP_JOIN_PAGE, GROUP_QR_PATH, groupJoinUrl } from "../../domain/group-links.ts";
import { lookupLink } from "../../domain/links.ts";
import { maskCreditCode } from "../../domain/masking.ts";
import { GROUP_INVITATION_KIND, joinCandidates, joinGroupThroughLink, type JoinCandidate } from "../../domain/organization-groups.ts";
import type { LinkRecord } from "../../store/ports.ts";
import { badge, beijingTime, csrfField, facts, notice, sendAdminPage, type View } from "../admin/layout.ts";
import { pageHandler, Problem, Redirect } from "../admin/problems.ts";
import { requireCsrf } from "../admin/session.ts";
import { html, type SafeHtml } from "../html.ts";
import { homeOf, registerMobileProof, stepOf } from "../mobile-proof.ts";
import { formOf } from "../request-parts.ts";
import { NO_QUERY, one, optionalOne, pageQuery, reads } from "../request-schema.ts";
import { expired, notFound } from "../responses.ts";

const PURPOSE = "group-join";
const TOKEN = z.object({ token: one });
const HOME_QUERY = pageQuery({ joined: optionalOne });
type HomeRoute = { Params: z.infer<typeof TOKEN>; Querystring: z.infer<typeof HOME_QUERY> };
type FormRoute = { Params: z.infer<typeof TOKEN> };

export function registerGroupJoinPages(app: FastifyInstance, deps: DomainDeps): void {
  const linkOf = async (token: string): Promise<LinkRecord> => {
    const found = await lookupLink(deps, token);
    if (found.state === "unknown" || found.link.kind !== GROUP_INVITATION_KIND) throw new Problem("unknown");
    if (found.state === "expired") throw new Problem("expired");
    return found.link;
  };
  const groupNameOf = async (link: LinkRecord) => (await deps.store.getOrganization(String(link.target.groupId)))?.name ?? "";

  const intro = async (view: View, link: LinkRecord): Promise<{ title: string; body: SafeHtml }> => {
    const { t } = view;
    const groupName = await groupNameOf(link);
    const title = t("加入集团", "Join a group");
    return {
      title,
      body: html`<section class="card" aria-labelledby="page-title">
<h1 id="page-title">${t(`「${groupName}」邀请您的企业加入集团`, `${groupName} invites your enterprise to join its group`)}</h1>
<p class="muted">${t("加入后，集团主企业可以代您的企业发起合同、管理员工等操作。请由企业的超级管理员或法定代表人验证手机号后操作。", "Once joined, the group's main enterprise can act for your enterprise (contracts, employees). The enterprise's super-admin or legal representative verifies their mobile to go on.")}</p>
${facts([
  [t("集团主企业", "Group"), groupName, "group-name"],
  [t("链接有效期至", "Link valid until"), beijingTime(link.expiresAt), "link-expires"],
])}
</section>`,
    };
  };

  const proof = registerMobileProof(app, deps, { purpose: PURPOSE, base: GROUP_JOIN_PAGE, linkOf, intro });

  app.get<HomeRoute>(GROUP_JOIN_PAGE, reads({ params: TOKEN, query: HOME_QUERY }), pageHandler<HomeRoute>(deps, async (req, reply, view) => {
    const { t } = view;
    const link = await linkOf(req.params.token);
    const session = proof.sessionOf(req, link);
    if (!session) return proof.signInPage(reply, view, link);
    const { title, body } = await intro(view, link);
    const candidates = await joinCandidates(deps, String(link.target.groupId), session.mobile);
    const joined = candidates.find((c) => c.organization.id === req.query.joined && c.standing === "member");
    const list = candidates.length
      ? html`<ul class="list" id="join-candidates">${candidates.map((c) => candidateItem(view, link, c, session.csrf))}</ul>`
      : html`<p id="no-candidates">${t("没有找到您担任超级管理员或法定代表人的已认证企业。", "No verified enterprise has you as its super-admin or legal representative.")}</p>`;
    return sendAdminPage(reply, view, 200, title, html`${body}
${joined ? notice("ok", t(`「${joined.organization.name}」已加入集团。`, `${joined.organization.name} has joined the group.`)) : ""}
<section class="card" aria-labelledby="orgs-title"><h2 id="orgs-title">${t("您的企业", "Your enterprises")}</h2>${list}${proof.logoutForm(view, link, session.csrf)}</section>`);
  }));

  app.post<FormRoute>(`${GROUP_JOIN_PAGE}/join`, reads({ params: TOKEN, query: NO_QUERY }), pageHandler<FormRoute>(deps, async (req, reply) => {
    const link = await linkOf(req.params.token);
    const session = proof.sessionOf(req, link);
    if (!session) throw new Redirect(homeOf({ base: GROUP_JOIN_PAGE }, link.code));
    const body = formOf(req);
    requireCsrf(deps, session.csrf, body.get("csrf"));
    const organizationId = body.get("organizationId") ?? "";
    await joinGroupThroughLink(deps, { link, organizationId, mobile: session.mobile });
    return reply.redirect(homeOf({ base: GROUP_JOIN_PAGE }, link.code, { joined: organizationId }), 303);
  }));

  // Link: the QR image of the page's URL; rendered once per link and kept (rendering costs event-loop time).
  const qrCache = new Map<string, Buffer>();
  app.get<{ Params: { file: string } }>(GROUP_QR_PATH, reads({ params: z.object({ file: one }), query: NO_QUERY }), async (req, reply) => {
    const token = req.params.file.replace(/\.png$/, "");
    const found = await lookupLink(deps, token);
    if (found.state === "unknown" || found.link.kind !== GROUP_INVITATION_KIND) return notFound(reply);
    if (found.state === "expired") return expired(reply);
    let png = qrCache.get(token);
    if (!png) {
      png = await qrPng(groupJoinUrl(deps.publicUrl, token));
      if (qrCache.size > 1000) qrCache.clear();
      qrCache.set(token, png);
    }
    return reply.type("image/png").header("cache-control", "private, max-age=300").send(png);
  });
}

function candidateItem(view: View, link: LinkRecord, c: JoinCandidate, csrf: string): SafeHtml {
  const { t } = view;
  const org = c.organization;
  const state = {
    joinable: badge("info", t("可加入", "Can join")),
    member: badge("ok", t("已加入本集团", "Member of this group")),
    "other-group": badge("warn", t("已加入其他集团", "In another group")),
    "is-group": badge("warn", t("本身是集团主企业", "Is a group itself")),
  }[c.standing];
  return html`<li id="org-${org.id}"><strong>${org.name}</strong> ${state}${org.creditCode ? html` <span class="muted mono">${maskCreditCode(org.creditCode)}</span>` : ""}
${c.standing === "joinable" ? html`<form method="post" action="${stepOf({ base: GROUP_JOIN_PAGE }, link.code, "join")}">${csrfField(csrf)}<input type="hidden" name="organizationId" value="${org.id}"><button type="submit" class="btn btn-primary" id="join-${org.id}">${t("加入集团", "Join the group")}</button></form>` : ""}</li>`;
}
