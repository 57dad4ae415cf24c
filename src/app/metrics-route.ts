import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Metrics } from "./metrics.ts";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * `GET /metrics` in Prometheus' text format. With a token, only `Authorization: Bearer <token>` is answered
 * (compared in constant time); anything else is 401 with nothing about the metrics.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  app.get("/metrics", async (req, reply) => {
    if (expected && !timingSafeEqual(digest(req.headers.authorization ?? ""), expected)) {
      return reply.code(401).header("www-authenticate", 'Bearer realm="essd metrics"').type("text/plain; charset=utf-8").send("metrics need Authorization: Bearer <--metrics-token>\n");
    }
    return reply.header("content-type", metrics.contentType).header("cache-control", "no-store").send(await metrics.render());
  });
}
