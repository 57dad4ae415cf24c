import { atomically, compiledRead, type QueryContext } from "../query-context.ts";
import { leasedWork } from "../leases.ts";
import type { RegistrationTaskStore, TaskFlowLink } from "../ports.ts";
import { flowRow } from "./auth-flows.ts";

/** A task by its id. */
const taskById = compiledRead((db, id: string) => db.selectFrom("registration_tasks").selectAll().where("id", "=", id));

/**
 * A task with its flows (its own organization's only) and their links, one row per flow (one with no flow columns
 * when it has none yet), in the flows' order.
 */
const taskLinks = compiledRead((db, id: string) =>
  db
    .selectFrom("registration_tasks")
    .leftJoin("auth_flows", (join) => join.onRef("auth_flows.taskId", "=", "registration_tasks.id").onRef("auth_flows.organizationId", "=", "registration_tasks.organizationId"))
    .leftJoin("links", "links.code", "auth_flows.linkToken")
    .select([
      "registration_tasks.organizationId as taskOrganizationId",
      "registration_tasks.state as taskState",
      "registration_tasks.endpoint as taskEndpoint",
      "auth_flows.id as flowId",
      "auth_flows.subTaskId",
      "auth_flows.organizationName",
      "auth_flows.status",
      "auth_flows.state",
      "auth_flows.errorMessage",
      "auth_flows.linkToken",
      "links.target as linkTarget",
    ])
    .where("registration_tasks.id", "=", id)
    .orderBy("auth_flows.createdAt")
    .orderBy("auth_flows.position")
    .orderBy("auth_flows.id"),
);

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
    getRegistrationTask: async (id) => (await taskById(context, [id]))[0],
    async findTaskLinks(id) {
      const rows = await taskLinks(context, [id]);
      const first = rows[0];
      if (!first) return undefined;
      const flows: TaskFlowLink[] = [];
      for (const row of rows) {
        if (row.flowId === null) continue;
        flows.push({
          subTaskId: row.subTaskId,
          organizationName: row.organizationName!,
          status: row.status!,
          state: row.state!,
          errorMessage: row.errorMessage!,
          linkToken: row.linkToken,
          linkShortCode: row.linkTarget === null ? undefined : String((JSON.parse(row.linkTarget) as { shortCode?: unknown }).shortCode),
        });
      }
      return { organizationId: first.taskOrganizationId, state: first.taskState, endpoint: first.taskEndpoint, flows };
    },
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
