import { atomically, compiledRead, type QueryContext } from "../query-context.ts";
import { leasedWork } from "../leases.ts";
import type { RegistrationTaskStore } from "../ports.ts";
import { flowRow } from "./auth-flows.ts";

/** Batch registration tasks: leased work of the registration worker. */
/** What every describe of a task starts with. */
const taskById = compiledRead((db, id: string) => db.selectFrom("registration_tasks").selectAll().where("id", "=", id));

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
    getRegistrationTask: async (id) => (await taskById(context, [id]))[0],
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
