import type { QueryContext } from "../query-context.ts";
import { leasedWork } from "../leases.ts";
import type { CallbackStore } from "../ports.ts";
import { MATCH_NOTHING, rowsChanged, upsert } from "../sql-idioms.ts";

/** Callback receivers (one per organization), deliveries (leased work of the callback worker) and their attempt log. */
export const callbacks = (context: QueryContext) => {
  const { db } = context;
  const deliveries = leasedWork(context, "callback_deliveries");
  return {
    putCallbackConfig: (config) => upsert(db, "callback_configs", "organizationId", config),
    getCallbackConfig: (organizationId) => db.selectFrom("callback_configs").selectAll().where("organizationId", "=", organizationId).executeTakeFirst(),
    async insertCallbackDelivery(delivery) {
      await db.insertInto("callback_deliveries").values(delivery).execute();
    },
    getCallbackDelivery: (id) => db.selectFrom("callback_deliveries").selectAll().where("id", "=", id).executeTakeFirst(),
    claimCallbackDelivery: deliveries.claim,
    async insertCallbackAttempt(attempt) {
      await db.insertInto("callback_attempts").values(attempt).execute();
    },
    markCallbackDelivered: (id, leaseUntil, at, { status, error }) => deliveries.end(id, leaseUntil, { state: "delivered", deliveredAt: at, lastStatus: status, lastError: error }),
    retryCallbackDelivery: (id, leaseUntil, nextAttemptAt, { status, error }) => deliveries.end(id, leaseUntil, { nextAttemptAt, lastStatus: status, lastError: error }),
    markCallbackFailed: (id, leaseUntil, { status, error }) => deliveries.end(id, leaseUntil, { state: "failed", lastStatus: status, lastError: error }),
    listCallbackDeliveries: (organizationId, limit) =>
      db.selectFrom("callback_deliveries").selectAll().where("organizationId", "=", organizationId).orderBy("createdAt", "desc").orderBy("id", "desc").limit(limit).execute(),
    listCallbackAttempts: (deliveryIds) => {
      const query = db.selectFrom("callback_attempts").selectAll();
      const matching = deliveryIds.length ? query.where("deliveryId", "in", deliveryIds) : query.where(MATCH_NOTHING);
      return matching.orderBy("deliveryId").orderBy("attempt").execute();
    },
    async resetCallbackDelivery(id, now, giveUpAt) {
      const result = await db
        .updateTable("callback_deliveries")
        .set({ state: "pending", nextAttemptAt: now, giveUpAt, leaseUntil: null, deliveredAt: null })
        .where("id", "=", id)
        .executeTakeFirst();
      return rowsChanged(result) > 0;
    },
    releaseCallbackLeases: deliveries.releaseAll,
  } satisfies CallbackStore;
};
