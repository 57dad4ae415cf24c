import type { QueryContext } from "../query-context.ts";
import { leasedWork } from "../leases.ts";
import type { SmsMessageStore } from "../ports.ts";

/** SMS messages: the sandbox's outbox, and leased work of the production SMS worker. */
export const smsMessages = (context: QueryContext) => {
  const { db } = context;
  const queued = leasedWork(context, "sms_messages");
  return {
    async insertSmsMessage(message) {
      await db.insertInto("sms_messages").values(message).execute();
    },
    listSmsMessages: (organizationId, filter) =>
      db
        .selectFrom("sms_messages")
        .selectAll()
        .where("organizationId", "=", organizationId)
        .$if(filter.mobileHash !== undefined, (q) => q.where("mobileHash", "=", filter.mobileHash!))
        .$if(filter.purpose !== undefined, (q) => q.where("purpose", "=", filter.purpose!))
        .orderBy("createdAt", "desc")
        .orderBy("id", "desc")
        .limit(filter.limit)
        .execute(),
    claimSmsMessage: queued.claim,
    // A final state drops the body: its code or link token has no further use, so it should not outlive delivery.
    markSmsSent: (id, leaseUntil, at) => queued.end(id, leaseUntil, { state: "sent", sentAt: at, lastError: null, bodySealed: "" }),
    retrySmsMessage: (id, leaseUntil, nextAttemptAt, error) => queued.end(id, leaseUntil, { nextAttemptAt, lastError: error }),
    markSmsFailed: (id, leaseUntil, error) => queued.end(id, leaseUntil, { state: "failed", lastError: error, bodySealed: "" }),
    releaseSmsLeases: queued.releaseAll,
  } satisfies SmsMessageStore;
};
