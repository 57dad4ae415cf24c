import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AUTH_FILE_PATH, openAuthFile } from "../domain/auth-file/auth-file.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { sendBadRequest, viewOf } from "./admin/layout.ts";
import { DOWNLOADED_FILE } from "./policies.ts";
import { NO_QUERY, one, reads, readsWithSchemas } from "./request-schema.ts";
import { expired, notFound } from "./responses.ts";

/** CreateOrganizationAuthFile's FileUrl: the power of attorney as a PDF while its link lives, then 410. */
export function registerAuthFileRoute(app: FastifyInstance, deps: DomainDeps): void {
  readsWithSchemas(app, (req, reply, error) => sendBadRequest(reply, viewOf(deps, req, reply), error));
  app.get<{ Params: { token: string } }>(AUTH_FILE_PATH, reads({ params: z.object({ token: one }), query: NO_QUERY }), async (req, reply) => {
    const found = await openAuthFile(deps, req.params.token);
    if (found.state === "unknown") return notFound(reply);
    if (found.state === "expired") return expired(reply);
    return reply
      .code(200)
      .headers(DOWNLOADED_FILE.headers)
      .header("content-type", "application/pdf")
      .header("content-disposition", `inline; filename="organization-auth-file.pdf"; filename*=UTF-8''${encodeURIComponent(found.fileName)}`)
      // The document carries ID numbers and mobiles: no cache keeps a copy.
      .header("cache-control", "private, no-store")
      .send(Buffer.from(found.pdf));
  });
}
