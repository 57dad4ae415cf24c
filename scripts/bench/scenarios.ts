/** The issue's scenarios, each answering table rows; fixtures are created over the API like a client would. */
import { controlCall } from "../../test/support/control-request.ts";
import { csrfOf, linkTokenOf, PageClient } from "../../test/support/admin-pages.ts";
import { ADMIN, call, creditCode, enterprises, send, signedRequest, untilReady } from "./api.ts";
import type { LoadRequest } from "./driver.ts";
import { atRate, compareWithBare, median, type Measured, type Pace } from "./measure.ts";
import { startFloor, stopChild, watched, type EssdServer, type Served } from "./processes.ts";
import { createHmac } from "node:crypto";
import type { Row } from "./report.ts";
import { percentileOf } from "./driver.ts";

export interface Fixtures {
  /** A processed task of 10 enterprises (scenario 2). */
  taskId10: string;
  /** The 3 sub-tasks of another processed task, all of one admin (scenario 1). */
  subTasks3: string[];
  /** The credit code of an enterprise of that task (scenario 3). */
  creditCode: string;
}

/** Two processed tasks through the API, as a client makes them. */
export async function createFixtures(essd: EssdServer): Promise<Fixtures> {
  const create = async (first: number, count: number) => {
    const { TaskId } = await call(essd.url, essd.tenant, "CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: enterprises(first, count) });
    return { taskId: TaskId as string, subTasks: await untilReady(essd.url, essd.tenant, TaskId) };
  };
  const ten = await create(1, 10);
  const three = await create(11, 3);
  return { taskId10: ten.taskId, subTasks3: three.subTasks, creditCode: creditCode(11) };
}

/** The signed requests of scenarios 1–3 for this server (sign just before measuring: they last 300 s). */
export function apiRequests(essd: EssdServer, f: Fixtures, url = essd.url): Array<{ scenario: string; label: string; request: LoadRequest }> {
  return [
    {
      scenario: "1",
      label: "CreateBatchOrganizationAuthorizationUrl (HTTP, 3 sub-tasks)",
      request: signedRequest(url, essd.tenant, "CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: f.subTasks3, Endpoint: "HTTP" }),
    },
    { scenario: "2", label: "DescribeBatchOrganizationRegistrationUrls (10)", request: signedRequest(url, essd.tenant, "DescribeBatchOrganizationRegistrationUrls", { TaskId: f.taskId10 }) },
    { scenario: "3", label: "DescribeOrganizationAuthStatus", request: signedRequest(url, essd.tenant, "DescribeOrganizationAuthStatus", { UniformSocialCreditCode: f.creditCode }) },
  ];
}

export const API_BUDGETS: Record<string, number> = { "1": 0.25, "2": 0.35, "3": 0.35 };

export const measuredRow = (scenario: string, label: string, m: Measured): Row => ({
  scenario,
  label,
  rps: m.rps,
  bareRps: m.bareRps,
  ratio: m.ratio,
  p50Ms: m.p50Ms,
  p99Ms: m.p99Ms,
  cpuSeconds: m.cpuSeconds,
  cpuUsPerRequest: m.cpuUsPerRequest,
  peakRssMb: m.peakRssMb,
  errors: m.errors,
  ...(m.errors ? { note: `${m.errors} errors (${m.firstError})` } : {}),
});

const ratioBudget = (row: Row, min: number): Row => ({ ...row, budget: `≥ ${min} × bare`, pass: row.ratio! >= min && !row.errors });

/**
 * The stack's floors (`floor.mjs`) an API scenario is measured beside: the write scenario against node:http + TC3 +
 * one INSERT, the reads against node:http + TC3 + one SELECT (essd answers signed calls before fastify).
 */
export interface Floors {
  write?: Served;
  read?: Served;
  /**
   * node:http + TC3 and no statement at all (`floor.mjs tc3`): measured in scenario 3's rounds, it bounds what any
   * signed call can reach on this machine, whatever it reads or writes.
   */
  signedOnly?: Served;
  /** What the floor's one statement is, for the row's label. */
  store: string;
}

const floorOf = (floors: Floors | undefined, scenario: string) => (scenario === "1" ? floors?.write : floors?.read);

/**
 * `essd`'s row beside its floor's: the essd row says how many times the floor's CPU it costs and how far the floor
 * itself is from the budget; the floor's row follows, labelled with what the floor does.
 */
function besideFloor(essd: Row, floor: Measured, floorLabel: string, budget: number | undefined): Row[] {
  const share = `${(essd.cpuUsPerRequest! / floor.cpuUsPerRequest).toFixed(1)}× the floor's CPU/req`;
  const reach = budget === undefined ? "" : floor.ratio < budget ? `; the floor itself is ${floor.ratio.toFixed(3)} < ${budget}: out of this stack's reach` : `; the floor reaches ${floor.ratio.toFixed(3)}`;
  return [
    { ...essd, note: [essd.note, `${share}${reach}`].filter(Boolean).join("; ") },
    measuredRow(essd.scenario, `  stack floor: ${floorLabel}, nothing else`, floor),
  ];
}

/** Scenarios 1–3 (and 7 on PostgreSQL: only scenario 1 has a budget there, ≥ 0.15), each beside its floor when given. */
export async function apiScenarios(bare: Served, essd: EssdServer, f: Fixtures, pace: Pace, postgres = false, only?: Set<string>, floors?: Floors): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { scenario, label, request } of apiRequests(essd, f)) {
    if (only && !only.has(scenario)) continue;
    await send(essd.url, request);
    const floor = floorOf(floors, scenario);
    // The same call, body and key, signed for the floor's address (the signature covers the host).
    const signedFor = (server: Served) => ({ server, request: apiRequests(essd, f, server.url).find((r) => r.scenario === scenario)!.request });
    const floorTarget = floor ? [signedFor(floor)] : [];
    const ceiling = scenario === "3" && floors?.signedOnly ? floors.signedOnly : undefined;
    const [m, fm, cm] = await compareWithBare(bare, [{ server: essd, request }, ...floorTarget, ...(ceiling ? [signedFor(ceiling)] : [])], pace);
    const budget = postgres ? (scenario === "1" ? 0.15 : undefined) : API_BUDGETS[scenario];
    let row = measuredRow(postgres ? `7.${scenario}` : scenario, postgres ? `${label} on PostgreSQL` : label, m!);
    if (budget !== undefined) row = ratioBudget(row, budget);
    if (fm && floors) rows.push(...besideFloor(row, fm, `node:http + TC3 + 1 ${floors.store} ${scenario === "1" ? "INSERT" : "SELECT"}`, budget));
    else rows.push(row);
    if (cm) {
      const reach = budget === undefined ? "" : cm.ratio < budget ? `< ${budget}: no signed call reaches the read budget here` : `reaches ${budget}`;
      const ceilingRow = measuredRow(scenario, "  stack ceiling: node:http + TC3, no statement at all", cm);
      rows.push({ ...ceilingRow, note: [ceilingRow.note, reach].filter(Boolean).join("; ") });
    }
    if (scenario === "1" && !postgres) rows.push(...(await atHalfMaximum(essd, request, floor && floorTarget[0], m!.rps / 2, pace)));
  }
  return rows;
}

/**
 * Scenario 1's latency at half of essd's own maximum rate (open loop), as the ratios are taken: rounds of essd
 * and, when given, of the floor paced at the very same rate, taking turns; each figure is the median of the rounds.
 * The floor's p99 at that rate says what the machine allows (the load generator shares its two cores).
 */
async function atHalfMaximum(essd: EssdServer, request: LoadRequest, floor: { server: Served; request: LoadRequest } | undefined, rate: number, pace: Pace): Promise<Row[]> {
  type Paced = Awaited<ReturnType<typeof atRate>>;
  const runs: { essd: Paced[]; floor: Paced[] } = { essd: [], floor: [] };
  for (let round = 0; round < pace.rounds; round++) {
    runs.essd.push(await atRate(essd, request, rate, pace));
    if (floor) runs.floor.push(await atRate(floor.server, floor.request, rate, pace));
  }
  const rowOf = (label: string, paced: Paced[]): Row => {
    const errors = paced.reduce((sum, r) => sum + r.result.errors, 0);
    return {
      scenario: "1",
      label,
      rps: median(paced.map((r) => r.result.rps)),
      p50Ms: median(paced.map((r) => r.result.p50Ms)),
      p99Ms: median(paced.map((r) => r.result.p99Ms)),
      cpuSeconds: median(paced.map((r) => r.cpuSeconds)),
      cpuUsPerRequest: median(paced.map((r) => (r.cpuSeconds / r.result.requests) * 1e6)),
      peakRssMb: Math.max(...paced.map((r) => r.peakRssMb)),
      errors,
      note: `${errors ? `${errors} errors; ` : ""}p99 of each round: ${paced.map((r) => r.result.p99Ms.toFixed(1)).join(", ")} ms`,
    };
  };
  const essdRow = rowOf(`same, paced at half its maximum (${Math.round(rate)}/s)`, runs.essd);
  const rows: Row[] = [{ ...essdRow, budget: "p99 < 10 ms", pass: essdRow.p99Ms! < 10 && !essdRow.errors }];
  if (floor) rows.push(rowOf("  stack floor paced at the same rate", runs.floor));
  return rows;
}

/** Scenario 4: tasks of 10 enterprises at `rate` per second; latency from sending each until its sub-tasks have links. */
export async function taskToReady(essd: EssdServer, rate: number, seconds: number): Promise<Row> {
  const count = Math.round(rate * seconds);
  const requests = Array.from({ length: count }, (_, k) =>
    signedRequest(essd.url, essd.tenant, "CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: enterprises(100_000 + k * 10, 10) }),
  );
  const latencies: number[] = [];
  const { cpuSeconds, peakRssMb } = await watched(essd.pid, async () => {
    const started = performance.now();
    await Promise.all(
      requests.map(async (request, k) => {
        const wait = started + (k * 1000) / rate - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const sentAt = performance.now();
        const { TaskId } = await send(essd.url, request);
        await untilReady(essd.url, essd.tenant, TaskId, 30_000, sentAt);
        latencies.push(performance.now() - sentAt);
      }),
    );
  });
  latencies.sort((a, b) => a - b);
  const p50Ms = percentileOf(latencies, 50);
  const p99Ms = percentileOf(latencies, 99);
  return {
    scenario: "4",
    label: `CreateBatchOrganizationRegistrationTasks (10) at ${rate}/s → all sub-tasks ready (${count} tasks, polled every 2 ms or 10 % of the wait)`,
    rps: rate,
    p50Ms,
    p99Ms,
    cpuSeconds,
    peakRssMb,
    budget: "p50 < 20 ms, p99 < 100 ms",
    pass: p50Ms < 20 && p99Ms < 100,
  };
}

/** Scenario 5: a short link's redirect and a QR image fetched again (the first fetch renders it). */
export async function linkScenarios(bare: Served, essd: EssdServer, f: Fixtures, pace: Pace): Promise<Row[]> {
  const linkPath = async (Endpoint: string) => {
    const { AuthUrl } = await call(essd.url, essd.tenant, "CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: f.subTasks3, Endpoint });
    const url = new URL(AuthUrl);
    return `${url.pathname}${url.search}`;
  };
  const redirect: LoadRequest = { method: "GET", path: await linkPath("HTTP_SHORT_URL"), headers: {} };
  const qr: LoadRequest = { method: "GET", path: await linkPath("QR_CODE"), headers: {} };
  await send(essd.url, redirect);
  await send(essd.url, qr);
  // One comparison, the redirect and the QR image taking turns in each round: their CPU per request is compared
  // over the same minutes.
  const [r, q] = await compareWithBare(bare, [{ server: essd, request: redirect }, { server: essd, request: qr }], pace);
  const qrCost = q!.cpuUsPerRequest / r!.cpuUsPerRequest;
  return [
    ratioBudget(measuredRow("5", "short link redirect (/s/…)", r!), 0.6),
    {
      ...ratioBudget(measuredRow("5", "QR image, fetched again", q!), 0.6),
      budget: `≥ 0.6 × bare; CPU/req ≤ 1.25 × the redirect's (${qrCost.toFixed(2)}×)`,
      pass: q!.ratio >= 0.6 && qrCost <= 1.25 && !q!.errors,
    },
  ];
}

/** Scenario 6's request: the admin's enterprise list, signed in (the code comes from the sandbox outbox). */
export async function adminPageRequest(essd: EssdServer, f: Fixtures): Promise<LoadRequest> {
  const { AuthUrl } = await call(essd.url, essd.tenant, "CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: f.subTasks3, Endpoint: "HTTP" });
  const admin = new PageClient(essd.url);
  const identity = await admin.follow(await admin.get(AuthUrl));
  const token = linkTokenOf(identity);
  const csrf = csrfOf(identity);
  await admin.post(`/h5/auth/${token}/code`, { csrf });
  const { json } = await controlCall(essd.url, essd.tenant, "GET", "outbox?purpose=admin-code&limit=1");
  await admin.post(`/h5/auth/${token}/verify`, { csrf, code: json.messages[0].code });
  const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const page: LoadRequest = { method: "GET", path: `/h5/auth/${token}`, headers: { cookie } };
  const html = await (await fetch(new URL(page.path, essd.url), { headers: { cookie } })).text();
  if (!html.includes("基准测试企业")) throw new Error(`the enterprise list did not open: ${html.slice(0, 300)}`);
  return page;
}

/** Scenario 6: the admin's enterprise list, signed in. */
export async function adminPageScenario(bare: Served, essd: EssdServer, f: Fixtures, pace: Pace): Promise<Row[]> {
  const page = await adminPageRequest(essd, f);
  const bytes = Buffer.byteLength(await (await fetch(new URL(page.path, essd.url), { headers: page.headers })).text());
  // The page's floor, signed in with a session cookie of its own (HMAC under the same key the floor holds).
  const floor = await startFloor("page", essd.tenant, undefined, bytes);
  const session = "admin-session";
  const mac = createHmac("sha256", essd.tenant.SecretKey).update(session).digest("base64url");
  const floorPage: LoadRequest = { method: "GET", path: page.path, headers: { cookie: `floor_session=${session}.${mac}` } };
  await send(floor.url, floorPage);
  const [m, fm] = await compareWithBare(bare, [{ server: essd, request: page }, { server: floor, request: floorPage }], pace);
  await stopChild(floor.child);
  const row = ratioBudget(measuredRow("6", "admin's enterprise list page (signed in)", m!), 0.3);
  return besideFloor(row, fm!, `fastify + cookie + HMAC session + 1 SQLite SELECT + a ${(bytes / 1024).toFixed(1)} KB HTML page`, 0.3);
}

/** Scenario 8: scenarios 1–3 on two stores, with `small` and `large` sub-tasks, measured in alternation. */
export async function scaleScenarios(bare: Served, small: { essd: EssdServer; f: Fixtures; size: string }, large: { essd: EssdServer; f: Fixtures; size: string }, pace: Pace): Promise<Row[]> {
  const rows: Row[] = [];
  const smallRequests = apiRequests(small.essd, small.f);
  const largeRequests = apiRequests(large.essd, large.f);
  for (const [i, { scenario, label }] of smallRequests.entries()) {
    await send(small.essd.url, smallRequests[i]!.request);
    await send(large.essd.url, largeRequests[i]!.request);
    const [s, l] = await compareWithBare(
      bare,
      [
        { server: small.essd, request: smallRequests[i]!.request },
        { server: large.essd, request: largeRequests[i]!.request },
      ],
      // Two processes differ from run to run by more than the budget's 25 % (JIT, heap, the other core's load):
      // five rounds, and the ratio taken within each round (the two stores loaded back to back), then its median.
      { ...pace, rounds: Math.max(5, pace.rounds) },
    );
    const growth = median(l!.roundP50Ms.map((p50, round) => p50 / s!.roundP50Ms[round]!));
    rows.push(measuredRow(`8.${scenario}`, `${label}, ${small.size} sub-tasks stored`, s!));
    rows.push({
      ...measuredRow(`8.${scenario}`, `${label}, ${large.size} sub-tasks stored`, l!),
      budget: `p50 ≤ 1.25 × at ${small.size} (${growth.toFixed(2)}×, median of the rounds' ratios)`,
      pass: growth <= 1.25 && !l!.errors,
    });
  }
  return rows;
}

export { median };
