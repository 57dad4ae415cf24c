/**
 * Before/after on a shared, noisy machine: essd from a base checkout (e.g. /work/main) and from this one, each on
 * its own fresh store with the same fixtures, loaded in alternating rounds with the same scenario; prints the CPU
 * µs per request (the figure other processes' load inflates least) and rps of each, median of the rounds.
 *
 *   node --import tsx scripts/bench/compare.ts --base /work/main [--only 1,2,3,4,5,6] [--rounds 5] [--seconds 2]
 *
 * `--head-args="--metrics off"` starts this tree's essd with more options (what a setting costs, same tree as base).
 *
 * With `--database-url postgres://…/test` both run on PostgreSQL, each in a scratch database of that server (scenario 7).
 *
 * Scenario 4 (tasks of 10 at 50/s, each polled until ready) prints essd's CPU per task (its creation, the worker's
 * processing and the client's polls) and the median of the rounds' p50 and p99 latencies to ready.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runLoad, type LoadRequest } from "./driver.ts";
import { median } from "./measure.ts";
import { startEssd, stopAll, watched, type EssdServer } from "./processes.ts";
import { adminPageRequest, apiRequests, createFixtures, taskToReady } from "./scenarios.ts";
import { ADMIN, call, send } from "./api.ts";
import { scratchDatabase } from "./databases.ts";

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    only: { type: "string", default: "1,2,3,5" },
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "2" },
    "database-url": { type: "string" },
    "head-args": { type: "string" },
  },
});
if (!values.base) throw new Error("--base <checkout> is required");
const wanted = new Set(values.only!.split(","));

async function scenariosOf(essd: EssdServer): Promise<Array<{ scenario: string; label: string; request: LoadRequest }>> {
  const f = await createFixtures(essd);
  const list = apiRequests(essd, f).filter((r) => wanted.has(r.scenario));
  if (wanted.has("5")) {
    const linkPath = async (Endpoint: string) => {
      const { AuthUrl } = await call(essd.url, essd.tenant, "CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: f.subTasks3, Endpoint });
      const url = new URL(AuthUrl);
      return `${url.pathname}${url.search}`;
    };
    list.push({ scenario: "5r", label: "short link redirect", request: { method: "GET", path: await linkPath("HTTP_SHORT_URL"), headers: {} } });
    list.push({ scenario: "5q", label: "QR image again", request: { method: "GET", path: await linkPath("QR_CODE"), headers: {} } });
  }
  if (wanted.has("6")) list.push({ scenario: "6", label: "admin's enterprise list page (signed in)", request: await adminPageRequest(essd, f) });
  return list;
}

const drops: Array<() => Promise<void>> = [];
try {
  const server = values["database-url"];
  const databases = server ? [await scratchDatabase(server), await scratchDatabase(server)] : [];
  drops.push(...databases.map((d) => d.drop));
  const base = await startEssd({ bin: join(values.base, "bin", "essd.js"), databaseUrl: databases[0]?.url });
  const head = await startEssd({ databaseUrl: databases[1]?.url, serveArgs: values["head-args"]?.split(" ").filter(Boolean) });
  process.stderr.write(`base started in ${base.startMs.toFixed(0)} ms, this tree in ${head.startMs.toFixed(0)} ms\n`);
  const baseList = await scenariosOf(base);
  const headList = await scenariosOf(head);
  console.log("| scenario | base CPU µs/req | this CPU µs/req | change | base rps | this rps |");
  console.log("|---|---:|---:|---:|---:|---:|");
  if (wanted.has("4")) {
    const cpu: number[][] = [[], []];
    const p50: number[][] = [[], []];
    const p99: number[][] = [[], []];
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [k, essd] of [base, head].entries()) {
        const row = await taskToReady(essd, 50, Number(values.seconds));
        cpu[k]!.push((row.cpuSeconds! / (50 * Number(values.seconds))) * 1e6);
        p50[k]!.push(row.p50Ms!);
        p99[k]!.push(row.p99Ms!);
      }
    }
    const [b, h] = cpu.map(median);
    const ms = (values: number[][], k: number) => median(values[k]!).toFixed(1);
    console.log(`| 4 task of 10 → ready at 50/s, CPU µs per task | ${b!.toFixed(0)} | ${h!.toFixed(0)} | ${(((h! - b!) / b!) * 100).toFixed(0)} % | p50 ${ms(p50, 0)} ms, p99 ${ms(p99, 0)} ms | p50 ${ms(p50, 1)} ms, p99 ${ms(p99, 1)} ms |`);
  }
  for (const [i, { label }] of baseList.entries()) {
    const targets = [
      { essd: base, request: baseList[i]!.request },
      { essd: head, request: headList[i]!.request },
    ];
    for (const t of targets) await send(t.essd.url, t.request);
    const cpu: number[][] = [[], []];
    const rps: number[][] = [[], []];
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [k, t] of targets.entries()) {
        const { result, cpuSeconds } = await watched(t.essd.pid, () => runLoad({ url: t.essd.url, request: t.request, connections: 10, seconds: Number(values.seconds) }));
        cpu[k]!.push((cpuSeconds / result.requests) * 1e6);
        rps[k]!.push(result.rps);
      }
    }
    const [b, h] = cpu.map(median);
    console.log(`| ${label} | ${b!.toFixed(0)} | ${h!.toFixed(0)} | ${(((h! - b!) / b!) * 100).toFixed(0)} % | ${median(rps[0]!).toFixed(0)} | ${median(rps[1]!).toFixed(0)} |`);
  }
} finally {
  await stopAll();
  for (const drop of drops) await drop();
}
