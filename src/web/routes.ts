import type { FastifyInstance, FastifyReply } from "fastify";
import type { DomainDeps } from "../domain/deps.ts";
import { invitationLongUrl } from "../domain/employee-invitations.ts";
import { verifyEmployee } from "../domain/employees.ts";
import { lookupLink } from "../domain/links.ts";
import { maskName } from "../domain/masking.ts";
import { html, page } from "./html.ts";

const sendPage = (reply: FastifyReply, status: number, title: string, body: ReturnType<typeof html>) =>
  reply.code(status).type("text/html; charset=utf-8").header("cache-control", "no-store").send(page(title, body));

const notFound = (reply: FastifyReply) =>
  sendPage(reply, 404, "链接无效", html`<h1>链接无效</h1><p class="muted">该链接不存在或已被清除。<br>This link does not exist or has been cleared.</p>`);

const expired = (reply: FastifyReply) =>
  sendPage(reply, 410, "链接已过期", html`<h1>链接已过期</h1><p class="muted">请联系邀请方重新生成链接。<br>This link has expired; ask the sender for a new one.</p>`);

/** The pages behind the links essd hands out. */
export function registerWebRoutes(app: FastifyInstance, deps: DomainDeps): void {
  app.get<{ Params: { code: string } }>("/s/:code", async (req, reply) => {
    const found = await lookupLink(deps, req.params.code);
    if (found.state === "unknown" || found.link.kind !== "short") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    const token = String(found.link.target.token);
    return reply.redirect(invitationLongUrl(deps.publicUrl, token, found.link.expiresAt), 302);
  });

  const invitationPage = async (token: string | undefined, reply: FastifyReply) => {
    if (!token) return notFound(reply);
    const found = await lookupLink(deps, token);
    if (found.state === "unknown" || found.link.kind !== "employee-invitation") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    const employee = await deps.store.getEmployee(String(found.link.target.employeeId));
    const organization = employee && (await deps.store.getOrganization(employee.organizationId));
    if (!employee || !organization) return notFound(reply);
    if (employee.verified) {
      return sendPage(reply, 200, "已加入企业", html`<h1>已完成实名并加入企业</h1><p>${organization.name}</p><p class="muted">You have verified and joined.</p>`);
    }
    return sendPage(
      reply,
      200,
      "加入企业",
      html`<h1>加入「${organization.name}」</h1>
<p>${maskName(employee.displayName || "企业微信员工")}，您被邀请加入该企业的腾讯电子签。确认后即完成实名并加入。</p>
<p class="muted">You are invited to join this organization. Confirming verifies your identity in this sandbox.</p>
<form method="post" action="/invitations/${token}/accept"><button type="submit">确认实名并加入 / Verify and join</button></form>`,
    );
  };

  app.get<{ Querystring: { verifyToken?: string; to?: string } }>("/jump-mp.html", async (req, reply) => invitationPage(req.query.verifyToken, reply));
  app.get<{ Querystring: { Code?: string } }>("/guide", async (req, reply) => invitationPage(req.query.Code, reply));

  app.post<{ Params: { token: string } }>("/invitations/:token/accept", async (req, reply) => {
    const found = await lookupLink(deps, req.params.token);
    if (found.state === "unknown" || found.link.kind !== "employee-invitation") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    await verifyEmployee(deps, String(found.link.target.employeeId));
    const jumpUrl = found.link.target.jumpUrl;
    if (typeof jumpUrl === "string" && /^https?:\/\//.test(jumpUrl)) return reply.redirect(jumpUrl, 303);
    return sendPage(reply, 200, "已加入企业", html`<h1>已完成实名并加入企业</h1><p class="muted">You have verified and joined.</p>`);
  });
}
