import { sql, type Kysely, type Migration } from "kysely";

/**
 * At most one organization information change awaits review per enterprise, even when two submissions race (two
 * tabs, two nodes): the store inserts a change under review only where this index lets it.
 */
export const m0014_one_change_under_review: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex("organization_changes_one_reviewing")
      .on("organization_changes")
      .column("target_organization_id")
      .unique()
      .where(sql.ref("state"), "=", "reviewing")
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("organization_changes_one_reviewing").ifExists().execute();
  },
};
