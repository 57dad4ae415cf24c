import type { Kysely, Migration } from "kysely";

/**
 * Changes made through CreateOrganizationInfoChangeUrl's links: a super-admin handed over (done at once), or an
 * enterprise's base information submitted, checked against the registry and decided by review. The tenant that
 * created the link reads them (sandbox control API); the review console reads those awaiting review.
 */
export const m0012_organization_changes: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("organization_changes")
      .addColumn("id", "text", (c) => c.primaryKey())
      // The tenant that created the link: whose record it is, and whose review policy decides it.
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("target_organization_id", "text", (c) => c.notNull())
      .addColumn("link_code", "text", (c) => c.notNull())
      .addColumn("change_type", "integer", (c) => c.notNull())
      // done (super-admin), reviewing, approved, rejected, failed (the registry refused it).
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("old_name", "text", (c) => c.notNull())
      .addColumn("new_name", "text", (c) => c.notNull())
      .addColumn("credit_code", "text", (c) => c.notNull())
      .addColumn("legal_name", "text", (c) => c.notNull())
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("old_admin_id", "text")
      .addColumn("new_admin_id", "text")
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("organization_changes_by_org").on("organization_changes").columns(["organization_id", "created_at"]).execute();
    await db.schema.createIndex("organization_changes_by_state").on("organization_changes").columns(["state", "updated_at"]).execute();
    await db.schema.createIndex("organization_changes_by_target").on("organization_changes").columns(["target_organization_id", "state"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable("organization_changes").ifExists().execute();
  },
};
