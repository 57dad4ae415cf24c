/**
 * `npm run bench`: essd's performance against its budgets (issue 13), on this machine, now. essd runs as users
 * start it (`essd serve`, fresh store, rate limit out of the way); this process drives it over 127.0.0.1 with
 * requests signed once and replayed, and takes turns with a bare node:http server answering a fixed JSON, so
 * every ratio compares rounds measured side by side (median of three). Prints one table and writes it as JSON.
 *
 *   npm run bench [-- --quick] [-- --only 1,2,8] [-- --json path] [-- --scale 1000000] [-- --cpu-prof dir]
 *
 * Scenarios: 1–3 API calls, 4 task → ready at 50 tasks/s, 5 redirect and QR, 6 the admin's page,
 * 7 scenarios 1–3 on PostgreSQL (`--database-url`, default the local test server), 8 scale (1,000 vs 1,000,000).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { machine, renderTable, writeJson, type Row } from "./bench/report.ts";
import { startBare, startEssd, startFloor, stopAll, stopChild, type EssdServer } from "./bench/processes.ts";
import type { Pace } from "./bench/measure.ts";
import { adminPageScenario, apiScenarios, createFixtures, linkScenarios, scaleScenarios, taskToReady } from "./bench/scenarios.ts";
import { seedSubTasks } from "./bench/seed.ts";
import { scratchDatabase } from "./bench/databases.ts";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    json: { type: "string", default: join(import.meta.dirname, "..", ".bench", "latest.json") },
    "database-url": { type: "string", default: process.env.ESSD_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
    scale: { type: "string", default: "1000000" },
    "cpu-prof": { type: "string" },
  },
});
const pace: Pace = args.quick ? { seconds: 2, rounds: 3, warmSeconds: 0.5, connections: 10 } : { seconds: 5, rounds: 3, warmSeconds: 1, connections: 10 };
const wanted = new Set((args.only ?? "1,2,3,4,5,6,7,8").split(",").map((s) => s.trim()));
const nodeFlags = args["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", args["cpu-prof"]] : [];
const rows: Row[] = [];
const notes: string[] = [];
const startedAt = new Date();
const progress = (message: string) => process.stderr.write(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)}s] ${message}\n`);

/** A store with `size` sub-tasks: fixtures over the API, then bulk seeding with essd stopped, then a restart (timed). */
async function seededEssd(size: number): Promise<{ essd: EssdServer; f: Awaited<ReturnType<typeof createFixtures>>; seedSeconds: number }> {
  const first = await startEssd();
  const f = await createFixtures(first);
  await first.stop();
  const { seconds } = await seedSubTasks({ dataDir: first.dataDir }, Math.max(0, size - 13));
  const essd = await startEssd({ dataDir: first.dataDir, nodeFlags });
  return { essd, f, seedSeconds: seconds };
}

try {
  const bare = await startBare();
  progress(`bare node:http on ${bare.url}; ${args.quick ? "quick" : "full"} rounds (${pace.seconds} s × ${pace.rounds})`);
  if (["1", "2", "3", "4", "5", "6"].some((s) => wanted.has(s))) {
    const essd = await startEssd({ nodeFlags });
    const f = await createFixtures(essd);
    progress(`essd (SQLite) on ${essd.url}, started in ${essd.startMs.toFixed(0)} ms`);
    if (["1", "2", "3"].some((s) => wanted.has(s))) {
      const floors = { write: await startFloor("sqlite-insert", essd.tenant), read: await startFloor("sqlite-select", essd.tenant), signedOnly: await startFloor("tc3", essd.tenant), store: "SQLite" };
      rows.push(...(await apiScenarios(bare, essd, f, pace, false, wanted, floors)));
    }
    if (wanted.has("5")) rows.push(...(await linkScenarios(bare, essd, f, pace)));
    if (wanted.has("6")) rows.push(...(await adminPageScenario(bare, essd, f, pace)));
    if (wanted.has("4")) rows.push(await taskToReady(essd, 50, args.quick ? 4 : 10));
    await essd.stop();
  }
  if (wanted.has("7")) {
    const database = await scratchDatabase(args["database-url"]!);
    try {
      const essd = await startEssd({ databaseUrl: database.url, nodeFlags });
      progress(`essd (PostgreSQL) on ${essd.url}`);
      const floors = { write: await startFloor("pg-insert", essd.tenant, database.url), store: "PostgreSQL" };
      rows.push(...(await apiScenarios(bare, essd, await createFixtures(essd), pace, true, undefined, floors)));
      await essd.stop();
      await stopChild(floors.write.child); // its pool would keep the scratch database from being dropped
    } finally {
      await database.drop();
    }
  }
  if (wanted.has("8")) {
    const size = Number(args.scale);
    const small = await seededEssd(1000);
    const large = await seededEssd(size);
    progress(`seeded ${size} sub-tasks in ${large.seedSeconds.toFixed(1)} s; essd restarted on it in ${large.essd.startMs.toFixed(0)} ms`);
    notes.push(`scale store: ${size} sub-tasks seeded in ${large.seedSeconds.toFixed(1)} s`);
    rows.push(
      ...(await scaleScenarios(bare, { essd: small.essd, f: small.f, size: "1,000" }, { essd: large.essd, f: large.f, size: size.toLocaleString("en") }, pace)),
      {
        scenario: "mem",
        label: `start → listening on an existing store of ${size.toLocaleString("en")} sub-tasks`,
        p50Ms: large.essd.startMs,
        budget: "< 1 s",
        pass: large.essd.startMs < 1000,
      },
    );
  }
  const peak = Math.max(...rows.map((r) => r.peakRssMb ?? 0));
  rows.push({ scenario: "mem", label: "peak RSS over every scenario", peakRssMb: peak, budget: "< 250 MB", pass: peak < 250 });

  const table = renderTable(rows);
  process.stdout.write(`\n${table}\n\n`);
  for (const note of notes) process.stdout.write(`${note}\n`);
  const failed = rows.filter((r) => r.pass === false).length;
  process.stdout.write(`${rows.filter((r) => r.pass !== undefined).length - failed} budgets met, ${failed} missed; JSON in ${args.json}\n`);
  writeJson(args.json!, { date: startedAt.toISOString(), machine: machine(), pace, rows, notes, table });
} finally {
  await stopAll();
}
