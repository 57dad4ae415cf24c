import type { Kysely, Migration } from "kysely";

/**
 * The mobile pages (employee change, batch initialisation, group joining…) key their SMS-code checks by a hash of
 * the link and the mobile, not by the link's code, so the sandbox reset could not find them through the tenant's
 * links. Each check now names the organization whose page sent the code (null for checks written before).
 */
export const m0013_link_verification_owner: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable("link_verifications").addColumn("organization_id", "text").execute();
    await db.schema.createIndex("link_verifications_by_org").on("link_verifications").column("organization_id").execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("link_verifications_by_org").ifExists().execute();
    await db.schema.alterTable("link_verifications").dropColumn("organization_id").execute();
  },
};
