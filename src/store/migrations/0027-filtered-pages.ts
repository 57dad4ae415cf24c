import type { Kysely, Migration } from "kysely";

/**
 * Pages narrowed by a key the indexes did not hold walked the organization's whole history: a batch
 * initialisation link's records (its page, on every view), an organization-change link's last change (its page),
 * and the sandbox outbox read for one mobile (`GET /_essd/outbox?mobile=`). Each walked the organization's rows in
 * order until the limit matched, which for a link's few rows meant all of them. Each index holds the key after the
 * organization and then the page's order, so a page reads its own rows only.
 */
export const m0027_filtered_pages: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex("initializations_by_link")
      .on("initializations")
      .columns(["organization_id", "link_code", "done_at", "target_organization_id", "operate_type"])
      .execute();
    await db.schema.createIndex("organization_changes_by_link").on("organization_changes").columns(["organization_id", "link_code", "created_at", "id"]).execute();
    await db.schema.createIndex("sms_messages_by_mobile").on("sms_messages").columns(["organization_id", "mobile_hash", "created_at", "id"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("sms_messages_by_mobile").ifExists().execute();
    await db.schema.dropIndex("organization_changes_by_link").ifExists().execute();
    await db.schema.dropIndex("initializations_by_link").ifExists().execute();
  },
};
