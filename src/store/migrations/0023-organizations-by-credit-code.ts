import type { Kysely, Migration } from "kysely";

/**
 * The enterprise a credit code names (CreateOrganizationInfoChangeUrl with UnifiedSocialCreditCode) was found by
 * reading every organization: credit_code had no index. In the order asked (oldest first), so the first is read
 * and nothing more, however many verifications share the code.
 */
export const m0023_organizations_by_credit_code: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex("organizations_by_credit_code").on("organizations").columns(["credit_code", "created_at", "id"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("organizations_by_credit_code").ifExists().execute();
  },
};
