import type { FastifyInstance, FastifyReply } from "fastify";
import QRCode from "qrcode";
import type { DomainDeps } from "../domain/deps.ts";
import { lookupAlias, lookupLink, type LinkLookup } from "../domain/links.ts";
import { maskName } from "../domain/masking.ts";
import { organizationAuthUrl, type SingleEndpoint } from "../domain/registration/single-auth-url.ts";
import { BATCH_SUBMIT_TARGET, batchAuthorizationLongUrl, registrationUrl, type RegistrationEndpoint } from "../domain/registration/urls.ts";
import type { AuthFlowRecord, LinkRecord } from "../store/ports.ts";
import { invitationLongUrl } from "../domain/employee-invitations.ts";
import { html } from "./html.ts";
import { expired, notFound, sendPage } from "./responses.ts";

const STATUS_TEXT: Record<string, string> = {
  Processing: "处理中 / Processing",
  Create: "待认证 / Ready",
  Submit: "已提交企业信息 / Submitted",
  Authorization: "授权中 / Authorizing",
  Failed: "失败 / Failed",
};

/** Where a short code leads: the long form of whatever link it stands for. */
export function longUrlOf(publicUrl: string, link: LinkRecord): string | undefined {
  const t = link.target;
  switch (link.kind) {
    case "employee-invitation":
      return invitationLongUrl(publicUrl, link.code, link.expiresAt);
    case "batch-authorization":
      return batchAuthorizationLongUrl(publicUrl, String(t.shortKey));
    case "enterprise-registration": {
      const endpoint: RegistrationEndpoint = t.endpoint === "SHORT_H5" || t.endpoint === "H5" ? "H5" : "PC";
      return registrationUrl(publicUrl, endpoint, { token: link.code, shortCode: String(t.shortCode) }, String(t.orgName ?? ""));
    }
    case "organization-auth": {
      const endpoint: SingleEndpoint = t.endpoint === "SHORT_H5" || t.endpoint === "H5" ? "H5" : "PC";
      return organizationAuthUrl(publicUrl, endpoint, { token: link.code, shortCode: String(t.shortCode) });
    }
    default:
      return undefined;
  }
}

/** The pages behind the batch family's links: they name the flow and its enterprises (the admin's steps come later). */
export function registerLinkPages(app: FastifyInstance, deps: DomainDeps, invitationPage: (token: string | undefined, reply: FastifyReply) => Promise<unknown>): void {
  app.get<{ Params: { code: string } }>("/s/:code", async (req, reply) => {
    const found = await lookupAlias(deps, req.params.code, "short");
    if (found.state === "unknown") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    const target = longUrlOf(deps.publicUrl, found.link);
    // A Location header must be ASCII: the raw Chinese of orgName is percent-encoded there (and only there).
    return target ? reply.redirect(target.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c)), 302) : notFound(reply);
  });

  app.get<{ Querystring: { to?: string; shortKey?: string; verifyToken?: string } }>("/jump-mp.html", async (req, reply) => {
    if (req.query.to === BATCH_SUBMIT_TARGET) return batchPage(await lookupAlias(deps, req.query.shortKey ?? "", "key", ["batch-authorization"]), reply);
    return invitationPage(req.query.verifyToken, reply);
  });

  const registrationPage = async (token: string | undefined, reply: FastifyReply, kind: "enterprise-registration" | "organization-auth") => {
    const found = token ? await lookupLink(deps, token) : ({ state: "unknown" } as LinkLookup);
    if (found.state === "unknown" || found.link.kind !== kind) return notFound(reply);
    if (found.state === "expired") return expired(reply);
    const flows = await deps.store.findAuthFlows(found.link.organizationId, { ids: [String(found.link.target.flowId)] });
    if (!flows.length) return notFound(reply);
    return flowsPage(reply, kind === "organization-auth" ? "企业认证" : "企业认证（批量）", flows);
  };
  app.get<{ Querystring: { token?: string } }>("/console/batch-register", (req, reply) => registrationPage(req.query.token, reply, "enterprise-registration"));
  app.get<{ Querystring: { token?: string } }>("/h5/batch-register", (req, reply) => registrationPage(req.query.token, reply, "enterprise-registration"));
  app.get<{ Querystring: { token?: string } }>("/console/register-callback", (req, reply) => registrationPage(req.query.token, reply, "organization-auth"));
  app.get<{ Querystring: { token?: string } }>("/h5/register", (req, reply) => registrationPage(req.query.token, reply, "organization-auth"));

  // QR images are rendered once per link and kept: rendering costs milliseconds of event-loop time.
  const qrCache = new Map<string, Buffer>();
  app.get<{ Params: { file: string } }>(`/imgs/qrcode_urls/${BATCH_SUBMIT_TARGET.toLowerCase()}/:file`, async (req, reply) => {
    const token = req.params.file.replace(/\.png$/, "");
    const found = await lookupLink(deps, token);
    if (found.state === "unknown" || found.link.kind !== "batch-authorization") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    let png = qrCache.get(token);
    if (!png) {
      png = await QRCode.toBuffer(batchAuthorizationLongUrl(deps.publicUrl, String(found.link.target.shortKey)), { type: "png", margin: 2, scale: 6 });
      if (qrCache.size > 1000) qrCache.clear();
      qrCache.set(token, png);
    }
    return reply.type("image/png").header("cache-control", "private, max-age=300").send(png);
  });

  async function batchPage(found: LinkLookup, reply: FastifyReply) {
    if (found.state === "unknown") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    const flows = await deps.store.findAuthFlows(found.link.organizationId, { ids: (found.link.target.flowIds as string[]) ?? [] });
    return flowsPage(reply, `${maskName(String(found.link.target.adminName ?? ""))} 的企业批量认证`, flows);
  }
}

function flowsPage(reply: FastifyReply, title: string, flows: AuthFlowRecord[]) {
  return sendPage(
    reply,
    200,
    title,
    html`<h1>${title}</h1>
<p class="muted">请使用腾讯电子签完成以下企业的认证。 / Authenticate the enterprises below.</p>
<ul class="flows" style="padding-left:1.2rem">${flows.map(
      (f) => html`<li><strong>${f.organizationName || "（待填写的企业）"}</strong><br><span class="muted">${f.creditCode} · ${
        f.state === "cleared" ? "已清除 / Cleared" : f.state === "verified" ? "已认证 / Verified" : (STATUS_TEXT[f.status] ?? f.status)
      }</span></li>`,
    )}</ul>`,
  );
}
