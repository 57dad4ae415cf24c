/**
 * Who may use the review console: a browser holding a session cookie issued for the admin token, or a client
 * sending `Authorization: Bearer <admin token>`. The cookie is a signed session (src/domain/signed-session.ts)
 * bound to the admin token, so nothing is stored, every node accepts it, and a new token ends it. Forms carry the
 * session's form token; Bearer clients need none (nothing is sent ambiently).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { readAdminToken, sameSecret } from "../../domain/admin-token.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { formTokenMatches, issueSignedSession, readSignedSession } from "../../domain/signed-session.ts";
import { signatureSeconds } from "../../platform/clock.ts";
import { clearCookie, readCookie, setCookie, type CookieSpec } from "../cookies.ts";
import { bearerToken } from "../request-parts.ts";

export const SESSION_SECONDS = 12 * 3600;
const SESSION_COOKIE: CookieSpec = { name: "essd_review", path: "/review", sameSite: "strict", httpOnly: true };
const PURPOSE = "review-session";

export type ReviewAuth = { via: "session"; csrf: string } | { via: "bearer" };

/** Sessions run on real time: advancing the sandbox clock (to expire links) must not sign the reviewer out. */
const nowSeconds = (deps: DomainDeps) => signatureSeconds(deps.clock);

export async function reviewAuth(deps: DomainDeps, req: FastifyRequest): Promise<ReviewAuth | undefined> {
  const token = await readAdminToken(deps);
  if (!token) return undefined;
  const bearer = bearerToken(req.headers.authorization);
  if (bearer) return sameSecret(deps, bearer, token) ? { via: "bearer" } : undefined;
  const session = readSignedSession(deps, PURPOSE, token, readCookie(req, SESSION_COOKIE.name), nowSeconds(deps));
  return session && { via: "session", csrf: session.csrf };
}

/** Whether a form's `csrf` field belongs to the session (Bearer requests pass). */
export function csrfValid(deps: DomainDeps, auth: ReviewAuth, submitted: string | null): boolean {
  return auth.via === "bearer" || formTokenMatches(deps, auth.csrf, submitted);
}

export function startSession(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply, token: string): void {
  const value = issueSignedSession(deps, PURPOSE, token, nowSeconds(deps) + SESSION_SECONDS);
  setCookie(req, reply, deps.publicUrl, SESSION_COOKIE, value, SESSION_SECONDS);
}

export function endSession(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply): void {
  clearCookie(req, reply, deps.publicUrl, SESSION_COOKIE);
}
