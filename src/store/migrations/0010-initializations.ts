import type { Kysely, Migration } from "kysely";

/**
 * What admins did on CreateBatchInitOrganizationUrl's links: one row per link, enterprise and operation, so an
 * operation is done once and the tenant can read what was done (sandbox control API).
 */
export const m0010_initializations: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("initializations")
      .addColumn("link_code", "text", (c) => c.notNull())
      .addColumn("target_organization_id", "text", (c) => c.notNull())
      .addColumn("operate_type", "text", (c) => c.notNull())
      // The tenant that created the link: whose record it is.
      .addColumn("organization_id", "text", (c) => c.notNull())
      // Operation details as JSON text (AuthorizedOrganizationId, ChangeAdminAuthAutoSign); no personal data.
      .addColumn("detail", "text", (c) => c.notNull())
      .addColumn("done_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("initializations_pk", ["link_code", "target_organization_id", "operate_type"])
      .execute();
    await db.schema.createIndex("initializations_by_org").on("initializations").columns(["organization_id", "done_at"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable("initializations").ifExists().execute();
  },
};
