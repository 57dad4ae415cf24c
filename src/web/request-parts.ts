/** What essd's pages and control calls read from a request besides the API's own wire format. */
import type { FastifyRequest } from "fastify";

/** An urlencoded form body (kept raw by the app's content-type parsers). */
export function formOf(req: FastifyRequest): URLSearchParams {
  return new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "");
}

/** The token of an `Authorization: Bearer <token>` header, if that is what the header holds. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
}
