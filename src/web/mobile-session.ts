/**
 * A session for a person who proved a mobile by SMS on a link that anyone may hold (a group's invitation QR, an
 * initialisation link): unlike the admin links' sessions it must say *which* mobile was proved. The cookie is
 * `<sealed mobile>~<expires>.<MAC>`, the MAC (signed-session.ts) bound to the purpose, the link and the mobile's
 * keyed hash, so a cookie cannot be moved to another link or given another mobile; the mobile is sealed, never in
 * clear. The SMS code's checks (resend interval, lock after three wrong codes) are admin-verification.ts's, kept
 * per link and mobile so one person's wrong codes never lock the link for others.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { SESSION_TTL_MS } from "../domain/admin-verification.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { formToken, issueSignedSession, readSignedSession } from "../domain/signed-session.ts";
import { clearCookie, readCookie, setCookie, type CookieSpec } from "./cookies.ts";

export interface MobileSession {
  /** The proved mobile, in clear (never shown unmasked, never logged). */
  mobile: string;
  csrf: string;
}

const cookieOf = (deps: DomainDeps, purpose: string, linkCode: string): CookieSpec => ({
  name: `essd_${purpose.replace(/[^a-z]/g, "")}_${deps.box.lookupHash(`cookie|${purpose}|${linkCode}`).slice(0, 16)}`,
  path: "/",
  sameSite: "lax",
  httpOnly: true,
});

const subjectOf = (deps: DomainDeps, linkCode: string, mobile: string) => `${linkCode}|${deps.box.lookupHash(mobile)}`;

/** Where the SMS code for `mobile` on this link is kept (the link_verifications key). */
export const mobileCodeKey = (deps: DomainDeps, purpose: string, linkCode: string, mobile: string): string => `${purpose}|${subjectOf(deps, linkCode, mobile)}`;

/** The token the code forms carry before there is a session (bound to the link alone). */
export const preSessionToken = (deps: DomainDeps, purpose: string, linkCode: string): string => formToken(deps, `${purpose}-pre-session`, linkCode);

export function startMobileSession(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply, input: { purpose: string; link: { code: string; expiresAt: number }; mobile: string }): void {
  const now = deps.clock.now();
  const expires = Math.min(now + SESSION_TTL_MS, input.link.expiresAt);
  const value = `${deps.box.seal(input.mobile)}~${issueSignedSession(deps, input.purpose, subjectOf(deps, input.link.code, input.mobile), expires)}`;
  setCookie(req, reply, deps.publicUrl, cookieOf(deps, input.purpose, input.link.code), value, Math.max(1, Math.floor((expires - now) / 1000)));
}

export function mobileSessionOf(deps: DomainDeps, req: FastifyRequest, purpose: string, linkCode: string): MobileSession | undefined {
  const value = readCookie(req, cookieOf(deps, purpose, linkCode).name);
  const at = value?.indexOf("~") ?? -1;
  if (!value || at < 0) return undefined;
  let mobile: string;
  try {
    mobile = deps.box.open(value.slice(0, at));
  } catch {
    return undefined;
  }
  const session = readSignedSession(deps, purpose, subjectOf(deps, linkCode, mobile), value.slice(at + 1), deps.clock.now());
  return session && { mobile, csrf: session.csrf };
}

export function endMobileSession(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply, purpose: string, linkCode: string): void {
  clearCookie(req, reply, deps.publicUrl, cookieOf(deps, purpose, linkCode));
}
