/**
 * Throughput of one signed essd action against a bare node:http server answering a fixed JSON, both measured in
 * the same run (the machines are shared and noisy, so only the ratio means something).
 *
 *   node --import tsx scripts/bench-api.ts [--action DescribeIntegrationEmployees] [--seconds 5] [--rounds 2]
 *
 * Both servers run in their own processes on 127.0.0.1 and are stopped at the end; the load generator
 * (autocannon) runs in this process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { canonicalRequest, formatAuthorization, sha256Hex, signHex, signingKey, stringToSign } from "../src/protocol/signature-v3.ts";

const { values: args } = parseArgs({
  options: { action: { type: "string", default: "DescribeIntegrationEmployees" }, seconds: { type: "string", default: "5" }, rounds: { type: "string", default: "2" } },
});
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);

function start(command: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, command, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, match });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`not ready: ${output}`)), 30_000).unref();
  });
}

const BARE = `
const http = require("node:http");
const body = JSON.stringify({ Response: { TotalCount: 0, Employees: [], RequestId: "00000000-0000-4000-8000-000000000000" } });
http.createServer((req, res) => { req.resume(); req.on("end", () => { res.writeHead(200, { "content-type": "application/json" }); res.end(body); }); })
  .listen(0, "127.0.0.1", function () { console.log("bare on http://127.0.0.1:" + this.address().port); });`;

async function measure(url: string, init: { method: "POST"; headers: Record<string, string>; body: string }) {
  const result = await autocannon({ url, connections: 10, duration: seconds, ...init });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const dataDir = mkdtempSync(join(tmpdir(), "essd-bench-"));
const children: ChildProcess[] = [];
try {
  const essd = await start(
    [join(import.meta.dirname, "..", "bin", "essd.js"), "serve", "--port", "0", "--data-dir", dataDir, "--rate-limit", "1000000", "--log-level", "warn"],
    /essd listening on (http:\/\/[\d.:]+)/,
  );
  children.push(essd.child);
  const bare = await start(["-e", BARE], /bare on (http:\/\/[\d.:]+)/);
  children.push(bare.child);
  const tenant = JSON.parse(readFileSync(join(dataDir, "demo-tenant.json"), "utf8"));

  // One pre-signed request: TC3 signs no nonce, so it stays valid for the whole 5-minute window.
  const essdUrl = essd.match[1];
  const body = JSON.stringify({ Operator: { UserId: tenant.OperatorUserId } });
  const timestamp = Math.floor(Date.now() / 1000);
  const scope = { date: new Date(timestamp * 1000).toISOString().slice(0, 10), service: "ess" };
  const signed = { "content-type": "application/json", host: new URL(essdUrl).host };
  const canonical = canonicalRequest({ method: "POST", query: "", headers: signed, payloadHash: sha256Hex(body) }, ["content-type", "host"]);
  const signature = signHex(signingKey(tenant.SecretKey, scope), stringToSign(String(timestamp), scope, canonical));
  const request = {
    method: "POST" as const,
    body,
    headers: {
      "content-type": "application/json",
      authorization: formatAuthorization(tenant.SecretId, scope, ["content-type", "host"], signature),
      "x-tc-action": args.action!,
      "x-tc-version": "2020-11-11",
      "x-tc-timestamp": String(timestamp),
    },
  };
  const check = await fetch(essdUrl, request);
  const answer = (await check.json()) as { Response: { Error?: unknown } };
  if (answer.Response.Error) throw new Error(`the benchmark request fails: ${JSON.stringify(answer)}`);

  const essdRuns: number[] = [];
  const bareRuns: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const b = await measure(bare.match[1], request);
    const e = await measure(essdUrl, request);
    bareRuns.push(b.rps);
    essdRuns.push(e.rps);
    console.log(`round ${round}: bare ${b.rps.toFixed(0)} rps (p99 ${b.p99} ms, errors ${b.errors}) · essd ${args.action} ${e.rps.toFixed(0)} rps (p99 ${e.p99} ms, errors ${e.errors})`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`median: bare node:http ${median(bareRuns).toFixed(0)} rps · essd ${median(essdRuns).toFixed(0)} rps · ratio essd/bare ${(median(essdRuns) / median(bareRuns)).toFixed(3)}`);
} finally {
  for (const child of children) child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
