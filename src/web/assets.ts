/**
 * Static files for the browser (styles, the explorer's scripts, its icon), served one way: @fastify/static over a
 * folder that holds nothing else, one route per file found at start-up (no wildcard, so nothing beside them is
 * reachable). Revalidated on every use (ETag), so a changed file is never served stale.
 */
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

export const ASSETS_PREFIX = "/assets/";

/** `dir` is a folder URL (ending in a slash), e.g. `new URL("./assets/", import.meta.url)`. */
export async function serveAssets(app: FastifyInstance, prefix: string, dir: URL): Promise<void> {
  await app.register(fastifyStatic, {
    root: fileURLToPath(dir),
    prefix,
    wildcard: false,
    index: false,
    decorateReply: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header("cache-control", "no-cache").header("x-content-type-options", "nosniff");
      // RFC 9239's name for JavaScript (the library says application/javascript).
      if (path.endsWith(".js")) reply.header("content-type", "text/javascript; charset=utf-8");
    },
  });
}

/** The shared page styles under ASSETS_PREFIX. */
export const PLAIN_CSS = `${ASSETS_PREFIX}plain.css`;
export const APP_CSS = `${ASSETS_PREFIX}app.css`;
export const COVERAGE_CSS = `${ASSETS_PREFIX}coverage.css`;
