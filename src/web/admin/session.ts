/**
 * The admin's session cookie, one per link: `essd_h5_<tag>=<expiresAt>.<MAC>` (src/domain/admin-verification.ts),
 * HttpOnly, SameSite=Lax, Path=/. Forms carry a token derived from the session; before the session exists the
 * code forms carry one derived from the link, so no other site can make essd text the admin blindly.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { perOwner } from "../../platform/per-owner.ts";
import { issueAdminSession, readAdminSession } from "../../domain/admin-verification.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { formToken, formTokenMatches } from "../../domain/signed-session.ts";
import { clearCookie, readCookie, setCookie, type CookieSpec } from "../cookies.ts";
import { Problem } from "./problems.ts";

/** Distinct per link, so an admin holding two links keeps both sessions; the tag reveals nothing of the token. */
const sessionCookie = (deps: DomainDeps, linkCode: string): CookieSpec => ({
  name: cookieNameOf(deps, linkCode),
  path: "/",
  sameSite: "lax",
  httpOnly: true,
});

/**
 * A link's cookie name never changes (a keyed hash of its code under the lookup key, which rotations keep), so
 * each page view need not hash it again. Per SecretBox, as one process (a test) may hold several; bounded.
 */
const cookieNames = perOwner<object, string, string>(10_000);
function cookieNameOf(deps: DomainDeps, linkCode: string): string {
  return cookieNames(deps.box, linkCode, () => `essd_h5_${deps.box.lookupHash(`cookie|${linkCode}`).slice(0, 16)}`);
}

export interface AdminSession {
  csrf: string;
  expiresAt: number;
}

export function sessionOf(deps: DomainDeps, req: FastifyRequest, linkCode: string): AdminSession | undefined {
  return readAdminSession(deps, linkCode, readCookie(req, sessionCookie(deps, linkCode).name));
}

export function startSession(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply, link: { code: string; expiresAt: number }): void {
  const session = issueAdminSession(deps, link.code, link.expiresAt);
  setCookie(req, reply, deps.publicUrl, sessionCookie(deps, link.code), session.value, session.maxAgeSeconds);
}

export function endSession(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply, linkCode: string): void {
  clearCookie(req, reply, deps.publicUrl, sessionCookie(deps, linkCode));
}

/** The token the code forms carry before there is a session. */
export const preSessionCsrf = (deps: DomainDeps, linkCode: string): string => formToken(deps, "pre-session-csrf", linkCode);

/** Throws the "page expired" problem unless `submitted` is `expected`. */
export function requireCsrf(deps: DomainDeps, expected: string, submitted: string | undefined | null): void {
  if (!formTokenMatches(deps, expected, submitted)) throw new Problem("csrf");
}
