import { PostgresAdapter, sql, type Kysely, type Migration } from "kysely";

// Kept literal (not imported) so this migration stays as it ran, whatever the code later names these.
const QUEUES = { registration_tasks: "registration", callback_deliveries: "callbacks", sms_messages: "sms" };
const CHANNEL = "essd_work";

/**
 * PostgreSQL only: a statement that queues work (a registration task, a callback, an SMS) notifies every node when
 * its transaction commits, so an idle worker on any node starts at once instead of at its next poll (a task created
 * through one node is picked up by whichever node is free). Inserts only: a worker's claim is an UPDATE, and
 * statement triggers fire even when no row changed, so a trigger on updates would wake the workers forever.
 * SQLite has a single node, whose own worker is woken in-process.
 */
export const m0017_work_notify: Migration = {
  async up(db: Kysely<any>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    await sql.raw(`create or replace function essd_notify_work() returns trigger language plpgsql as $$ begin perform pg_notify('${CHANNEL}', tg_argv[0]); return null; end $$`).execute(db);
    for (const [table, queue] of Object.entries(QUEUES)) {
      await sql.raw(`create trigger essd_work after insert on ${table} for each statement execute function essd_notify_work('${queue}')`).execute(db);
    }
  },
  async down(db: Kysely<any>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    for (const table of Object.keys(QUEUES)) await sql.raw(`drop trigger if exists essd_work on ${table}`).execute(db);
    await sql.raw(`drop function if exists essd_notify_work()`).execute(db);
  },
};
