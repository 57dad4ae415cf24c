/**
 * The store's part of scenarios 1 and 2, in one process and without HTTP: variants of the same work alternate
 * in rounds on one SQLite file, so a loaded machine slows them alike and their CPU per call compares.
 *
 *   node --import tsx scripts/bench/store-ops.ts [--rounds 7] [--calls 2000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import { flowRecord, T0, taskRecord } from "../../src/store/contract-support.ts";
import type { Store } from "../../src/store/ports.ts";
import { withReadCache } from "../../src/store/read-cache.ts";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import { median } from "./measure.ts";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "7" }, calls: { type: "string", default: "2000" }, only: { type: "string" } } });
const dir = mkdtempSync(join(tmpdir(), "essd-store-ops-"));
const raw = openSqliteStore(join(dir, "essd.sqlite"));
await raw.migrate();
const store = withReadCache(raw);
const code = () => randomBytes(15).toString("base64url");

await raw.insertOrganization({ id: "org1", name: "组织", parentId: null, createdAt: T0 } as never, []);
await raw.insertApiKey({ secretId: "AKID1", organizationId: "org1", applicationId: null, secretKeySealed: "s", status: "active", createdAt: T0, revokedAt: null });
const tokens = Array.from({ length: 10 }, code);
await raw.insertLinks(tokens.map((t) => ({ code: t, kind: "registration", organizationId: "org1", target: { flowId: t, endpoint: "PC", orgName: "基准测试企业1号有限公司", shortKey: code(), shortCode: code() }, createdAt: T0, expiresAt: T0 * 2 })));
await raw.insertRegistrationTask(taskRecord("t1", { state: "done" }), tokens.map((t, i) => flowRecord(`f${i}`, { position: i, linkToken: t, status: "Create" })));
const rawDb = new BetterSqlite3(join(dir, "essd.sqlite"));
const rawJoined = rawDb.prepare(`select "auth_flows".*, "links"."kind" as "link_kind", "links"."organization_id" as "link_organization_id", "links"."target" as "link_target", "links"."created_at" as "link_created_at", "links"."expires_at" as "link_expires_at" from "auth_flows" left join "links" on "links"."code" = "auth_flows"."link_token" where "auth_flows"."organization_id" = ? and "auth_flows"."task_id" = ? order by "auth_flows"."created_at", "auth_flows"."task_id", "auth_flows"."position", "auth_flows"."id"`);
const sub3 = ["sub-f0", "sub-f1", "sub-f2"];

/** The three cached reads every call makes before its action (key, organization, operator). */
async function cachedReads(perGet: boolean) {
  for (const get of [() => store.getApiKey("AKID1"), () => store.getOrganization("org1"), () => store.getEmployee("op1")]) {
    if (perGet) store.changes!.newCall!(); // what the cache did before: data_version before every answer
    await get();
  }
}
const insert3 = () => {
  const [a, b, c] = [code(), code(), code()];
  const base = { organizationId: "org1", createdAt: T0, expiresAt: T0 * 2 };
  return store.insertLinks([{ ...base, code: a, kind: "batch-authorization", target: { flowIds: ["f0", "f1", "f2"], shortKey: c, shortCode: b } }, { ...base, code: b, kind: "short", target: { token: a } }, { ...base, code: c, kind: "key", target: { token: a } }]);
};

const variants: Record<string, () => Promise<unknown>> = {
  "cached reads, check per get (before)": () => cachedReads(true),
  "cached reads, check per call (after)": async () => {
    store.changes!.newCall!();
    await cachedReads(false);
  },
  "1: flows then links (before)": async () => {
    const flows = await store.findAuthFlows("org1", { subTaskIds: sub3 });
    await store.getLinks(flows.map((f) => f.linkToken!));
  },
  "1: flows with their links' expiry, one read (after)": () => store.findFlowExpiries("org1", { subTaskIds: sub3 }),
  "2: task, flows, links (before)": async () => {
    await store.getRegistrationTask("t1");
    const flows = await store.findAuthFlows("org1", { taskId: "t1" });
    await store.getLinks(flows.map((f) => f.linkToken!));
  },
  "2: task with its flows' links, one read (after)": () => store.findTaskLinks("t1"),
  "1: insert a link and its two aliases": insert3,
  "2: raw better-sqlite3 joined read": async () => rawJoined.all("org1", "t1"),
  "2: raw better-sqlite3 joined read, objects mapped": async () => rawJoined.all("org1", "t1").map((r: any) => ({ ...r, options: JSON.parse(r.options as string), authorization_types: JSON.parse(r.authorization_types as string), target: JSON.parse(r.link_target as string) })),
};

const calls = Number(values.calls);
const results = new Map<string, number[]>();
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [name, work] of Object.entries(variants)) {
    if (values.only && !name.includes(values.only)) continue;
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) await work();
    const used = process.cpuUsage(start);
    results.set(name, [...(results.get(name) ?? []), (used.user + used.system) / calls]);
  }
}
for (const [name, cpu] of results) console.log(`${name}: ${median(cpu).toFixed(1)} µs CPU per call (rounds ${cpu.map((c) => c.toFixed(0)).join(" ")})`);
await raw.close();
rmSync(dir, { recursive: true, force: true });
