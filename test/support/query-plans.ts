/**
 * Which statements the hot paths run, and whether each one reaches its rows through an index on both backends
 * (issue 13: the scale scenario must not grow with the store). `recordStatements` hears every statement the store
 * runs; `hotPaths` drives the benchmark's scenarios over the API (a task of 10 processed by the worker, the batch
 * link of 3 sub-tasks, the describes, the short link and QR image) plus the workers' idle passes; `planProblems`
 * explains each distinct statement with the values it ran with and names those that scan a table or a whole index.
 * Used by test/query-plans.test.ts (small stores, PostgreSQL told to avoid sequential scans so only a missing index
 * can produce one) and by scripts/bench/plans.ts (1,000,000 sub-tasks, real statistics).
 */
import assert from "node:assert/strict";
import { CompiledQuery, sql, type Kysely } from "kysely";
import type { Store } from "../../src/store/ports.ts";
import { callAs, type Caller } from "./signed-request.ts";

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** Tables that stay a handful of rows whatever the load (settings, migrations): a scan of them costs nothing. */
const SMALL_TABLES = new Set(["settings", "kysely_migration", "kysely_migration_lock"]);

/** Statements that read or write no table rows: transaction control, pragmas, LISTEN. */
const NOT_PLANNED = /^\s*(begin|commit|rollback|savepoint|release|pragma|listen|unlisten|set |reset |select pg_notify)/i;

/** Starts hearing the store's statements (replacing any other observer, e.g. the metrics'); answers each distinct one. */
export function recordStatements(store: Pick<Store, "observeQueries">): { statements(): Statement[] } {
  const seen = new Map<string, Statement>();
  store.observeQueries((_ms, query) => {
    if (!NOT_PLANNED.test(query.sql) && !seen.has(query.sql)) seen.set(query.sql, { sql: query.sql, parameters: query.parameters });
  });
  return { statements: () => [...seen.values()] };
}

/** An enterprise row as the benchmark sends it (`scripts/bench/api.ts`), numbered `n`. */
export type EnterpriseRows = (first: number, count: number) => Array<Record<string, unknown>>;

/**
 * The calls the benchmark's scenarios 1–5 make, each once, as `caller`; `drainAll` runs the workers (scenario 4's
 * pick-up, and the idle passes every worker makes on every node). `first` numbers the enterprises (fresh ones per run).
 */
export async function hotPaths(h: { url: string; drainAll(): Promise<unknown> }, caller: Caller, rows: EnterpriseRows, first: number): Promise<void> {
  const call = async (action: string, body: Record<string, unknown>) => {
    const response = await callAs(h.url, caller, action, body);
    assert.equal(response.Error, undefined, `${action}: ${JSON.stringify(response.Error)}`);
    return response;
  };
  const ten = rows(first, 10);
  const { TaskId } = await call("CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: ten });
  // A poll before the worker ran (scenario 4's client sees the task still processing).
  await call("DescribeBatchOrganizationRegistrationUrls", { TaskId });
  await h.drainAll();
  const { OrganizationAuthUrls } = await call("DescribeBatchOrganizationRegistrationUrls", { TaskId });
  assert.equal(OrganizationAuthUrls.length, 10);
  const admin = { AdminName: ten[0]!.AdminName, AdminMobile: ten[0]!.AdminMobile };
  const subTaskIds = OrganizationAuthUrls.slice(0, 3).map((u: { SubTaskId: string }) => u.SubTaskId);
  for (const Endpoint of ["HTTP", "HTTP_SHORT_URL", "QR_CODE"]) {
    const { AuthUrl } = await call("CreateBatchOrganizationAuthorizationUrl", { ...admin, SubTaskIds: subTaskIds, Endpoint });
    if (Endpoint === "HTTP") continue;
    const url = new URL(AuthUrl);
    for (let fetches = 0; fetches < 2; fetches++) {
      const response = await fetch(new URL(`${url.pathname}${url.search}`, h.url), { redirect: "manual" });
      assert.ok(response.status < 400, `${Endpoint} ${url.pathname}: HTTP ${response.status}`);
      await response.arrayBuffer();
    }
  }
  await call("DescribeOrganizationAuthStatus", { UniformSocialCreditCode: ten[0]!.UniformSocialCreditCode });
  await call("DescribeOrganizationAuthStatus", { OrganizationName: ten[1]!.OrganizationName });
  await call("DescribeBatchOrganizationRegistrationTasks", { TaskIds: subTaskIds });
  await h.drainAll();
}

export interface PlanProblem {
  sql: string;
  problem: string;
  plan: string;
}

type Dialect = "sqlite" | "postgres";

/**
 * Explains each statement with the values it ran with; answers the ones that scan a table (not a small one) or a
 * whole index. `avoidSeqScans` (PostgreSQL) prices sequential scans out, so on a small test store a scan shows
 * only where no index could serve the statement. `avoidSorts` also answers a sort (PostgreSQL prices sorts out
 * too): a read of the newest few must take them in an index's order and stop at its limit.
 */
export async function planProblems(db: Kysely<any>, dialect: Dialect, statements: Statement[], options: { avoidSeqScans?: boolean; avoidSorts?: boolean } = {}): Promise<PlanProblem[]> {
  const problems: PlanProblem[] = [];
  await db.connection().execute(async (connection) => {
    if (dialect === "postgres" && options.avoidSeqScans) await sql`set enable_seqscan = off`.execute(connection);
    if (dialect === "postgres" && options.avoidSorts) await sql`set enable_sort = off`.execute(connection);
    try {
      for (const statement of statements) {
        const found = dialect === "sqlite" ? await sqlitePlan(connection, statement) : await postgresPlan(connection, statement);
        for (const problem of found.problems) problems.push({ sql: statement.sql, problem, plan: found.plan });
        const sort = options.avoidSorts && /USE TEMP B-TREE FOR (RIGHT PART OF )?ORDER BY|^\s*(Incremental )?Sort\b/m.exec(found.plan);
        if (sort) problems.push({ sql: statement.sql, problem: `sorts (${sort[0].trim()})`, plan: found.plan });
      }
    } finally {
      if (dialect === "postgres" && options.avoidSeqScans) await sql`reset enable_seqscan`.execute(connection);
      if (dialect === "postgres" && options.avoidSorts) await sql`reset enable_sort`.execute(connection);
    }
  });
  return problems;
}

/** Every plan, for printing (the script shows them all). */
export async function plans(db: Kysely<any>, dialect: Dialect, statements: Statement[], options: { avoidSeqScans?: boolean } = {}): Promise<Array<{ sql: string; plan: string; problems: string[] }>> {
  return db.connection().execute(async (connection) => {
    const priced = dialect === "postgres" && options.avoidSeqScans;
    if (priced) await sql`set enable_seqscan = off`.execute(connection);
    try {
      const out = [];
      for (const statement of statements) {
        const found = dialect === "sqlite" ? await sqlitePlan(connection, statement) : await postgresPlan(connection, statement);
        out.push({ sql: statement.sql, ...found });
      }
      return out;
    } finally {
      if (priced) await sql`reset enable_seqscan`.execute(connection);
    }
  });
}

async function sqlitePlan(db: Kysely<any>, statement: Statement): Promise<{ plan: string; problems: string[] }> {
  const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${statement.sql}`, [...statement.parameters]));
  const problems: string[] = [];
  for (const { detail } of rows) {
    // SEARCH t USING (INDEX|PRIMARY KEY) (…) reaches rows by key; SCAN t reads all of t, SCAN t USING INDEX all of an index.
    const scan = /^SCAN (\S+)/.exec(detail);
    if (scan && !/^SCAN (CONSTANT ROW|\d+-ROW VALUES CLAUSE)/.test(detail) && !SMALL_TABLES.has(scan[1]!)) problems.push(detail);
  }
  return { plan: rows.map((r) => r.detail).join("\n"), problems };
}

interface PgPlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Plans?: PgPlanNode[];
}

async function postgresPlan(db: Kysely<any>, statement: Statement): Promise<{ plan: string; problems: string[] }> {
  const { rows } = await db.executeQuery<{ "QUERY PLAN": Array<{ Plan: PgPlanNode }> }>(CompiledQuery.raw(`explain (format json) ${statement.sql}`, [...statement.parameters]));
  const root = rows[0]!["QUERY PLAN"][0]!.Plan;
  const problems: string[] = [];
  const lines: string[] = [];
  const conditioned: PgPlanNode[] = [];
  const walk = (node: PgPlanNode, depth: number) => {
    const on = node["Relation Name"] ? ` on ${node["Relation Name"]}` : "";
    const index = node["Index Name"] ? ` using ${node["Index Name"]}` : "";
    lines.push(`${"  ".repeat(depth)}${node["Node Type"]}${index}${on}${node["Index Cond"] ? ` (${node["Index Cond"]})` : ""}`);
    if (node["Node Type"] === "Seq Scan" && !SMALL_TABLES.has(node["Relation Name"]!)) problems.push(`Seq Scan on ${node["Relation Name"]}`);
    // An index scan without a condition reads the whole index (chosen for its order, or because scans were priced out).
    if (/^(Index Scan|Index Only Scan|Bitmap Index Scan)$/.test(node["Node Type"]) && !node["Index Cond"]) problems.push(`${node["Node Type"]} of all of ${node["Index Name"]}`);
    else if (node["Index Cond"]) conditioned.push(node);
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  walk(root, 0);
  // PostgreSQL has no skip scan: a condition that leaves the index's first column free still reads all of it.
  for (const node of conditioned) {
    const leading = await leadingColumn(db, node["Index Name"]!);
    if (leading && !new RegExp(`\\b${leading}\\b\\s*(=|<|>|IS\\b)`, "i").test(node["Index Cond"]!)) {
      problems.push(`${node["Node Type"]} of all of ${node["Index Name"]} (its first column, ${leading}, is not in ${node["Index Cond"]})`);
    }
  }
  return { plan: lines.join("\n"), problems };
}

/** The first column of an index (undefined for an expression). */
async function leadingColumn(db: Kysely<any>, index: string): Promise<string | undefined> {
  const { rows } = await db.executeQuery<{ name: string }>(
    CompiledQuery.raw(
      "select a.attname as name from pg_index i join pg_class c on c.oid = i.indexrelid join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0] where c.relname = $1",
      [index],
    ),
  );
  return rows[0]?.name;
}
