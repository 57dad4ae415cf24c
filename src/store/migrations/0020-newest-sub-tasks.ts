import { sql, type Kysely, type Migration } from "kysely";

/**
 * Reads of "the newest few" flows that stop at their limit instead of sorting every match:
 *  - DescribeBatchOrganizationRegistrationTasks without TaskIds answers the organization's 100 newest sub-tasks:
 *    a partial index over sub-tasks only (single flows have no SubTaskId), in the order they are listed, walked
 *    backwards;
 *  - CreateBatchOrganizationAuthorizationUrl without SubTaskIds takes the admin's 100 newest sub-tasks: the index by
 *    admin gains the same order after its two columns, which also serves DeleteOrganizationAuthorizations by admin
 *    (the admin's 100 newest unfinished flows).
 * The order's every column is in the index: seeded or batch-created sub-tasks share one created_at by the thousand,
 * and an index on created_at alone would leave those ties to a sort of them all.
 */
export const m0020_newest_sub_tasks: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex("auth_flows_sub_tasks_newest")
      .on("auth_flows")
      .columns(["organization_id", "created_at", "task_id", "position", "id"])
      .where(sql.ref("sub_task_id"), "is not", null)
      .execute();
    await db.schema.dropIndex("auth_flows_by_admin").execute();
    await db.schema.createIndex("auth_flows_by_admin").on("auth_flows").columns(["organization_id", "admin_mobile_hash", "created_at", "task_id", "position", "id"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("auth_flows_by_admin").ifExists().execute();
    await db.schema.createIndex("auth_flows_by_admin").on("auth_flows").columns(["organization_id", "admin_mobile_hash"]).execute();
    await db.schema.dropIndex("auth_flows_sub_tasks_newest").ifExists().execute();
  },
};
