import type { Kysely, Migration } from "kysely";

/**
 * The oldest few organizations (the API explorer's tenant picker, the start's "is there any tenant"), read in an
 * index's order and stopped at the limit: every verified enterprise is an organization, and without it each of
 * those reads sorted the whole table.
 */
export const m0021_organizations_by_age: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex("organizations_by_age").on("organizations").columns(["created_at", "id"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("organizations_by_age").ifExists().execute();
  },
};
