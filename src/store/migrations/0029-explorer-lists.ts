import type { Kysely, Migration } from "kysely";

/**
 * The API explorer's pickers read only what they show, each in an index's order and stopped at its limit:
 *  - an organization's keys by status, oldest first (a tenant's or an application's active SecretIds; also a
 *    rotation's read of the keys that sign today, which read the whole table before);
 *  - the oldest applications, with their platform's name by key.
 */
export const m0029_explorer_lists: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex("api_keys_by_organization").on("api_keys").columns(["organization_id", "status", "created_at", "secret_id"]).execute();
    await db.schema.createIndex("applications_by_age").on("applications").columns(["created_at", "id"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("applications_by_age").ifExists().execute();
    await db.schema.dropIndex("api_keys_by_organization").ifExists().execute();
  },
};
