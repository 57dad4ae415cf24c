import type { Kysely, Migration } from "kysely";

/**
 * What a group's member list shows of an organization: its credit code (known once an enterprise is verified) and
 * when it joined its group. Membership itself stays `parent_id`. Old rows keep nulls: nothing recorded them.
 */
export const m0007_organization_groups: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable("organizations").addColumn("credit_code", "text").execute();
    await db.schema.alterTable("organizations").addColumn("group_joined_at", "bigint").execute();
    await db.schema.createIndex("organizations_by_parent").on("organizations").columns(["parent_id", "created_at"]).execute();
    // A person's enterprises, across organizations: who may have an enterprise join a group.
    await db.schema.createIndex("employees_by_mobile_anywhere").on("employees").column("mobile_hash").execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("employees_by_mobile_anywhere").ifExists().execute();
    await db.schema.dropIndex("organizations_by_parent").ifExists().execute();
    await db.schema.alterTable("organizations").dropColumn("group_joined_at").execute();
    await db.schema.alterTable("organizations").dropColumn("credit_code").execute();
  },
};
