/** Cookie reading and writing for essd's pages (no plugin: two headers' worth of rules). */
import type { FastifyReply, FastifyRequest } from "fastify";

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * Secure when browsers reach essd over https: its public URL says so, or a trusted proxy (--trust-proxy) reports
 * it. An https public URL alone suffices, so a proxy that forgets X-Forwarded-Proto still gets Secure cookies.
 */
export function secureAttribute(req: FastifyRequest, publicUrl: string): string {
  return publicUrl.startsWith("https:") || req.protocol === "https" ? "; Secure" : "";
}

/** Adds a Set-Cookie header beside any already set (the language cookie may go out with a session cookie). */
export function appendCookie(req: FastifyRequest, reply: FastifyReply, publicUrl: string, cookie: string): void {
  const existing = reply.getHeader("set-cookie");
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  reply.header("set-cookie", [...list, `${cookie}${secureAttribute(req, publicUrl)}`]);
}
