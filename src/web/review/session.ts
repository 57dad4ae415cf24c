/**
 * Who may use the review console: a browser holding a session cookie issued for the admin token, or a client
 * sending `Authorization: Bearer <admin token>`. The cookie is `<expiry>.<MAC>`, the MAC keyed by the master key
 * (SecretBox.lookupHash) over the expiry and the token, so nothing is stored and every node accepts it. Forms
 * carry a CSRF token derived from the cookie; Bearer clients need none (nothing is sent ambiently).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { readAdminToken, sameSecret } from "../../domain/admin-token.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { signatureSeconds } from "../../platform/clock.ts";
import { appendCookie, readCookie } from "../cookies.ts";
import { bearerToken } from "../request-parts.ts";

export const SESSION_COOKIE = "essd_review";
export const SESSION_SECONDS = 12 * 3600;
const COOKIE_PATH = "/review";

export type ReviewAuth = { via: "session"; csrf: string } | { via: "bearer" };

/** Sessions run on real time: advancing the sandbox clock (to expire links) must not sign the reviewer out. */
const nowSeconds = (deps: DomainDeps) => signatureSeconds(deps.clock);

const mac = (deps: DomainDeps, expires: number, token: string) => deps.box.lookupHash(`review-session|${expires}|${token}`);
const csrfOf = (deps: DomainDeps, cookie: string) => deps.box.lookupHash(`review-csrf|${cookie}`);

export async function reviewAuth(deps: DomainDeps, req: FastifyRequest): Promise<ReviewAuth | undefined> {
  const token = await readAdminToken(deps);
  if (!token) return undefined;
  const bearer = bearerToken(req.headers.authorization);
  if (bearer) return sameSecret(deps, bearer, token) ? { via: "bearer" } : undefined;
  const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
  const match = cookie && /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
  if (!cookie || !match) return undefined;
  const expires = Number(match[1]);
  if (expires <= nowSeconds(deps) || !sameSecret(deps, match[2]!, mac(deps, expires, token))) return undefined;
  return { via: "session", csrf: csrfOf(deps, cookie) };
}

/** Whether a form's `csrf` field belongs to the session (Bearer requests pass). */
export function csrfValid(deps: DomainDeps, auth: ReviewAuth, submitted: string | null): boolean {
  return auth.via === "bearer" || (submitted !== null && sameSecret(deps, submitted, auth.csrf));
}

export function startSession(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply, token: string): void {
  const expires = nowSeconds(deps) + SESSION_SECONDS;
  setCookie(deps, req, reply, `${expires}.${mac(deps, expires, token)}`, SESSION_SECONDS);
}

export function endSession(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply): void {
  setCookie(deps, req, reply, "", 0);
}

function setCookie(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply, value: string, maxAge: number): void {
  appendCookie(req, reply, deps.publicUrl, `${SESSION_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict`);
}

