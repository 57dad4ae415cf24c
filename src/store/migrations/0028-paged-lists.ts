import type { Kysely, Migration } from "kysely";

/**
 * Lists that were read whole and paged in memory now page in the query, each through an index in the page's order
 * so neither backend sorts a whole set and a page stops at its limit:
 *  - a group's members (DescribeOrganizationGroupOrganizations), in the order they joined; this index begins with
 *    parent_id as organizations_by_parent did, so it serves that one's lookups (a group has members, a join's
 *    check) and replaces it;
 *  - a sub-enterprise's operators (ChannelDescribeEmployees), oldest first;
 *  - an enterprise's latest approved change (findLastApprovedOrganizationChange), read backwards; it begins with
 *    (target_organization_id, state) as organization_changes_by_target did, and replaces it.
 */
export const m0028_paged_lists: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex("organizations_by_group_join").on("organizations").columns(["parent_id", "group_joined_at", "created_at", "id"]).execute();
    await db.schema.dropIndex("organizations_by_parent").ifExists().execute();
    await db.schema.createIndex("proxy_operators_by_age").on("proxy_operators").columns(["application_id", "organization_open_id", "created_at", "id"]).execute();
    await db.schema
      .createIndex("organization_changes_by_target_and_age")
      .on("organization_changes")
      .columns(["target_organization_id", "state", "updated_at", "id"])
      .execute();
    await db.schema.dropIndex("organization_changes_by_target").ifExists().execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.createIndex("organization_changes_by_target").ifNotExists().on("organization_changes").columns(["target_organization_id", "state"]).execute();
    await db.schema.dropIndex("organization_changes_by_target_and_age").ifExists().execute();
    await db.schema.dropIndex("proxy_operators_by_age").ifExists().execute();
    await db.schema.createIndex("organizations_by_parent").ifNotExists().on("organizations").columns(["parent_id", "created_at"]).execute();
    await db.schema.dropIndex("organizations_by_group_join").ifExists().execute();
  },
};
