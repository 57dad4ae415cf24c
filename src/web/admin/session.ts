/**
 * The admin's session cookie, one per link: `essd_h5_<tag>=<expiresAt>.<MAC>` (src/domain/admin-verification.ts),
 * HttpOnly, SameSite=Lax, Path=/. Forms carry a CSRF token derived from the session; before the session exists the
 * code forms carry one derived from the link, so no other site can make essd text the admin blindly.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { issueAdminSession, readAdminSession } from "../../domain/admin-verification.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { sameSecret } from "../../domain/admin-token.ts";
import { appendCookie, readCookie } from "../cookies.ts";
import { Problem } from "./problems.ts";

/** Distinct per link, so an admin holding two links keeps both sessions; the tag reveals nothing of the token. */
export const sessionCookieName = (deps: DomainDeps, linkCode: string): string => `essd_h5_${deps.box.lookupHash(`cookie|${linkCode}`).slice(0, 16)}`;

export interface AdminSession {
  csrf: string;
  expiresAt: number;
}

export function sessionOf(deps: DomainDeps, req: FastifyRequest, linkCode: string): AdminSession | undefined {
  return readAdminSession(deps, linkCode, readCookie(req.headers.cookie, sessionCookieName(deps, linkCode)));
}

export function startSession(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply, link: { code: string; expiresAt: number }): void {
  const session = issueAdminSession(deps, link.code, link.expiresAt);
  appendCookie(req, reply, deps.publicUrl, `${sessionCookieName(deps, link.code)}=${session.value}; Path=/; Max-Age=${session.maxAgeSeconds}; HttpOnly; SameSite=Lax`);
}

export function endSession(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply, linkCode: string): void {
  appendCookie(req, reply, deps.publicUrl, `${sessionCookieName(deps, linkCode)}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
}

/** The token the code forms carry before there is a session. */
export const preSessionCsrf = (deps: DomainDeps, linkCode: string): string => deps.box.lookupHash(`pre-session-csrf|${linkCode}`);

/** Throws the "page expired" problem unless `submitted` is `expected`. */
export function requireCsrf(deps: DomainDeps, expected: string, submitted: string | undefined | null): void {
  if (!submitted || !sameSecret(deps, submitted, expected)) throw new Problem("csrf");
}
