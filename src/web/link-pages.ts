import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import QRCode from "qrcode";
import type { DomainDeps } from "../domain/deps.ts";
import { LEGAL_REP_LINK_KIND, legalRepUrl } from "../domain/admin-link.ts";
import { lookupAlias, lookupLink, type LinkLookup } from "../domain/links.ts";
import { organizationAuthUrl, type SingleEndpoint } from "../domain/registration/single-auth-url.ts";
import { BATCH_SUBMIT_TARGET, batchAuthorizationLongUrl, QR_IMAGE_PATH, registrationUrl, type RegistrationEndpoint } from "../domain/registration/urls.ts";
import { asciiUrl } from "../platform/url.ts";
import type { LinkRecord } from "../store/ports.ts";
import { invitationLongUrl } from "../domain/employee-invitations.ts";
import { registerAdminPages } from "./admin/routes.ts";
import { expired, notFound } from "./responses.ts";

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
    case LEGAL_REP_LINK_KIND:
      return legalRepUrl(publicUrl, link.code);
    default:
      return undefined;
  }
}

/**
 * The batch family's links: each form (long, short, QR, PC/H5 registration, CreateOrganizationAuthUrl) opens the
 * admin's pages of src/web/admin (identity, then the enterprises), whose own URLs live under /h5/auth/<token>.
 */
export function registerLinkPages(app: FastifyInstance, deps: DomainDeps, invitationPage: (token: string | undefined, reply: FastifyReply) => Promise<unknown>): void {
  const openAdminLink = registerAdminPages(app, deps);

  app.get<{ Params: { code: string } }>("/s/:code", async (req, reply) => {
    const found = await lookupAlias(deps, req.params.code, "short");
    if (found.state === "unknown") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    const target = longUrlOf(deps.publicUrl, found.link);
    // A Location header must be ASCII: the raw Chinese of orgName is percent-encoded there (and only there).
    return target ? reply.redirect(asciiUrl(target), 302) : notFound(reply);
  });

  app.get<{ Querystring: { to?: string; shortKey?: string; verifyToken?: string } }>("/jump-mp.html", async (req, reply) => {
    if (req.query.to === BATCH_SUBMIT_TARGET) return openAdminLink(await lookupAlias(deps, req.query.shortKey ?? "", "key", ["batch-authorization"]), req, reply);
    return invitationPage(req.query.verifyToken, reply);
  });

  const registrationPage = async (req: FastifyRequest<{ Querystring: { token?: string } }>, reply: FastifyReply, kind: "enterprise-registration" | "organization-auth") => {
    const token = req.query.token;
    const found = token ? await lookupLink(deps, token) : ({ state: "unknown" } as LinkLookup);
    return openAdminLink(found.state !== "unknown" && found.link.kind !== kind ? { state: "unknown" } : found, req, reply);
  };
  app.get<{ Querystring: { token?: string } }>("/console/batch-register", (req, reply) => registrationPage(req, reply, "enterprise-registration"));
  app.get<{ Querystring: { token?: string } }>("/h5/batch-register", (req, reply) => registrationPage(req, reply, "enterprise-registration"));
  app.get<{ Querystring: { token?: string } }>("/console/register-callback", (req, reply) => registrationPage(req, reply, "organization-auth"));
  app.get<{ Querystring: { token?: string } }>("/h5/register", (req, reply) => registrationPage(req, reply, "organization-auth"));

  // QR images are rendered once per link and kept: rendering costs milliseconds of event-loop time.
  const qrCache = new Map<string, Buffer>();
  app.get<{ Params: { file: string } }>(QR_IMAGE_PATH, async (req, reply) => {
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
}
