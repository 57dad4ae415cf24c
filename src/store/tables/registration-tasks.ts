import { atomically, type QueryContext } from "../query-context.ts";
import { leasedWork } from "../leases.ts";
import type { RegistrationTaskStore } from "../ports.ts";
import { flowRow } from "./auth-flows.ts";

/** Batch registration tasks: leased work of the registration worker. */
export const registrationTasks = (context: QueryContext) => {
  const { db, traits } = context;
  const tasks = leasedWork(context, "registration_tasks");
  return {
    async insertRegistrationTask(task, flows) {
      await atomically(db, async (db) => {
        await db.insertInto("registration_tasks").values(task).execute();
        if (flows.length) await db.insertInto("auth_flows").values(flows.map(flowRow)).execute();
      });
    },
    getRegistrationTask: (id) => db.selectFrom("registration_tasks").selectAll().where("id", "=", id).executeTakeFirst(),
    claimRegistrationTask: tasks.claim,
    async completeRegistrationTask(id, now) {
      // Only the first finish counts: a late duplicate (a worker that outlived its lease) changes nothing.
      await db
        .updateTable("registration_tasks")
        .set({ state: "done", finishedAt: now, leaseUntil: null, lastError: null })
        .where("id", "=", id)
        .where("state", "=", "pending")
        .execute();
    },
    retryRegistrationTask: (id, leaseUntil, nextAttemptAt, error) => tasks.end(id, leaseUntil, { nextAttemptAt, lastError: error }),
    lockRegistrationTask: (id) =>
      db
        .selectFrom("registration_tasks")
        .selectAll()
        .where("id", "=", id)
        .$if(traits.supportsRowLocks, (q) => q.forUpdate())
        .executeTakeFirst(),
    releaseRegistrationLeases: tasks.releaseAll,
  } satisfies RegistrationTaskStore;
};
