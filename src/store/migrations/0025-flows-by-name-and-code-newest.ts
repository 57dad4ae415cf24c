import type { Kysely, Migration } from "kysely";

/**
 * DescribeOrganizationAuthStatus reads an enterprise's newest 100 flows, by name or by credit code: the two indexes
 * gain the flows' order after their two columns, so the read walks one backwards and stops at the limit, however
 * many flows a caller started for the enterprise. They serve the lookups by name or code alone as before.
 */
const ORDER = ["created_at", "task_id", "position", "id"];

export const m0025_flows_by_name_and_code_newest: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.dropIndex("auth_flows_by_name").execute();
    await db.schema.createIndex("auth_flows_by_name").on("auth_flows").columns(["organization_id", "name_key", ...ORDER]).execute();
    await db.schema.dropIndex("auth_flows_by_code").execute();
    await db.schema.createIndex("auth_flows_by_code").on("auth_flows").columns(["organization_id", "credit_code", ...ORDER]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("auth_flows_by_code").ifExists().execute();
    await db.schema.createIndex("auth_flows_by_code").on("auth_flows").columns(["organization_id", "credit_code"]).execute();
    await db.schema.dropIndex("auth_flows_by_name").ifExists().execute();
    await db.schema.createIndex("auth_flows_by_name").on("auth_flows").columns(["organization_id", "name_key"]).execute();
  },
};
