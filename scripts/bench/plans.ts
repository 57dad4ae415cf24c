/**
 * The query plans of the statements scenarios 1–3 run against auth_flows, links and registration_tasks, on a
 * seeded store (`seed.ts`): every one must use an index, never scan the organization's sub-tasks.
 *
 *   node --import tsx scripts/bench/plans.ts (--data-dir DIR | --database-url URL)
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";

const { values } = parseArgs({ options: { "data-dir": { type: "string" }, "database-url": { type: "string" } } });
const ORDER = "order by created_at, task_id, position, id";

/** Each statement with `$n` placeholders; the values come from the newest stored task. */
const statements = (p: (n: number) => string) => ({
  "S1 sub-tasks by id": `select * from auth_flows where organization_id = ${p(1)} and sub_task_id in (${p(2)}, ${p(3)}, ${p(4)}) ${ORDER}`,
  "S2 task": `select * from registration_tasks where id = ${p(5)}`,
  "S2 sub-tasks of a task": `select * from auth_flows where organization_id = ${p(1)} and task_id = ${p(5)} ${ORDER}`,
  "S2 links of a task": `select * from links where code in (${p(6)}, ${p(7)})`,
  "S3 by credit code": `select * from auth_flows where organization_id = ${p(1)} and credit_code = ${p(8)} ${ORDER}`,
  "S3 by name": `select * from auth_flows where organization_id = ${p(1)} and name_key = ${p(9)} ${ORDER}`,
  "batch link by admin": `select * from auth_flows where organization_id = ${p(1)} and admin_mobile_hash = ${p(10)} ${ORDER}`,
});

const SAMPLE = `select organization_id, sub_task_id, task_id, link_token, credit_code, name_key, admin_mobile_hash from auth_flows where link_token is not null order by created_at desc limit 1`;

if (values["database-url"]) {
  const client = new pg.Client({ connectionString: values["database-url"] });
  await client.connect();
  const s = (await client.query(SAMPLE)).rows[0];
  const params = [s.organization_id, s.sub_task_id, "x", "y", s.task_id, s.link_token, "z", s.credit_code, s.name_key, s.admin_mobile_hash];
  for (const [name, sql] of Object.entries(statements((n) => `$${n}`))) {
    const used = [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
    const renumbered = sql.replace(/\$(\d+)/g, (_, n) => `$${used.indexOf(Number(n)) + 1}`);
    const plan = await client.query(`explain ${renumbered}`, used.map((n) => params[n - 1]));
    console.log(`${name}:\n  ${plan.rows.map((r) => r["QUERY PLAN"]).join("\n  ")}`);
  }
  await client.end();
} else {
  const db = new Database(join(values["data-dir"]!, "essd.sqlite"), { readonly: true });
  const s = db.prepare(SAMPLE).get() as Record<string, string>;
  const params = [s.organization_id, s.sub_task_id, "x", "y", s.task_id, s.link_token, "z", s.credit_code, s.name_key, s.admin_mobile_hash];
  for (const [name, sql] of Object.entries(statements((n) => `?${n}`))) {
    const used = [...sql.matchAll(/\?(\d+)/g)].map((m) => params[Number(m[1]) - 1]);
    const plan = db.prepare(`explain query plan ${sql.replace(/\?\d+/g, "?")}`).all(...used) as Array<{ detail: string }>;
    console.log(`${name}:\n  ${plan.map((r) => r.detail).join("\n  ")}`);
  }
  db.close();
}
