/**
 * A seeded fuzz of a listening essd (its own process, on its own data directory): hostile bodies for every action
 * of the registry, hostile flattened parameters (TC3 GET and v1 form POST), random tokens and junk on every page,
 * link and control route fastify knows, and raw-socket abuse. Every API answer must be the Tencent envelope and
 * never InternalError; no page or control call answers 5xx or shows a stack; the process stays up, logs no error,
 * and its memory comes back near where it was after warm-up; every row stored before the fuzz is still there,
 * unchanged. The seed is printed; `ESSD_FUZZ_SEED=<seed>` replays the same requests (`ESSD_FUZZ_REQUESTS=<n>`
 * changes how many).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { services } from "../src/actions/services.ts";
import { createRuntime } from "../src/app/runtime.ts";
import { loadConfig } from "../src/config/config.ts";
import type { RegisteredAction } from "../src/protocol/action.ts";
import { registerServices, type RegisteredService } from "../src/protocol/services.ts";
import { createPlatform, type CreatedPlatform } from "../src/domain/platforms/platforms.ts";
import { signTc3 } from "../src/protocol/signature-v3.ts";
import type { CreatedTenant } from "../src/domain/tenants.ts";
import { createTenant } from "../src/domain/tenants.ts";
import { spawnEssd, stopEssd, type EssdProcess } from "./support/essd-process.ts";
import { eventually } from "./support/eventually.ts";
import { hostileBody } from "./support/fuzz/bodies.ts";
import { apiProblem, controlProblem, pageProblem } from "./support/fuzz/checks.ts";
import { hostilePairs, v1Form } from "./support/fuzz/flattened.ts";
import { Random, fuzzSeed } from "./support/fuzz/random.ts";
import { rawRequest, sendRaw } from "./support/fuzz/raw-socket.ts";
import { hostileForm, hostilePath, routesOf, type Route } from "./support/fuzz/routes.ts";
import { lostRows, snapshotRows, type Snapshot } from "./support/fuzz/snapshot.ts";
import { callAs } from "./support/signed-request.ts";
import { exampleEnterprise, processedTask } from "./support/tasks.ts";

const SEED = fuzzSeed();
const TOTAL = Number(process.env.ESSD_FUZZ_REQUESTS || 20_000);
const CONCURRENCY = 24;
/** Growth of the resident set over the run that still counts as "back near the baseline" (a leak of 1 KB per request would pass, 10 KB would not). */
const RSS_SLACK_BYTES = 160 * 1024 * 1024;

/** Every implemented action of every service (ess, essbasic, …): an action added later is fuzzed too. */
const registry = registerServices(services);
const registered = registry.services.flatMap((service) => [...service.actions.values()].map((action) => ({ service, action })));
const dir = mkdtempSync(join(tmpdir(), "essd-fuzz-"));
let essd: EssdProcess;
let port: number;
let routes: Route[];
/** Rows of the tenant the fuzz never signs as, taken before the fuzz. */
let before_: Snapshot;
/** The fuzzing tenant: every signed ess request comes from it; its own links are the "known" tokens. */
let fuzzer: CreatedTenant;
/** The fuzzing platform application: it signs the essbasic requests. */
let application: CreatedPlatform;
let knownTokens: string[] = [];

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

const cpuOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

before(async () => {
  // Seeded in-process on the data directory the essd process then serves.
  const config = loadConfig({ port: 0, dataDir: dir, logLevel: "silent", rateLimit: 1_000_000 }, {});
  const runtime = await createRuntime(config, { logger: false, background: false });
  const url = await runtime.start();
  const h = { url, drainAll: runtime.drainAll };
  const keeper = await createTenant(runtime.domain, { name: "留存数据科技有限公司" });
  await processedTask(h, keeper, [exampleEnterprise("留存一号科技有限公司"), exampleEnterprise("留存二号科技有限公司")]);
  await callAs(url, keeper, "CreateIntegrationEmployees", { Employees: [{ DisplayName: "留存员工", Mobile: "13800000001" }], InvitationNotifyType: "NONE" });
  await runtime.drainAll();
  routes = routesOf(runtime.app.printRoutes({ commonPrefix: false }));
  fuzzer = await createTenant(runtime.domain, { name: "模糊测试科技有限公司" });
  application = await createPlatform(runtime.domain, { name: "模糊测试平台" });
  const task = await processedTask(h, fuzzer, [exampleEnterprise("模糊一号科技有限公司")]);
  const invited = await callAs(url, fuzzer, "CreateIntegrationEmployees", { Employees: [{ DisplayName: "模糊员工", Mobile: "13800000002" }], InvitationNotifyType: "H5" });
  for (const link of [...task.urls.map((u) => u.AuthUrl ?? ""), ...(invited.Employees ?? []).map((e: { Url?: string }) => e.Url ?? "")]) {
    const parsed = new URL(link, url);
    knownTokens.push(...parsed.pathname.split("/").filter((s) => s.length >= 8), ...[...parsed.searchParams.values()].filter((v) => v.length >= 8));
  }
  knownTokens = [...new Set(knownTokens)];
  await runtime.stop();
  before_ = snapshotRows(join(dir, "essd.sqlite"));
  essd = await spawnEssd(["--data-dir", dir, "--rate-limit", "1000000", "--log-level", "warn"]);
  port = Number(new URL(essd.url).port);
});

after(async () => {
  if (essd) await stopEssd(essd);
  rmSync(dir, { recursive: true, force: true });
});

type Outcome = { kind: string; what: string; problem?: string };

/** Who signs for a service, and the members of a body that name the caller (so mutations get past them). */
const callerOf = (service: RegisteredService): { key: { SecretId: string; SecretKey: string }; acting: Record<string, string> } =>
  service.name === "ess"
    ? { key: fuzzer, acting: { "Operator.UserId": fuzzer.OperatorUserId } }
    : { key: application, acting: { "Agent.AppId": application.AppId } };

const signedHeaders = (method: string, query: string, payload: Buffer | string, contentType: string, action: string, options: { service?: RegisteredService; also?: Record<string, string> } = {}) => {
  const timestamp = Math.floor(Date.now() / 1000);
  const service = options.service ?? registry.services[0]!;
  const key = callerOf(service).key;
  const { authorization } = signTc3({
    method,
    host: `127.0.0.1:${port}`,
    query,
    payload,
    contentType,
    secretId: key.SecretId,
    secretKey: key.SecretKey,
    timestamp,
    service: service.name,
    alsoSigned: options.also ?? {},
  });
  return { "Content-Type": contentType, Authorization: authorization, "X-TC-Action": action, "X-TC-Version": service.version, "X-TC-Timestamp": String(timestamp), ...options.also };
};

async function send(path: string, init: RequestInit): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, redirect: "manual", signal: AbortSignal.timeout(30_000) });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

const pickAction = (random: Random): { service: RegisteredService; action: RegisteredAction } => random.pick(registered);

/** Now and then another name than the action's: a spec action essd does not implement, a misspelling, nothing. */
const actionName = (random: Random, service: RegisteredService, action: RegisteredAction) =>
  random.chance(0.04) ? random.pick(["", "__proto__", "Nope", action.name.toLowerCase(), ...Object.keys(service.spec.actions).slice(0, 50)]) : action.name;

async function apiJson(random: Random): Promise<Outcome> {
  const { service, action } = pickAction(random);
  const body = hostileBody(action.jsonSchema, callerOf(service).acting, random);
  const name = actionName(random, service, action);
  const headers = signedHeaders("POST", "", body, random.chance(0.05) ? "text/plain" : "application/json", name, { service });
  const answer = await send("/", { method: "POST", headers, body: new Uint8Array(body) });
  return { kind: "api-json", what: `${name} ${body.subarray(0, 120).toString()}`, problem: apiProblem(answer.status, answer.type, answer.text) };
}

async function apiFlattened(random: Random): Promise<Outcome> {
  const { service, action } = pickAction(random);
  const { key, acting } = callerOf(service);
  if (random.chance(0.6)) {
    const query = hostilePairs(action.jsonSchema, acting, random, 30_000).join("&");
    const answer = await send(`/?${query}`, { method: "GET", headers: signedHeaders("GET", query, "", "application/x-www-form-urlencoded", action.name, { service }) });
    return { kind: "api-get", what: `${action.name} ?${query.slice(0, 160)}`, problem: apiProblem(answer.status, answer.type, answer.text) };
  }
  const form = v1Form(hostilePairs(action.jsonSchema, acting, random, 60_000), key, action.name, service.version, `127.0.0.1:${port}`, random);
  const answer = await send("/", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form });
  return { kind: "api-v1", what: `${action.name} ${form.slice(0, 160)}`, problem: apiProblem(answer.status, answer.type, answer.text) };
}

async function pageOrControl(random: Random): Promise<Outcome> {
  const route = random.pick(routes);
  const method = random.pick(route.methods.filter((m) => m !== "HEAD").concat(random.chance(0.05) ? ["HEAD", "PUT", "DELETE"] : []));
  const path = hostilePath(route, random, knownTokens);
  const control = route.path.startsWith("/_essd/");
  const hasBody = method !== "GET" && method !== "HEAD";
  let body: Buffer | string | undefined;
  let headers: Record<string, string> = {};
  if (control) {
    body = hasBody ? hostileBody({ type: "object", properties: {} }, {}, random) : "";
    const [pathOnly, query = ""] = path.slice("/_essd/".length).split("?", 2) as [string, string?];
    if (random.chance(0.8)) headers = signedHeaders(method, query, body, "application/json", pathOnly, { also: { "x-tc-action": pathOnly } });
    else headers = { "Content-Type": "application/json", Authorization: random.pick(["Bearer x", "TC3-HMAC-SHA256 a", ""]) };
  } else if (hasBody) {
    body = hostileForm(random);
    headers = { "Content-Type": random.pick(["application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json", "text/plain"]) };
    if (random.chance(0.1)) headers.Cookie = `essd_session=${random.text(40)}; essd_review=${random.text(20)}`;
  }
  const answer = await send(path, { method, headers, ...(hasBody ? { body: typeof body === "string" ? body : new Uint8Array(body ?? []) } : {}) });
  const problem = control ? controlProblem(answer.status, answer.text) : pageProblem(answer.status, answer.text);
  return { kind: control ? "control" : "page", what: `${method} ${path.slice(0, 200)}`, problem };
}

async function rawSocket(random: Random): Promise<Outcome> {
  const bytes = rawRequest(random);
  const what = `raw ${JSON.stringify(bytes.subarray(0, 160).toString("latin1"))}`;
  const answer = await sendRaw(port, bytes, 30_000);
  if (answer === "timeout") return { kind: "raw", what, problem: "no answer and no close within 30 s" };
  if (answer.status === undefined) return { kind: "raw", what };
  // Bytes past a declared Content-Length are a second request on the connection, and its answer (node's own 400
  // for garbage) follows the first: only the first answer is the one to check.
  const headEnd = answer.text.indexOf("\r\n\r\n") + 4;
  const declared = /^content-length: *(\d+)/im.exec(answer.text.slice(0, headEnd))?.[1];
  const rest = Buffer.from(answer.text.slice(headEnd), "utf8");
  const body = declared === undefined ? rest.toString("utf8") : rest.subarray(0, Number(declared)).toString("utf8");
  const requestLine = bytes.subarray(0, 64).toString("latin1");
  const isApi = /^(?!HEAD)[A-Za-z0-9]+ \/(?:\?| )/.test(requestLine) && answer.status === 200;
  return { kind: "raw", what, problem: isApi ? apiProblem(200, /content-type: ([^\r\n]*)/i.exec(answer.text)?.[1] ?? null, body) : pageProblem(answer.status, answer.text) };
}

/** Which kind of request number `index` is: mostly API bodies, then pages and control, flattened, raw sockets. */
function requestFor(index: number): () => Promise<Outcome> {
  const random = new Random((SEED * 1_000_003 + index) >>> 0);
  const roll = random.next();
  if (roll < 0.5) return () => apiJson(random);
  if (roll < 0.65) return () => apiFlattened(random);
  if (roll < 0.95) return () => pageOrControl(random);
  return () => rawSocket(random);
}

describe("fuzz: hostile input against a listening essd", () => {
  it(`${TOTAL} requests (seed ${SEED}; replay with ESSD_FUZZ_SEED=${SEED})`, async (t) => {
    t.diagnostic(`seed ${SEED}: replay with ESSD_FUZZ_SEED=${SEED}`);
    console.log(`fuzz seed ${SEED} (replay: ESSD_FUZZ_SEED=${SEED} node --import tsx --test test/fuzz.test.ts)`);
    const pid = essd.child.pid!;
    const failures: Array<Outcome & { index: number }> = [];
    const counts = new Map<string, number>();
    let next = 0;
    let baseline = 0;
    const warmUp = Math.floor(TOTAL / 10);
    const startedAt = Date.now();
    const lane = async () => {
      for (let index = next++; index < TOTAL; index = next++) {
        if (index === warmUp) baseline = rssOf(pid);
        let outcome: Outcome;
        try {
          outcome = await requestFor(index)();
        } catch (error) {
          outcome = { kind: "transport", what: `request ${index}`, problem: String((error as Error).cause ?? error) };
        }
        counts.set(outcome.kind, (counts.get(outcome.kind) ?? 0) + 1);
        if (outcome.problem && failures.length < 20) failures.push({ ...outcome, index });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const seconds = (Date.now() - startedAt) / 1000;
    t.diagnostic(`${TOTAL} requests in ${seconds.toFixed(1)} s: ${JSON.stringify(Object.fromEntries(counts))}; CPU s: essd ${cpuOf(pid).toFixed(1)}, fuzzer ${(process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6).toFixed(1)}`);
    assert.deepEqual(failures, [], `seed ${SEED}: replay with ESSD_FUZZ_SEED=${SEED}`);

    assert.equal(essd.child.exitCode, null, "essd is still running");
    assert.equal((await send("/healthz", {})).status, 200);
    const logged = essd.output().split("\n").filter((line) => /"level":(50|60)/.test(line));
    assert.deepEqual(logged.slice(0, 5), [], "essd logged no error");
    const settled = await eventually(
      () => `RSS back within ${RSS_SLACK_BYTES >> 20} MB of ${baseline >> 20} MB (now ${rssOf(pid) >> 20} MB)`,
      () => rssOf(pid) <= baseline + RSS_SLACK_BYTES,
      20_000,
    );
    assert.ok(settled);
    t.diagnostic(`RSS after warm-up ${baseline >> 20} MB, at the end ${rssOf(pid) >> 20} MB`);

    assert.equal(await stopEssd(essd), 0, "essd stopped cleanly");
    const lost = lostRows(before_, snapshotRows(join(dir, "essd.sqlite")), new Set());
    assert.deepEqual(lost.slice(0, 10), [], "every row stored before the fuzz is unchanged");
  });
});
