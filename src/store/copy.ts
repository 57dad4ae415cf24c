import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/** Every table essd owns, parents before children, with the key that orders its rows. */
export const TABLES: ReadonlyArray<{ name: keyof Database; key: string[] }> = [
  { name: "settings", key: ["key"] },
  { name: "organizations", key: ["id"] },
  { name: "roles", key: ["id"] },
  { name: "employees", key: ["id"] },
  { name: "employee_roles", key: ["employee_id", "role_id"] },
  { name: "api_keys", key: ["secret_id"] },
  { name: "links", key: ["code"] },
  { name: "quota_counters", key: ["key"] },
  { name: "registration_tasks", key: ["id"] },
  { name: "auth_flows", key: ["id"] },
  { name: "blobs", key: ["hash"] },
  { name: "callback_configs", key: ["organization_id"] },
  { name: "callback_deliveries", key: ["id"] },
  { name: "callback_attempts", key: ["delivery_id", "attempt"] },
  { name: "sms_messages", key: ["id"] },
  { name: "link_verifications", key: ["link_code"] },
  { name: "sandbox_faults", key: ["id"] },
  { name: "review_policies", key: ["organization_id"] },
  { name: "platforms", key: ["id"] },
  { name: "applications", key: ["id"] },
  { name: "proxy_organizations", key: ["id"] },
  { name: "proxy_operators", key: ["id"] },
  { name: "initializations", key: ["link_code", "target_organization_id", "operate_type"] },
  { name: "organization_changes", key: ["id"] },
];

const BATCH = 500;

/** Rows as the database stores them, column names and all: a copy moves tables, not records. */
const asStored = (db: Kysely<Database>) => db.withoutPlugins();

export interface TableSummary {
  table: string;
  rows: number;
  /** SHA-256 of the table's rows in key order, each as JSON with sorted members. */
  checksum: string;
}

/**
 * Row counts and checksums of every table, read inside one transaction so they describe one moment. Files kept
 * outside the database (the embedded store's blobs/ directory) count as rows of `blobs`, as they will after a copy.
 */
export async function summarize(db: Kysely<Database>, outsideBlobs: Array<{ hash: string; bytes: Buffer }> = []): Promise<TableSummary[]> {
  return asStored(db).transaction().execute(async (tx) => {
    const out: TableSummary[] = [];
    for (const { name, key } of TABLES) {
      let rows: Record<string, unknown>[] = [];
      for await (const batch of readTable(tx, name, key)) rows = rows.concat(batch);
      if (name === "blobs" && outsideBlobs.length) {
        const byHash = new Map(rows.map((r) => [String(r.hash), r]));
        for (const b of outsideBlobs) if (!byHash.has(b.hash)) byHash.set(b.hash, { hash: b.hash, bytes: b.bytes.toString("base64"), size: b.bytes.length });
        rows = [...byHash.values()].sort((a, b) => (String(a.hash) < String(b.hash) ? -1 : 1));
      }
      const hash = createHash("sha256");
      for (const row of rows) hash.update(canonical(row) + "\n");
      out.push({ table: name, rows: rows.length, checksum: hash.digest("hex") });
    }
    return out;
  });
}

/** Copies every table from one store into an empty, migrated other, in one transaction on each side. */
export async function copyTables(from: Kysely<Database>, to: Kysely<Database>, extraBlobs: Array<{ hash: string; bytes: Buffer }> = []): Promise<void> {
  const existing = await to.selectFrom("organizations").select("id").limit(1).execute();
  if (existing.length) throw new Error("the destination already holds organizations; copy only into an empty store");
  await asStored(from).transaction().execute((source) =>
    asStored(to).transaction().execute(async (target) => {
      // Migrations seeded nothing but the key check, which the source's own copy replaces.
      await target.deleteFrom("settings").execute();
      for (const { name, key } of TABLES) {
        for await (const batch of readTable(source, name, key)) {
          if (batch.length) await target.insertInto(name).values(batch as never).execute();
        }
      }
      for (const blob of extraBlobs) {
        await target
          .insertInto("blobs")
          .values({ hash: blob.hash, bytes: blob.bytes.toString("base64"), size: blob.bytes.length })
          .onConflict((oc) => oc.column("hash").doNothing())
          .execute();
      }
    }),
  );
}

async function* readTable(db: Kysely<Database>, table: keyof Database, key: string[]): AsyncGenerator<Record<string, unknown>[]> {
  for (let offset = 0; ; offset += BATCH) {
    let query = db.selectFrom(table).selectAll();
    for (const column of key) query = query.orderBy(column as never);
    const rows = (await query.limit(BATCH).offset(offset).execute()) as Record<string, unknown>[];
    yield rows.map(normalize);
    if (rows.length < BATCH) return;
  }
}

// Both drivers return the same JS types for essd's columns except that integers may arrive as strings or bigints.
const normalize = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]));

const canonical = (row: Record<string, unknown>): string => JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k]]));
