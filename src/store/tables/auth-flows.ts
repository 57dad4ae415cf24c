import { sql, type Selectable, type SelectQueryBuilder } from "kysely";
import { compiledRead, type QueryContext } from "../query-context.ts";
import type { AuthFlowQuery, AuthFlowRecord, AuthFlowStore, AuthStatusFlow, FlowCard, FlowExpiry, FlowSummary } from "../ports.ts";
import type { Database } from "../schema.ts";
import { filteredBy, MATCH_NOTHING } from "../sql-idioms.ts";

/**
 * `q` narrowed to the organization's flows matching every criterion given, oldest first (or the newest few, newest
 * first); `prefix` qualifies the columns of auth_flows where another table is joined. (The builder is untyped
 * inside: Kysely cannot type a column named at run time; the rows keep their type R.)
 */
function matching<R>(q: SelectQueryBuilder<any, any, R>, prefix: "" | "auth_flows.", organizationId: string, query: AuthFlowQuery, ordered = true): SelectQueryBuilder<any, any, R> {
  const equal = (name: string, value: string) => q.where(`${prefix}${name}`, "=", value);
  const among = (name: string, values: string[]) => (values.length ? q.where(`${prefix}${name}`, "in", values) : q.where(MATCH_NOTHING));
  // By ids or SubTaskIds (unique, at most 100) a flow is found through that key's index and its organization checked
  // on the row: SQLite, without statistics, took the organization's index of sub-tasks in the order asked for
  // (migration 0020) for cheaper than a sort of the few found, and walked every sub-task of the organization.
  q = query.ids || query.subTaskIds ? q.where(filteredBy(`${prefix}organizationId`, organizationId)) : equal("organizationId", organizationId);
  if (query.ids) q = among("id", query.ids);
  if (query.subTaskIds) q = among("subTaskId", query.subTaskIds);
  if (query.taskId !== undefined) q = equal("taskId", query.taskId);
  if (query.nameKey !== undefined) q = equal("nameKey", query.nameKey);
  if (query.creditCode !== undefined) q = equal("creditCode", query.creditCode);
  if (query.operatorId !== undefined) q = equal("operatorId", query.operatorId);
  if (query.adminMobileHash !== undefined) q = equal("adminMobileHash", query.adminMobileHash);
  if (query.verifiedOrganizationIds) q = among("verifiedOrganizationId", query.verifiedOrganizationIds);
  if (query.legalName !== undefined) q = equal("legalName", query.legalName);
  if (query.states) q = among("state", query.states);
  if (query.subTasksOnly) q = q.where(`${prefix}subTaskId`, "is not", null);
  // The newest few walk an index on (organization_id[, admin_mobile_hash], created_at, task_id, position, id)
  // backwards and stop at the limit (migration 0020): no sort, however many flows match.
  if (!ordered) return q;
  const direction = query.newest === undefined ? "asc" : "desc";
  q = q.orderBy(`${prefix}createdAt`, direction).orderBy(`${prefix}taskId`, direction).orderBy(`${prefix}position`, direction).orderBy(`${prefix}id`, direction);
  if (query.newest === undefined) return q;
  // A literal, not a parameter: compiledRead compiles per number (the bound is part of the read's shape).
  if (!Number.isSafeInteger(query.newest) || query.newest < 0) throw new Error(`findAuthFlows: newest must be a whole number, not ${query.newest}`);
  return q.limit(sql.lit(query.newest));
}

/** Flows matching every criterion given: the read of scenarios 1 and 3, compiled once per set of criteria. */
const flowsMatching = compiledRead((db, organizationId: string, query: AuthFlowQuery) => matching(db.selectFrom("auth_flows").selectAll(), "", organizationId, query));

/**
 * Flows matching the criteria with their links' expiry: one read where two were (a left join on the link's key),
 * for an admin link's pages and the batch link of scenario 1, compiled once per set of criteria.
 */
const flowsWithLinks = compiledRead((db, organizationId: string, query: AuthFlowQuery) =>
  matching(
    db.selectFrom("auth_flows").leftJoin("links", "links.code", "auth_flows.linkToken").selectAll("auth_flows").select("links.expiresAt as linkExpiresAt"),
    "auth_flows.",
    organizationId,
    query,
  ),
);

/** The columns of a FlowCard, each named with its table. */
const CARD_COLUMNS = [
  "auth_flows.id",
  "auth_flows.organizationName",
  "auth_flows.creditCode",
  "auth_flows.adminName",
  "auth_flows.authorizationTypes",
  "auth_flows.status",
  "auth_flows.state",
  "auth_flows.errorMessage",
  "auth_flows.authType",
  "auth_flows.auditStatus",
  "auth_flows.reason",
  "auth_flows.linkToken",
  "auth_flows.options",
] as const satisfies ReadonlyArray<`auth_flows.${keyof FlowCard}`>;

/** flowsWithLinks with the columns of a FlowCard only. */
const cardsWithLinks = compiledRead((db, organizationId: string, query: AuthFlowQuery) =>
  matching(db.selectFrom("auth_flows").leftJoin("links", "links.code", "auth_flows.linkToken").select(CARD_COLUMNS).select("links.expiresAt as linkExpiresAt"), "auth_flows.", organizationId, query),
);

/** The columns of a FlowSummary, each named with its table. */
const SUMMARY_COLUMNS = [
  "auth_flows.id",
  "auth_flows.subTaskId",
  "auth_flows.organizationName",
  "auth_flows.adminName",
  "auth_flows.adminMobileHash",
  "auth_flows.adminIdType",
  "auth_flows.adminIdHash",
  "auth_flows.status",
  "auth_flows.state",
  "auth_flows.errorMessage",
  "auth_flows.linkToken",
] as const satisfies ReadonlyArray<`auth_flows.${keyof FlowSummary}`>;

/** The columns of an AuthStatusFlow. */
const STATUS_COLUMNS = [
  "id",
  "state",
  "status",
  "verifiedOrganizationId",
  "createdAt",
  "linkToken",
  "adminName",
  "adminMobileSealed",
  "authType",
  "auditStatus",
  "reason",
] as const satisfies ReadonlyArray<keyof AuthStatusFlow>;

/** The same flows with only the columns of an AuthStatusFlow. */
const statusFlowsMatching = compiledRead((db, organizationId: string, query: AuthFlowQuery) => matching(db.selectFrom("auth_flows").select(STATUS_COLUMNS), "", organizationId, query));

/**
 * The summaries and each flow's link's expiry, nothing else of the link: the batch link's read (scenario 1), which
 * compares the flows and asks only whether each one's link still works. Turning the link's other columns into JS
 * values (its JSON target parsed) was a fifth of the read. By ids or SubTaskIds the rows come unsorted: SQLite
 * sorted the few found in a temporary b-tree for a caller that goes by its own list of ids.
 */
const flowExpiriesMatching = compiledRead((db, organizationId: string, query: AuthFlowQuery) =>
  matching(
    db.selectFrom("auth_flows").leftJoin("links", "links.code", "auth_flows.linkToken").select(SUMMARY_COLUMNS).select("links.expiresAt as linkExpiresAt"),
    "auth_flows.",
    organizationId,
    query,
    !(query.ids || query.subTaskIds) || query.newest !== undefined,
  ),
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
    async findAuthFlowsWithLinks(organizationId, query) {
      const rows = await flowsWithLinks(context, [organizationId, query]);
      return rows.map((row) => {
        const { linkExpiresAt } = row;
        // The row is this read's own: its last column is dropped in place (V8 keeps the object fast when the last
        // key added goes), where `{ linkExpiresAt, ...row }` copied all 30 others through a slow runtime path.
        delete (row as Partial<typeof row>).linkExpiresAt;
        return { flow: toFlow(row), linkExpiresAt };
      });
    },
    async findFlowCardsWithLinks(organizationId, query) {
      const rows = await cardsWithLinks(context, [organizationId, query]);
      return rows.map((row) => ({
        flow: {
          id: row.id,
          organizationName: row.organizationName,
          creditCode: row.creditCode,
          adminName: row.adminName,
          authorizationTypes: JSON.parse(row.authorizationTypes),
          status: row.status,
          state: row.state,
          errorMessage: row.errorMessage,
          authType: row.authType,
          auditStatus: row.auditStatus,
          reason: row.reason,
          linkToken: row.linkToken,
          options: JSON.parse(row.options),
        },
        linkExpiresAt: row.linkExpiresAt,
      }));
    },
    findAuthStatusFlows: (organizationId, query) => statusFlowsMatching(context, [organizationId, query]),
    async findFlowExpiries(organizationId, query) {
      // The rows as read: each is its summary with linkExpiresAt beside (no object made per row).
      return (await flowExpiriesMatching(context, [organizationId, query])) as FlowExpiry[];
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
    async markAuthFlowsCreated(links, now) {
      if (!links.length) return;
      // One UPDATE for the task's ten (up to fifty) flows instead of one each: each flow's token by a CASE on its id.
      const token = sql<string>`case ${sql.ref("id")} ${sql.join(
        links.map((l) => sql`when ${l.id} then ${l.linkToken}`),
        sql` `,
      )} end`;
      await db
        .updateTable("auth_flows")
        .set({ status: "Create", linkToken: token, updatedAt: now })
        .where(
          "id",
          "in",
          links.map((l) => l.id),
        )
        .execute();
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
