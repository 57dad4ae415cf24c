import type { Kysely, Migration } from "kysely";

/**
 * Two lookups that read a whole table (found by test/query-plans.test.ts and scripts/bench/plans.ts):
 *  - the flow that verified an enterprise (CreateOrganizationInfoChangeUrl, DescribeOrganizationAuthStatus of a
 *    renamed enterprise, CreateBatchInitOrganizationUrl) went through every sub-task of every tenant;
 *  - the automatic reviewer asks every second on every node whether any organization has an automatic policy,
 *    which read every organization's policy when none had.
 */
export const m0016_lookup_indexes: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex("auth_flows_by_verified").on("auth_flows").columns(["verified_organization_id", "created_at"]).execute();
    await db.schema.createIndex("review_policies_by_policy").on("review_policies").column("policy").execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("review_policies_by_policy").ifExists().execute();
    await db.schema.dropIndex("auth_flows_by_verified").ifExists().execute();
  },
};
