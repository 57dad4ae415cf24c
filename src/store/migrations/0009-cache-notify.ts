import { PostgresAdapter, sql, type Kysely, type Migration } from "kysely";

// Kept literal (not imported) so this migration stays as it ran, whatever the code later names these.
const TABLES = ["api_keys", "organizations", "employees", "sandbox_faults", "review_policies"];
const CHANNEL = "essd_cached_rows";

/**
 * PostgreSQL only: every statement that changes a table the API caches notifies the other nodes, delivered when its
 * transaction commits, so a revoked key or a resigned operator stops working everywhere at once. SQLite has a single
 * node: it needs no trigger (its other writers, the CLI, are seen through `PRAGMA data_version`).
 */
export const m0009_cache_notify: Migration = {
  async up(db: Kysely<any>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    await sql
      .raw(`create or replace function essd_notify_cached_rows() returns trigger language plpgsql as $$ begin perform pg_notify('${CHANNEL}', tg_table_name); return null; end $$`)
      .execute(db);
    for (const table of TABLES) {
      await sql.raw(`create trigger essd_cached_rows after insert or update or delete or truncate on ${table} for each statement execute function essd_notify_cached_rows()`).execute(db);
    }
  },
  async down(db: Kysely<any>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    for (const table of TABLES) await sql.raw(`drop trigger if exists essd_cached_rows on ${table}`).execute(db);
    await sql.raw(`drop function if exists essd_notify_cached_rows()`).execute(db);
  },
};
