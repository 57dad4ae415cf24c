import type { QueryContext } from "../query-context.ts";
import type { QuotaStore } from "../ports.ts";

/** Named counters that expire. */
export const quotaCounters = ({ db }: QueryContext) =>
  ({
    async readQuota(key, now) {
      const row = await db.selectFrom("quota_counters").select("count").where("key", "=", key).where("expiresAt", ">", now).executeTakeFirst();
      return row?.count ?? 0;
    },
    async addToQuota(key, by, expiresAt, now) {
      await db.deleteFrom("quota_counters").where("key", "=", key).where("expiresAt", "<=", now).execute();
      const row = await db
        .insertInto("quota_counters")
        .values({ key, count: by, expiresAt })
        .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ count: eb("quota_counters.count", "+", by) })))
        .returning("count")
        .executeTakeFirstOrThrow();
      return row.count;
    },
  }) satisfies QuotaStore;
