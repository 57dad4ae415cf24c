import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { DomainDeps } from "../domain/deps.ts";
import { lookupAlias, lookupLink, type LinkLookup } from "../domain/links.ts";
import { BATCH_REGISTER_TARGET, BATCH_SUBMIT_TARGET, QR_IMAGE_PATH } from "../domain/registration/urls.ts";
import { asciiUrl } from "../platform/url.ts";
import { registerAdminPages } from "./admin/routes.ts";
import { GROUP_INVITATION_KIND } from "../domain/organization-groups.ts";
import { registerGroupJoinPages } from "./group/join-routes.ts";
import { registerConsolePages } from "./platform/console-routes.ts";
import { BATCH_INIT_KIND } from "../domain/batch-init.ts";
import { BATCH_INIT_TARGET, batchInitPageUrl } from "../domain/batch-init-links.ts";
import { registerBatchInitPages } from "./batch-init/routes.ts";
import { EMPLOYEE_CHANGE_KIND } from "../domain/employee-change.ts";
import { registerEmployeeChangePages } from "./employee-change/routes.ts";
import { registerOrganizationChangePages } from "./organization-change/routes.ts";
import { expired, notFound } from "./responses.ts";
import { z } from "zod";
import { NO_QUERY, one, optionalOne, pageQuery, reads } from "./request-schema.ts";
import { linkAnswers, longUrlOf, QR_IMAGE_HEADERS } from "./link-answers.ts";

/**
 * The registration links' query (`orgName` beside the token is for people; the token says it all). A link without
 * its token is an invalid link (404), like one with an unknown token.
 */
const TOKEN_QUERY = pageQuery({ token: optionalOne });

/** A batch link (`to=AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT&shortKey=…`) or an employee invitation (`verifyToken=…`). */
const UNKNOWN: LinkLookup = { state: "unknown" };

const JUMP_QUERY = pageQuery({ to: optionalOne, shortKey: optionalOne, verifyToken: optionalOne, urlAuthToken: optionalOne, orgName: optionalOne });

/**
 * The batch family's links: each form (long, short, QR, PC/H5 registration, CreateOrganizationAuthUrl) opens the
 * admin's pages of src/web/admin (identity, then the enterprises), whose own URLs live under /h5/auth/<token>.
 */
export function registerLinkPages(app: FastifyInstance, deps: DomainDeps, invitationPage: (token: string | undefined, reply: FastifyReply) => Promise<unknown>): void {
  const openAdminLink = registerAdminPages(app, deps);
  registerGroupJoinPages(app, deps);
  registerConsolePages(app, deps);
  registerBatchInitPages(app, deps);
  registerEmployeeChangePages(app, deps);
  registerOrganizationChangePages(app, deps);

  // A mini-program path (`/pages/guide/index?shortKey=…`) opened on essd leads to the page of its link.
  app.get<{ Querystring: z.infer<typeof JUMP_QUERY> }>("/pages/guide/index", reads({ query: JUMP_QUERY }), async (req, reply) => {
    const kinds = req.query.to === BATCH_INIT_TARGET ? [BATCH_INIT_KIND] : req.query.to ? [] : [GROUP_INVITATION_KIND, EMPLOYEE_CHANGE_KIND];
    const found = await lookupAlias(deps, req.query.shortKey ?? "", "key", kinds);
    if (found.state === "unknown") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    const target = longUrlOf(deps.publicUrl, found.link);
    return target ? reply.redirect(asciiUrl(target), 302) : notFound(reply);
  });

  // The common case of these two (a redirect, an image) is answered before fastify (link-fast-lane.ts); these
  // routes answer the rest (unknown, expired, a query to check, HEAD while stopping…) and inject()ed requests.
  const answers = linkAnswers(deps);
  app.get<{ Params: { code: string } }>("/s/:code", reads({ params: z.object({ code: one }), query: NO_QUERY }), async (req, reply) => {
    const answer = await answers.shortLink(req.params.code);
    if (answer.state === "unknown") return notFound(reply);
    if (answer.state === "expired") return expired(reply);
    return reply.redirect(answer.location, 302);
  });

  app.get<{ Querystring: z.infer<typeof JUMP_QUERY> }>("/jump-mp.html", reads({ query: JUMP_QUERY }), async (req, reply) => {
    if (req.query.to === BATCH_INIT_TARGET) {
      const found = await lookupAlias(deps, req.query.shortKey ?? "", "key", [BATCH_INIT_KIND]);
      if (found.state === "unknown") return notFound(reply);
      if (found.state === "expired") return expired(reply);
      return reply.redirect(batchInitPageUrl(deps.publicUrl, found.link.code), 302);
    }
    if (req.query.to === BATCH_SUBMIT_TARGET) return openAdminLink(await lookupAlias(deps, req.query.shortKey ?? "", "key", ["batch-authorization"]), req, reply);
    // essbasic's CHANNEL registration links open the same pages as the PC and H5 forms.
    if (req.query.to === BATCH_REGISTER_TARGET) return openByToken("enterprise-registration", req.query.urlAuthToken, req, reply);
    return invitationPage(req.query.verifyToken, reply);
  });

  type TokenQuery = { Querystring: z.infer<typeof TOKEN_QUERY> };
  const openByToken = async (kind: "enterprise-registration" | "organization-auth", token: string | undefined, req: FastifyRequest, reply: FastifyReply) => {
    const found = token ? await lookupLink(deps, token) : UNKNOWN;
    return openAdminLink(found.state !== "unknown" && found.link.kind !== kind ? { state: "unknown" } : found, req, reply);
  };
  const registrationPage = (kind: "enterprise-registration" | "organization-auth") => (req: FastifyRequest<TokenQuery>, reply: FastifyReply) =>
    openByToken(kind, req.query.token, req, reply);
  const byToken = reads({ query: TOKEN_QUERY });
  app.get<TokenQuery>("/console/batch-register", byToken, registrationPage("enterprise-registration"));
  app.get<TokenQuery>("/h5/batch-register", byToken, registrationPage("enterprise-registration"));
  app.get<TokenQuery>("/console/register-callback", byToken, registrationPage("organization-auth"));
  app.get<TokenQuery>("/h5/register", byToken, registrationPage("organization-auth"));

  app.get<{ Params: { file: string } }>(QR_IMAGE_PATH, reads({ params: z.object({ file: one }), query: NO_QUERY }), async (req, reply) => {
    const answer = await answers.qrImage(req.params.file.replace(/\.png$/, ""));
    if (answer.state === "unknown") return notFound(reply);
    if (answer.state === "expired") return expired(reply);
    return reply.type(QR_IMAGE_HEADERS["content-type"]).header("cache-control", QR_IMAGE_HEADERS["cache-control"]).send(answer.png);
  });
}
