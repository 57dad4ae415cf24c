/**
 * Fills a store with finished registration sub-tasks fast, for the scale scenario: the rows are cloned inside the
 * database (SQLite's recursive CTE, PostgreSQL's generate_series) from the newest processed task of the
 * organization, ten sub-tasks per task, each with its own id, name, credit code and admin, so every index sees
 * realistic spread. About 10–30 s for 1,000,000 sub-tasks on either backend. Run it with essd stopped:
 *
 *   node --import tsx scripts/bench/seed.ts (--data-dir DIR | --database-url URL) --sub-tasks 1000000
 *
 * The store must already hold one processed task of the organization (the benchmark creates one over the API).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";

export interface SeedTarget {
  dataDir?: string;
  databaseUrl?: string;
}

/** Statements run one after the other; `?`-free SQL only, so one text serves both drivers. */
interface Runner {
  columns(table: string): Promise<string[]>;
  one(sql: string): Promise<Record<string, unknown> | undefined>;
  exec(sql: string): Promise<void>;
  series(count: number): string;
  close(): Promise<void>;
}

function sqliteRunner(dataDir: string): Runner {
  const db = new Database(join(dataDir, "essd.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  return {
    columns: async (table) => (db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name),
    one: async (sql) => db.prepare(sql).get() as Record<string, unknown> | undefined,
    exec: async (sql) => void db.exec(sql),
    series: (count) => `(with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count}) select i from n) as series`,
    close: async () => void db.close(),
  };
}

async function postgresRunner(url: string): Promise<Runner> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    columns: async (table) =>
      (await client.query(`select column_name from information_schema.columns where table_name = '${table}' and table_schema = current_schema() order by ordinal_position`)).rows.map(
        (r) => r.column_name as string,
      ),
    one: async (sql) => (await client.query(sql)).rows[0],
    exec: async (sql) => void (await client.query(sql)),
    series: (count) => `generate_series(1, ${count}) as series(i)`,
    close: () => client.end(),
  };
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Clones every column of `table` from the template row, except those given as SQL over `series.i`. */
async function cloneRows(run: Runner, table: string, templateId: string, count: number, overrides: Record<string, string>): Promise<void> {
  const columns = await run.columns(table);
  const select = columns.map((c) => overrides[c] ?? `t.${c}`).join(", ");
  await run.exec(`insert into ${table} (${columns.join(", ")}) select ${select} from ${table} t cross join ${run.series(count)} where t.id = ${quote(templateId)}`);
}

/** Adds `subTasks` finished sub-tasks (and a tenth as many tasks) to the organization of the newest task. */
export async function seedSubTasks(target: SeedTarget, subTasks: number): Promise<{ seconds: number }> {
  const started = performance.now();
  const run = target.databaseUrl ? await postgresRunner(target.databaseUrl) : sqliteRunner(target.dataDir!);
  try {
    const task = await run.one(`select id from registration_tasks where finished_at is not null order by created_at desc limit 1`);
    if (!task) throw new Error("no processed task to clone: create one over the API first");
    const flow = await run.one(`select id from auth_flows where task_id = ${quote(String(task.id))} order by position limit 1`);
    if (!flow) throw new Error(`task ${task.id} has no sub-tasks`);
    const prefix = `seed${Date.now().toString(36)}`;
    const tasks = Math.ceil(subTasks / 10);
    await run.exec("begin");
    await cloneRows(run, "registration_tasks", String(task.id), tasks, { id: `'${prefix}t' || series.i` });
    await cloneRows(run, "auth_flows", String(flow.id), subTasks, {
      id: `'${prefix}f' || series.i`,
      sub_task_id: `'${prefix}s' || series.i`,
      task_id: `'${prefix}t' || ((series.i - 1) / 10 + 1)`,
      position: `(series.i - 1) % 10`,
      organization_name: `'种子企业' || series.i || '有限公司'`,
      name_key: `'种子企业' || series.i || '有限公司'`,
      credit_code: `'SEED' || series.i`,
      admin_mobile_hash: `'${prefix}m' || ((series.i - 1) / 10)`,
      admin_id_hash: `'${prefix}i' || ((series.i - 1) / 10)`,
      link_token: "null",
    });
    await run.exec("commit");
    // PostgreSQL's autovacuum would gather statistics on this much new data by itself, soon: gather them now. essd
    // never runs ANALYZE on SQLite, so a real store has no statistics there and the planner uses its defaults; an
    // ANALYZE here would also record the tables this leaves small (links) as small for good, and the lookups of
    // links the benchmark then adds by the thousand would read the whole table (scripts/bench/plans.ts saw it).
    if (target.databaseUrl) await run.exec("analyze");
  } finally {
    await run.close();
  }
  return { seconds: (performance.now() - started) / 1000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { "data-dir": { type: "string" }, "database-url": { type: "string" }, "sub-tasks": { type: "string", default: "1000000" } } });
  if (!values["data-dir"] && !values["database-url"]) throw new Error("--data-dir or --database-url is required");
  const { seconds } = await seedSubTasks({ dataDir: values["data-dir"], databaseUrl: values["database-url"] }, Number(values["sub-tasks"]));
  console.log(`seeded ${values["sub-tasks"]} sub-tasks in ${seconds.toFixed(1)} s`);
}
