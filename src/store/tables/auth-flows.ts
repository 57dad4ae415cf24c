import type { Selectable } from "kysely";
import { compiledRead, type QueryContext } from "../query-context.ts";
import type { AuthFlowQuery, AuthFlowRecord, AuthFlowStore } from "../ports.ts";
import type { Database } from "../schema.ts";
import { MATCH_NOTHING } from "../sql-idioms.ts";

/** Flows matching every criterion given: the read of scenarios 1 and 3, compiled once per set of criteria. */
const flowsMatching = compiledRead((db, organizationId: string, query: AuthFlowQuery) => {
  let q = db.selectFrom("auth_flows").selectAll().where("organizationId", "=", organizationId);
  if (query.ids) q = query.ids.length ? q.where("id", "in", query.ids) : q.where(MATCH_NOTHING);
  if (query.subTaskIds) q = query.subTaskIds.length ? q.where("subTaskId", "in", query.subTaskIds) : q.where(MATCH_NOTHING);
  if (query.taskId !== undefined) q = q.where("taskId", "=", query.taskId);
  if (query.nameKey !== undefined) q = q.where("nameKey", "=", query.nameKey);
  if (query.creditCode !== undefined) q = q.where("creditCode", "=", query.creditCode);
  if (query.operatorId !== undefined) q = q.where("operatorId", "=", query.operatorId);
  if (query.adminMobileHash !== undefined) q = q.where("adminMobileHash", "=", query.adminMobileHash);
  if (query.verifiedOrganizationIds) {
    q = query.verifiedOrganizationIds.length ? q.where("verifiedOrganizationId", "in", query.verifiedOrganizationIds) : q.where(MATCH_NOTHING);
  }
  return q.orderBy("createdAt").orderBy("taskId").orderBy("position").orderBy("id");
});

/** Flows by id with their links' expiry: one read for an admin link's pages (a left join on the link's key). */
const flowsWithLinks = compiledRead((db, organizationId: string, ids: string[]) =>
  db
    .selectFrom("auth_flows")
    .leftJoin("links", "links.code", "auth_flows.linkToken")
    .selectAll("auth_flows")
    .select("links.expiresAt as linkExpiresAt")
    .where("auth_flows.organizationId", "=", organizationId)
    .where("auth_flows.id", "in", ids)
    .orderBy("auth_flows.createdAt")
    .orderBy("auth_flows.taskId")
    .orderBy("auth_flows.position")
    .orderBy("auth_flows.id"),
);

/** Authorization flows; their authorization types and options are stored as JSON text. */
export const authFlows = (context: QueryContext) => {
  const { db, traits } = context;
  return {
    async insertAuthFlow(flow) {
      await db.insertInto("auth_flows").values(flowRow(flow)).execute();
    },
    async lockAuthFlow(organizationId, id) {
      const row = await db
        .selectFrom("auth_flows")
        .selectAll()
        .where("organizationId", "=", organizationId)
        .where("id", "=", id)
        .$if(traits.supportsRowLocks, (q) => q.forUpdate())
        .executeTakeFirst();
      return row && toFlow(row);
    },
    async findAuthFlows(organizationId, query) {
      const rows = await flowsMatching(context, [organizationId, query]);
      return rows.map(toFlow);
    },
    async findAuthFlowsWithLinks(organizationId, ids) {
      if (!ids.length) return [];
      const rows = await flowsWithLinks(context, [organizationId, ids]);
      return rows.map(({ linkExpiresAt, ...row }) => ({ flow: toFlow(row), linkExpiresAt }));
    },
    async findFlowThatVerified(organizationId) {
      const row = await db.selectFrom("auth_flows").selectAll().where("verifiedOrganizationId", "=", organizationId).orderBy("createdAt", "desc").orderBy("id", "desc").executeTakeFirst();
      return row && toFlow(row);
    },
    async updateAuthFlow(id, patch, now) {
      // Fields the patch leaves undefined are left as they are (Kysely sets no column for an undefined value).
      const options = patch.options === undefined ? undefined : JSON.stringify(patch.options);
      await db.updateTable("auth_flows").set({ ...patch, options, updatedAt: now }).where("id", "=", id).execute();
    },
    async listFlowsAwaitingReview(limit) {
      const rows = await db
        .selectFrom("auth_flows")
        .selectAll()
        .where("auditStatus", "=", 3)
        .where("state", "=", "active")
        .orderBy("updatedAt")
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map(toFlow);
    },
  } satisfies AuthFlowStore;
};

export const flowRow = (flow: AuthFlowRecord): Database["auth_flows"] => ({
  ...flow,
  authorizationTypes: JSON.stringify(flow.authorizationTypes),
  options: JSON.stringify(flow.options),
});

const toFlow = (row: Selectable<Database["auth_flows"]>): AuthFlowRecord => ({
  ...row,
  authorizationTypes: JSON.parse(row.authorizationTypes),
  options: JSON.parse(row.options),
});
