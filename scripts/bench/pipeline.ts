/**
 * What one call costs essd without HTTP: the scenario's signed request handed straight to `runApiRequest`, one
 * call at a time, in this process. No socket, no load generator and no second process, so the figure moves far
 * less with the host's load than the HTTP benchmarks do; it is the part of a call's CPU that is essd's own
 * (signature, validation, the action, the store), which is what separates essd from the floors. One call at a
 * time, so scenario 1's links are written by an INSERT of their own (under load, calls that arrive together share one).
 *
 *   node --import tsx scripts/bench/pipeline.ts [--only 1,2,3] [--calls 3000] [--rounds 5] [--concurrency 1] [--sql] [--alloc [--promoted]] [--database-url postgres://…/test]   (node --cpu-prof … for a profile)
 *
 * Prints µs per call (CPU and wall) per scenario, the median of the rounds (and the least, the figure the host's
 * other load inflates least) and the statements a call runs; `--alloc` prints instead what one call allocates, by
 * the function that allocated it (V8's sampling heap profiler, objects collected since included); `--alloc
 * --promoted` only what outlived the young generation (promoted, or collected by a full GC alone): what makes the
 * old generation grow and full GCs come.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Session } from "node:inspector/promises";
import { createRuntime } from "../../src/app/runtime.ts";
import { services } from "../../src/actions/services.ts";
import { loadConfig } from "../../src/config/config.ts";
import { takeNextCallFault } from "../../src/domain/faults.ts";
import { createTenant } from "../../src/domain/tenants.ts";
import { runApiRequest, type PipelineDeps } from "../../src/protocol/pipeline.ts";
import { memoryRateLimiter } from "../../src/protocol/rate-limit.ts";
import { registerServices } from "../../src/protocol/services.ts";
import type { WireRequest } from "../../src/protocol/wire-request.ts";
import { median } from "./measure.ts";
import type { EssdServer } from "./processes.ts";
import { apiRequests, createFixtures } from "./scenarios.ts";
import { scratchDatabase } from "./databases.ts";

const { values } = parseArgs({
  options: { alloc: { type: "boolean", default: false }, promoted: { type: "boolean", default: false }, only: { type: "string", default: "1,2,3" }, calls: { type: "string", default: "3000" }, rounds: { type: "string", default: "5" }, concurrency: { type: "string", default: "1" }, sql: { type: "boolean", default: false }, "database-url": { type: "string" } },
});
const wanted = new Set(values.only!.split(","));
const calls = Number(values.calls);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);

const dataDir = mkdtempSync(join(tmpdir(), "essd-pipeline-"));
// On PostgreSQL (`--database-url postgres://…/test`), in a scratch database of that server, dropped at the end.
const database = values["database-url"] ? await scratchDatabase(values["database-url"]) : undefined;
const config = loadConfig({ port: 0, host: "127.0.0.1", dataDir, rateLimit: 1_000_000, dailyLimit: 100_000_000, logLevel: "warn", ...(database ? { databaseUrl: database.url } : {}) });
const runtime = await createRuntime(config);
try {
  const tenant = await createTenant(runtime.domain, { name: "essd 基准企业" });
  const url = await runtime.start();
  const essd = { url, tenant } as unknown as EssdServer;
  const fixtures = await createFixtures(essd);
  const deps: PipelineDeps = {
    domain: runtime.domain,
    services: registerServices(services),
    rateLimiter: memoryRateLimiter(config.rateLimit),
    explainSignatureFailures: true,
    takeInjectedFault: (organizationId, action) => takeNextCallFault(runtime.domain, organizationId, action),
    logError: (fields, message) => console.error(message, fields),
  };
  const host = new URL(url).host;
  for (const { scenario, label, request } of apiRequests(essd, fixtures)) {
    if (!wanted.has(scenario)) continue;
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const wire: WireRequest = { method: "POST", rawUrl: "/", headers: { ...headers, host }, body: Buffer.from(request.body ?? "") };
    const once = async () => {
      const outcome = await runApiRequest(wire, deps);
      if (outcome.code) throw new Error(`${label}: ${JSON.stringify(outcome.body)}`);
      return JSON.stringify(outcome.body);
    };
    for (let i = 0; i < 1500; i++) await once();
    const statements = await statementsOf(once);
    if (values.alloc) {
      await allocationsOf(label, once);
      continue;
    }
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const startCpu = process.cpuUsage();
      const startWall = performance.now();
      for (let i = 0; i < calls; i += concurrency) await Promise.all(Array.from({ length: concurrency }, once));
      const used = process.cpuUsage(startCpu);
      cpu.push((used.user + used.system) / calls);
      wall.push(((performance.now() - startWall) * 1000) / calls);
    }
    console.log(
      `${scenario} ${label}: CPU ${median(cpu).toFixed(1)} µs/call (least ${Math.min(...cpu).toFixed(1)}), wall ${median(wall).toFixed(1)} µs/call, ${statements} statements/call (rounds ${cpu.map((c) => c.toFixed(0)).join(" ")})`,
    );
  }
} finally {
  await runtime.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** How many statements one call runs (the SQL the store executes, cached reads aside). */
async function statementsOf(once: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const bySql = new Map<string, number>();
  runtime.domain.store.observeQueries((ms, query) => {
    count++;
    bySql.set(query.sql, (bySql.get(query.sql) ?? 0) + ms);
  });
  for (let i = 0; i < 100; i++) await once();
  runtime.domain.store.observeQueries(() => {});
  // `--sql`: each statement a call runs, with its wall µs per call (as the query layer times it).
  if (values.sql) for (const [text, ms] of bySql) console.log(`  ${((ms * 1000) / 100).toFixed(1).padStart(6)} µs  ${text}`);
  return count / 100;
}

/** The bytes one call allocates (collected or not), by the function that allocated them: V8's sampling heap profiler. */
async function allocationsOf(label: string, once: () => Promise<unknown>): Promise<void> {
  const session = new Session();
  session.connect();
  const interval = 256;
  await session.post("HeapProfiler.startSampling", { samplingInterval: interval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !values.promoted });
  const n = values.promoted ? 20000 : 2000;
  for (let i = 0; i < n; i++) await once();
  const { profile } = await session.post("HeapProfiler.stopSampling");
  session.disconnect();
  type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] };
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (node: Node, parent: string) => {
    const name = `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/^.*\/(src|node_modules)\//, "$1/")}:${node.callFrame.lineNumber + 1} < ${parent}`;
    if (node.selfSize) bySite.set(name, (bySite.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) walk(child, node.callFrame.functionName || "(anonymous)");
  };
  walk(profile.head as unknown as Node, "");
  console.log(`${label}: about ${(total / n / 1024).toFixed(1)} KB allocated per call`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${(bytes / n).toFixed(0).padStart(6)} B  ${site}`);
}
