/** Shared pieces of the benchmark scripts: essd and a bare baseline in their own processes, signing, load. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { signTc3 } from "../../src/protocol/signature-v3.ts";

export interface Tenant {
  OrganizationId: string;
  OperatorUserId: string;
  SecretId: string;
  SecretKey: string;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];

function start(args: string[], ready: RegExp): Promise<RegExpExecArray> {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve(match);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`not ready: ${output}`)), 30_000).unref();
  });
}

/** `essd serve` on a fresh data dir (embedded SQLite), rate limit out of the way. */
export async function startEssdProcess(): Promise<{ url: string; tenant: Tenant }> {
  const dataDir = mkdtempSync(join(tmpdir(), "essd-bench-"));
  dirs.push(dataDir);
  const essd = join(import.meta.dirname, "..", "..", "bin", "essd.js");
  const match = await start([essd, "serve", "--port", "0", "--data-dir", dataDir, "--rate-limit", "1000000", "--log-level", "warn"], /essd listening on (http:\/\/[\d.:]+)/);
  return { url: match[1], tenant: JSON.parse(readFileSync(join(dataDir, "demo-tenant.json"), "utf8")) };
}

const BARE = `
const http = require("node:http");
const body = JSON.stringify({ Response: { AuthUrl: "http://127.0.0.1/jump-mp.html?to=AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT&shortKey=yD000000000000000000", ErrorMessages: [], ExpireTime: 0, RequestId: "00000000-0000-4000-8000-000000000000" } });
http.createServer((req, res) => { req.resume(); req.on("end", () => { res.writeHead(200, { "content-type": "application/json" }); res.end(body); }); })
  .listen(0, "127.0.0.1", function () { console.log("bare on http://127.0.0.1:" + this.address().port); });`;

/** A bare node:http server answering a fixed JSON: the baseline every ratio is taken against. */
export async function startBare(): Promise<string> {
  return (await start(["-e", BARE], /bare on (http:\/\/[\d.:]+)/))[1];
}

export function stopAll(): void {
  for (const child of children) child.kill("SIGTERM");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** One request autocannon repeats: a signed API call, or a page fetched with its cookie. */
export interface SignedRequest {
  method: "POST" | "GET";
  body?: string;
  headers: Record<string, string>;
}

/** A TC3-signed POST; it stays valid for the 5-minute window, since TC3 signs no nonce. */
export function signRequest(url: string, tenant: Tenant, action: string, params: Record<string, unknown>): SignedRequest {
  const body = JSON.stringify({ Operator: { UserId: tenant.OperatorUserId }, ...params });
  const timestamp = Math.floor(Date.now() / 1000);
  const { authorization } = signTc3({
    method: "POST",
    host: new URL(url).host,
    payload: body,
    contentType: "application/json",
    secretId: tenant.SecretId,
    secretKey: tenant.SecretKey,
    timestamp,
  });
  return {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      authorization,
      "x-tc-action": action,
      "x-tc-version": "2020-11-11",
      "x-tc-timestamp": String(timestamp),
    },
  };
}

export async function call(url: string, tenant: Tenant, action: string, params: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await fetch(url, signRequest(url, tenant, action, params));
  const json = (await response.json()) as { Response: Record<string, any> };
  if (json.Response.Error) throw new Error(`${action}: ${JSON.stringify(json.Response.Error)}`);
  return json.Response;
}

export async function measure(url: string, request: SignedRequest, seconds: number) {
  const result = await autocannon({ url, connections: 10, duration: seconds, ...request });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Alternates baseline and essd runs and prints each round, then the medians and their ratio. */
export async function compareThroughput(label: string, bareUrl: string, essdUrl: string, request: SignedRequest, seconds: number, rounds: number): Promise<void> {
  const bare: number[] = [];
  const essd: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const b = await measure(bareUrl, request, seconds);
    const e = await measure(essdUrl, request, seconds);
    bare.push(b.rps);
    essd.push(e.rps);
    console.log(`round ${round}: bare ${b.rps.toFixed(0)} rps (p99 ${b.p99} ms, errors ${b.errors}) · essd ${label} ${e.rps.toFixed(0)} rps (p99 ${e.p99} ms, errors ${e.errors})`);
  }
  console.log(`median: bare node:http ${median(bare).toFixed(0)} rps · essd ${label} ${median(essd).toFixed(0)} rps · ratio essd/bare ${(median(essd) / median(bare)).toFixed(3)}`);
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
