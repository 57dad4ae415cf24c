import type { FastifyInstance, FastifyReply } from "fastify";
import type { DomainDeps } from "../domain/deps.ts";
import { verifyEmployee } from "../domain/employees.ts";
import { lookupLink } from "../domain/links.ts";
import { maskName } from "../domain/masking.ts";
import { html } from "./html.ts";
import { registerLinkPages } from "./link-pages.ts";
import { expired, notFound, sendPage } from "./responses.ts";
import { pathWith } from "../platform/url.ts";
import { INVITATION_PAGE } from "./policies.ts";
import { z } from "zod";
import { sendBadRequest, viewOf } from "./admin/layout.ts";
import { NO_QUERY, one, optionalOne, pageQuery, reads, readsWithSchemas } from "./request-schema.ts";

const ACCEPT_INVITATION = "/invitations/:token/accept";

/** The pages behind the links essd hands out. */
export function registerWebRoutes(app: FastifyInstance, deps: DomainDeps): void {
  readsWithSchemas(app, (req, reply, error) => sendBadRequest(reply, viewOf(deps, req, reply), error));

  const invitationPage = async (token: string | undefined, reply: FastifyReply) => {
    if (!token) return notFound(reply);
    const found = await lookupLink(deps, token);
    if (found.state === "unknown" || found.link.kind !== "employee-invitation") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    const employee = await deps.store.getEmployee(String(found.link.target.employeeId));
    const organization = employee && (await deps.store.getOrganization(employee.organizationId));
    if (!employee || employee.quit || !organization) return notFound(reply);
    if (employee.verified) {
      return sendPage(reply, 200, "已加入企业", html`<h1>已完成实名并加入企业</h1><p>${organization.name}</p><p class="muted">You have verified and joined.</p>`, INVITATION_PAGE);
    }
    return sendPage(
      reply,
      200,
      "加入企业",
      html`<h1>加入「${organization.name}」</h1>
<p>${maskName(employee.displayName || "企业微信员工")}，您被邀请加入该企业的腾讯电子签。确认后即完成实名并加入。</p>
<p class="muted">You are invited to join this organization. Confirming verifies your identity in this sandbox.</p>
<form method="post" action="${pathWith(ACCEPT_INVITATION, { token })}"><button type="submit">确认实名并加入 / Verify and join</button></form>`,
      INVITATION_PAGE,
    );
  };

  registerLinkPages(app, deps, invitationPage);
  const guideQuery = pageQuery({ Code: optionalOne });
  app.get<{ Querystring: z.infer<typeof guideQuery> }>("/guide", reads({ query: guideQuery }), async (req, reply) => invitationPage(req.query.Code, reply));

  app.post<{ Params: { token: string } }>(ACCEPT_INVITATION, reads({ params: z.object({ token: one }), query: NO_QUERY }), async (req, reply) => {
    const found = await lookupLink(deps, req.params.token);
    if (found.state === "unknown" || found.link.kind !== "employee-invitation") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    if (!(await verifyEmployee(deps, String(found.link.target.employeeId)))) return notFound(reply);
    const jumpUrl = found.link.target.jumpUrl;
    if (typeof jumpUrl === "string" && /^https?:\/\//.test(jumpUrl)) return reply.redirect(jumpUrl, 303);
    return sendPage(reply, 200, "已加入企业", html`<h1>已完成实名并加入企业</h1><p class="muted">You have verified and joined.</p>`, INVITATION_PAGE);
  });
}
