import type { Kysely, Migration } from "kysely";

/**
 * A person's oldest few memberships (the group invitation page's enterprises), read in an index's order and
 * stopped at the limit: one mobile may be an employee of every enterprise a tenant verified under one admin, and
 * the index on mobile_hash alone left the order to a sort of them all. The wider index serves the lookup by mobile
 * alone as the old one did.
 */
export const m0022_employees_by_mobile_and_age: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.dropIndex("employees_by_mobile_anywhere").execute();
    await db.schema.createIndex("employees_by_mobile_anywhere").on("employees").columns(["mobile_hash", "created_at", "id"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("employees_by_mobile_anywhere").ifExists().execute();
    await db.schema.createIndex("employees_by_mobile_anywhere").on("employees").column("mobile_hash").execute();
  },
};
