/**
 * The query plans of every statement the benchmark's hot paths run (scenarios 1–5 and the workers' passes, heard
 * as the store runs them: test/support/query-plans.ts) on a store of `--sub-tasks` sub-tasks, with the statistics
 * the database gathered (ANALYZE after seeding): prints each plan and fails when one scans a table or a whole
 * index. The test (test/query-plans.test.ts) checks the same on a small store; this checks the plans the planners
 * actually choose at scale.
 *
 *   node --import tsx scripts/bench/plans.ts [--database-url postgres://…/test] [--sub-tasks 1000000]
 *
 * Without --database-url the store is an SQLite file in a temporary directory; with it, a scratch database is
 * created on that server and dropped at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { sql } from "kysely";
import { openPostgresStore } from "../../src/store/postgres.ts";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import type { KyselyStore } from "../../src/store/kysely-store.ts";
import { startEssd } from "../../test/support/harness.ts";
import { hotPaths, plans, recordStatements } from "../../test/support/query-plans.ts";
import { enterprises } from "./api.ts";
import { seedSubTasks } from "./seed.ts";

const { values } = parseArgs({ options: { "database-url": { type: "string" }, "sub-tasks": { type: "string", default: "1000000" } } });
const serverUrl = values["database-url"];
const subTasks = Number(values["sub-tasks"]);
/** Below this many rows a scan is what a planner should choose (printed as "small", not a failure). */
const LARGE_TABLE_ROWS = 10_000;

const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(statement).finally(() => client.end());
};
const name = `essd_plans_${process.pid}_${randomBytes(3).toString("hex")}`;
const dataDir = serverUrl ? undefined : mkdtempSync(join(tmpdir(), "essd-plans-"));
let databaseUrl: string | undefined;
if (serverUrl) {
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
}
const store: KyselyStore = databaseUrl ? openPostgresStore(databaseUrl, { poolSize: 4, timeoutMs: 60_000 }) : openSqliteStore(join(dataDir!, "essd.sqlite"));

let failed = false;
try {
  // A processed task over the API, then the seeded sub-tasks cloned from it (same tenant), then ANALYZE (seed.ts),
  // which the planners read from then on (SQLite reloads its schema and statistics when ANALYZE changed them).
  const h = await startEssd({ store, autoWork: false });
  await hotPaths(h, h.tenant, enterprises, 1);
  const { seconds } = await seedSubTasks({ dataDir, databaseUrl }, subTasks);
  console.log(`${databaseUrl ? "PostgreSQL" : "SQLite"}: seeded ${subTasks.toLocaleString("en")} sub-tasks in ${seconds.toFixed(1)} s`);
  // The SQLite seeding held this thread for a minute: the keep-alive connections the server closed meanwhile are
  // noticed only now. One request that may meet a closed one, so the calls measured below start on fresh ones.
  await fetch(new URL("/healthz", h.url)).then((r) => r.arrayBuffer(), () => undefined);
  const recorder = recordStatements(store);
  await hotPaths(h, h.tenant, enterprises, 500_000);
  const db = store.kysely.withoutPlugins();
  const rowsOf = new Map<string, number>();
  for (const { sql: text, plan, problems } of await plans(db, databaseUrl ? "postgres" : "sqlite", recorder.statements())) {
    // A planner that knows a table holds a few rows reads it whole, index or not; only large tables must not be
    // (the test proves an index exists for each statement, for when the small tables grow).
    const large = [];
    for (const problem of problems) {
      const table = /(?:^SCAN|Seq Scan on) (\w+)/.exec(problem)?.[1];
      if (table && !rowsOf.has(table)) rowsOf.set(table, Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n));
      if (!table || rowsOf.get(table)! >= LARGE_TABLE_ROWS) large.push(problem);
    }
    const verdict = large.length ? "SCAN " : problems.length ? "small" : "ok   ";
    console.log(`${verdict} ${text.length > 160 ? `${text.slice(0, 157)}…` : text}\n      ${plan.replaceAll("\n", "\n      ")}`);
    if (large.length) failed = true;
  }
  console.log(`rows: ${[...rowsOf].map(([table, n]) => `${table} ${n}`).join(", ")}`);
  await h.close();
} finally {
  if (databaseUrl) await admin(`drop database if exists ${name} with (force)`);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
console.log(failed ? "some statements scan a table or a whole index" : "every statement reaches its rows through an index");
process.exitCode = failed ? 1 : 0;
