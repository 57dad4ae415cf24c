import { sql } from "kysely";
import type { QueryContext } from "../query-context.ts";
import type { OrganizationChangeStore } from "../ports.ts";

/** Changes made through organization information change links. */
export const organizationChanges = ({ db }: QueryContext) =>
  ({
    async insertOrganizationChange(change) {
      // The partial unique index (one change under review per enterprise) decides a race in one statement.
      const result = await db
        .insertInto("organization_changes")
        .values(change)
        // The conflict target must name the index's predicate as a literal for SQLite to match it.
        .onConflict((oc) => oc.column("targetOrganizationId").where("state", "=", sql.lit("reviewing")).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    getOrganizationChange: (id) => db.selectFrom("organization_changes").selectAll().where("id", "=", id).executeTakeFirst(),
    async decideOrganizationChange(id, decision) {
      // One statement: a second decision (another reviewer, the automatic one on another node) changes nothing.
      const result = await db.updateTable("organization_changes").set(decision).where("id", "=", id).where("state", "=", "reviewing").executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async listOrganizationChanges(organizationId, filter) {
      let q = db.selectFrom("organization_changes").selectAll().where("organizationId", "=", organizationId);
      if (filter.linkCode !== undefined) q = q.where("linkCode", "=", filter.linkCode);
      return q.orderBy("createdAt", "desc").orderBy("id", "desc").limit(filter.limit).execute();
    },
    listOrganizationChangesAwaitingReview: (limit) =>
      db.selectFrom("organization_changes").selectAll().where("state", "=", "reviewing").orderBy("updatedAt").orderBy("id").limit(limit).execute(),
    findLastApprovedOrganizationChange: (targetOrganizationId) =>
      db
        .selectFrom("organization_changes")
        .selectAll()
        .where("targetOrganizationId", "=", targetOrganizationId)
        .where("state", "=", "approved")
        .orderBy("updatedAt", "desc")
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst(),
    findApprovedOrganizationChangesByName: (names) =>
      names.length
        ? db.selectFrom("organization_changes").selectAll().where("state", "=", "approved").where("newName", "in", names).orderBy("updatedAt").orderBy("id").execute()
        : Promise.resolve([]),
    findPendingOrganizationChange: (targetOrganizationId) =>
      db.selectFrom("organization_changes").selectAll().where("targetOrganizationId", "=", targetOrganizationId).where("state", "=", "reviewing").executeTakeFirst(),
  }) satisfies OrganizationChangeStore;
