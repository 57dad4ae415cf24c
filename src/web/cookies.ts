/**
 * essd's cookies, read and written through @fastify/cookie (registered for the pages only, src/web/pages.ts).
 * Every cookie essd sets is declared once as a CookieSpec; sessions and form tokens are src/domain/signed-session.ts.
 */
import type { FastifyReply, FastifyRequest } from "fastify";

export interface CookieSpec {
  name: string;
  path: string;
  sameSite: "lax" | "strict";
  /** Sessions are HttpOnly; the language choice need not be. */
  httpOnly: boolean;
}

/**
 * Secure when browsers reach essd over https: its public URL says so, or a trusted proxy (--trust-proxy) reports
 * it. An https public URL alone suffices, so a proxy that forgets X-Forwarded-Proto still gets Secure cookies.
 */
export const secureCookies = (req: FastifyRequest, publicUrl: string): boolean => publicUrl.startsWith("https:") || req.protocol === "https";

export const readCookie = (req: FastifyRequest, name: string): string | undefined => req.cookies[name];

/** Set beside any cookie already set in this answer (the language cookie may go out with a session cookie). */
export function setCookie(req: FastifyRequest, reply: FastifyReply, publicUrl: string, spec: CookieSpec, value: string, maxAgeSeconds: number): void {
  reply.setCookie(spec.name, value, { path: spec.path, maxAge: maxAgeSeconds, httpOnly: spec.httpOnly, sameSite: spec.sameSite, secure: secureCookies(req, publicUrl) });
}

export const clearCookie = (req: FastifyRequest, reply: FastifyReply, publicUrl: string, spec: CookieSpec): void => setCookie(req, reply, publicUrl, spec, "", 0);
