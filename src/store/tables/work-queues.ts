import { sql } from "kysely";
import type { QueryContext } from "../query-context.ts";
import type { QueueName, WorkQueue, WorkQueueStore } from "../ports/work-queues.ts";

const TABLES: ReadonlyArray<[QueueName, string]> = [
  ["registration", "registration_tasks"],
  ["callbacks", "callback_deliveries"],
  ["sms", "sms_messages"],
];

/** Counts over the three leased tables (each has state, lease_until, last_error, created_at). */
export const workQueues = ({ db }: QueryContext) =>
  ({
    async workQueues(now) {
      const raw = db.withoutPlugins();
      return Promise.all(
        TABLES.map(async ([queue, table]): Promise<WorkQueue> => {
          const { rows } = await sql<{ pending: number | string | null; oldest: number | string | null; expired: number | string | null; retrying: number | string | null }>`
            select count(*) as pending, min(created_at) as oldest,
              sum(case when lease_until is not null and lease_until < ${now} then 1 else 0 end) as expired,
              sum(case when last_error is not null then 1 else 0 end) as retrying
            from ${sql.table(table)} where state = 'pending'`.execute(raw);
          const failed = await sql<{ failed: number | string }>`select count(*) as failed from ${sql.table(table)} where state = 'failed'`.execute(raw);
          const row = rows[0]!;
          return {
            queue,
            pending: Number(row.pending ?? 0),
            oldestCreatedAt: row.oldest === null ? null : Number(row.oldest),
            expiredLeases: Number(row.expired ?? 0),
            retrying: Number(row.retrying ?? 0),
            failed: Number(failed.rows[0]!.failed),
          };
        }),
      );
    },
  }) satisfies WorkQueueStore;
