import { PostgresAdapter, sql, type Kysely, type Migration } from "kysely";

/**
 * PostgreSQL only: a node keeps the links it found (every redirect and QR image reads them, src/store/read-cache.ts),
 * so a statement that changes or removes links (a sandbox reset) notifies the other nodes, as migration 0009 does
 * for the API's cached tables, through the same function and channel. Inserts notify nobody: a node keeps only links
 * it found, so a new link changes nothing it holds, and every link-issuing call would otherwise flush every cache.
 */
export const m0015_link_removal_notify: Migration = {
  async up(db: Kysely<any>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    await sql.raw(`create trigger essd_cached_rows after update or delete or truncate on links for each statement execute function essd_notify_cached_rows()`).execute(db);
  },
  async down(db: Kysely<any>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    await sql.raw(`drop trigger if exists essd_cached_rows on links`).execute(db);
  },
};
