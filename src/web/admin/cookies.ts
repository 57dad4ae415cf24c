/** Cookie reading and writing for the admin's pages (no plugin: two headers' worth of rules). */
import type { FastifyReply, FastifyRequest } from "fastify";

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Adds a Set-Cookie header beside any already set (the language cookie may go out with a session cookie). */
export function appendCookie(req: FastifyRequest, reply: FastifyReply, cookie: string): void {
  const secure = req.protocol === "https" ? "; Secure" : "";
  const existing = reply.getHeader("set-cookie");
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  reply.header("set-cookie", [...list, `${cookie}${secure}`]);
}
