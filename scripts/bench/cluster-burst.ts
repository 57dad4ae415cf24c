/**
 * How long a burst of 100 signed calls takes when spread over three essd nodes sharing PostgreSQL and Redis (the
 * figure test/cluster.test.ts once asserted as "under one second"; tests hold no timings). Every call passes the
 * Redis rate limiter (set out of the way, so all are answered) and reads the store. Prints one line per burst and
 * the median; a figure, not a pass/fail.
 *
 *   node --import tsx scripts/bench/cluster-burst.ts [--bursts 10] [--calls 100] [--database-url URL] [--redis-url URL]
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { scratchDatabase } from "./databases.ts";
import { startEssd, stopAll, type EssdServer } from "./processes.ts";
import { signRequest } from "./support.ts";

const { values: args } = parseArgs({
  options: {
    bursts: { type: "string", default: "10" },
    calls: { type: "string", default: "100" },
    "database-url": { type: "string", default: process.env.ESSD_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
    "redis-url": { type: "string", default: process.env.ESSD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379" },
  },
});
const bursts = Number(args.bursts);
const calls = Number(args.calls);
const NODES = 3;
const ACTION = "DescribeBatchOrganizationRegistrationTasks";

// The nodes share the master key (one store), the Redis budget and a prefix of this run's own.
const redisPrefix = `essd-bench-${process.pid}`;
Object.assign(process.env, { ESSD_MASTER_KEY: randomBytes(32).toString("hex"), REDIS_URL: args["redis-url"], ESSD_REDIS_PREFIX: redisPrefix });

const database = await scratchDatabase(args["database-url"]);
try {
  // The first node creates the demo tenant; the others are given its credentials file, as an operator would.
  const nodes: EssdServer[] = [await startEssd({ databaseUrl: database.url })];
  for (let i = 1; i < NODES; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), "essd-bench-"));
    copyFileSync(join(nodes[0]!.dataDir, "demo-tenant.json"), join(dataDir, "demo-tenant.json"));
    nodes.push(await startEssd({ databaseUrl: database.url, dataDir }));
  }
  const tenant = nodes[0]!.tenant;
  // Connections opened first, so a burst pays for requests, not for TCP handshakes.
  await Promise.all(Array.from({ length: calls + NODES }, (_, i) => fetch(`${nodes[i % NODES]!.url}/healthz`).then((r) => r.arrayBuffer())));

  const timings: number[] = [];
  for (let burst = 1; burst <= bursts; burst++) {
    const requests = Array.from({ length: calls }, (_, i) => {
      const url = nodes[i % NODES]!.url;
      return { url, init: signRequest(url, tenant, ACTION, { TaskIds: [] }) };
    });
    const startedAt = performance.now();
    const answers = await Promise.all(requests.map(async ({ url, init }) => ((await (await fetch(url, init)).json()) as { Response: { Error?: unknown } }).Response));
    const ms = performance.now() - startedAt;
    const failed = answers.filter((a) => a.Error);
    if (failed.length) throw new Error(`${failed.length} calls failed: ${JSON.stringify(failed[0])}`);
    timings.push(ms);
    process.stdout.write(`burst ${burst}: ${calls} calls over ${NODES} nodes in ${ms.toFixed(0)} ms\n`);
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  process.stdout.write(`median ${median.toFixed(0)} ms (${((calls / median) * 1000).toFixed(0)} calls/s), fastest ${sorted[0]!.toFixed(0)} ms, slowest ${sorted.at(-1)!.toFixed(0)} ms\n`);
} finally {
  await stopAll();
  await database.drop();
  const redis = new Redis(args["redis-url"]);
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
