import type { Kysely, Migration } from "kysely";

/**
 * DescribeOrganizationAuthStatus by name asks which approved changes gave an enterprise that name: answered through
 * organization_changes_by_state, it read every approved change of every tenant on each call. By the new name
 * first, it reads only the changes to that name.
 */
export const m0026_organization_changes_by_new_name: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex("organization_changes_by_new_name").on("organization_changes").columns(["new_name", "state", "updated_at", "id"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("organization_changes_by_new_name").ifExists().execute();
  },
};
