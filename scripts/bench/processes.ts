/**
 * The processes a benchmark measures: essd (`bin/essd.js serve`, exactly what users start) on a fresh store with
 * the rate limit out of the way, and a bare node:http baseline. Each is watched through /proc: CPU seconds
 * (utime + stime) and resident memory, sampled while a load runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Tenant {
  OrganizationId: string;
  OperatorUserId: string;
  SecretId: string;
  SecretKey: string;
}

export interface Served {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the listening banner. */
  startMs: number;
}

export interface EssdServer extends Served {
  dataDir: string;
  tenant: Tenant;
  databaseUrl?: string;
  stop(): Promise<void>;
}

const ESSD = join(import.meta.dirname, "..", "..", "bin", "essd.js");
const live = new Set<ChildProcess>();
const dirs = new Set<string>();

function start(args: string[], ready: RegExp, extraArgs: string[] = [], env = process.env): Promise<{ match: RegExpExecArray; child: ChildProcess; startMs: number }> {
  const began = performance.now();
  const child = spawn(process.execPath, [...extraArgs, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
  live.add(child);
  child.on("exit", () => live.delete(child));
  // BENCH_CHILD_LOG=<file>: everything the servers print (e.g. V8's --trace-deopt through probe.ts --node-flags).
  if (process.env.BENCH_CHILD_LOG) {
    // Two sources into one file: neither may end it (the second would then write after its end and throw).
    const log = createWriteStream(process.env.BENCH_CHILD_LOG, { flags: "a" });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    child.once("close", () => log.end());
  }
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (output.length < 100_000) output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ match, child, startMs: performance.now() - began });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`not ready after 120 s: ${output}`)), 120_000).unref();
  });
}

export interface EssdOptions {
  /** Reuse this data directory (a seeded store) instead of a fresh one. */
  dataDir?: string;
  databaseUrl?: string;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** Another checkout's `bin/essd.js` (`compare.ts` measures a base tree against this one). */
  bin?: string;
  /** More `essd serve` options, e.g. `--metrics off` (compare.ts `--head-args`). */
  serveArgs?: string[];
}

/** `essd serve` on 127.0.0.1, port 0, the rate and daily registration limits out of the way, warnings only in its log. */
export async function startEssd(options: EssdOptions = {}): Promise<EssdServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "essd-bench-"));
  dirs.add(dataDir);
  const args = [options.bin ?? ESSD, "serve", "--port", "0", "--data-dir", dataDir, "--rate-limit", "1000000", "--daily-limit", "100000000", "--log-level", "warn"];
  if (options.databaseUrl) args.push("--database-url", options.databaseUrl);
  if (options.serveArgs) args.push(...options.serveArgs);
  const { match, child, startMs } = await start(args, /essd listening on (http:\/\/[\d.:]+)/, options.nodeFlags);
  const tenant = JSON.parse(readFileSync(join(dataDir, "demo-tenant.json"), "utf8")) as Tenant;
  return {
    url: match[1]!,
    pid: child.pid!,
    child,
    startMs,
    dataDir,
    tenant,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    stop: () => stopChild(child),
  };
}

const BARE = `
const http = require("node:http");
const body = JSON.stringify({ Response: { AuthUrl: "http://127.0.0.1/jump-mp.html?to=AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT&shortKey=yD000000000000000000", ErrorMessages: [], ExpireTime: 0, RequestId: "00000000-0000-4000-8000-000000000000" } });
http.createServer((req, res) => { req.resume(); req.on("end", () => { res.writeHead(200, { "content-type": "application/json" }); res.end(body); }); })
  .listen(0, "127.0.0.1", function () { console.log("bare on http://127.0.0.1:" + this.address().port); });`;

/** A bare node:http server answering a fixed JSON to anything: the baseline every ratio is taken against. */
export async function startBare(): Promise<Served> {
  const { match, child, startMs } = await start(["-e", BARE], /bare on (http:\/\/[\d.:]+)/);
  return { url: match[1]!, pid: child.pid!, child, startMs };
}

export type FloorMode = "sqlite-insert" | "sqlite-select" | "pg-insert" | "tc3" | "page";

/**
 * The stack's floor (`floor.mjs`): fastify + a TC3 check + one statement, verifying with `tenant`'s key so the
 * very requests signed for essd's scenarios are accepted once re-signed for its address.
 */
export async function startFloor(mode: FloorMode, tenant: Tenant, databaseUrl?: string, pageBytes?: number, nodeFlags: string[] = []): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), "essd-floor-"));
  dirs.add(dataDir);
  const env = { ...process.env, FLOOR_DATA_DIR: dataDir, FLOOR_SECRET_ID: tenant.SecretId, FLOOR_SECRET_KEY: tenant.SecretKey, ...(databaseUrl ? { FLOOR_DATABASE_URL: databaseUrl } : {}), ...(pageBytes ? { FLOOR_PAGE_BYTES: String(pageBytes) } : {}) };
  const { match, child, startMs } = await start([join(import.meta.dirname, "floor.mjs"), mode], /floor \S+ on (http:\/\/[\d.:]+)/, nodeFlags, env);
  return { url: match[1]!, pid: child.pid!, child, startMs };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map(stopChild));
  for (const dir of dirs) if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Runs `work` while sampling the process: its CPU seconds and its highest resident memory meanwhile. */
export async function watched<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; cpuSeconds: number; peakRssMb: number }> {
  const cpuBefore = cpuSeconds(pid);
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // the process ended; the caller's work reports why
    }
  }, 50);
  try {
    const result = await work();
    peak = Math.max(peak, rssMb(pid));
    return { result, cpuSeconds: cpuSeconds(pid) - cpuBefore, peakRssMb: peak };
  } finally {
    clearInterval(timer);
  }
}
