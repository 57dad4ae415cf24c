import type { Kysely, Migration } from "kysely";

/**
 * An employee named by the caller's OpenId (Operator.OpenId, Bind/CreateIntegrationEmployees), WeCom OpenId or
 * mobile (a new employee's duplicate check, an admin's memberships) was read through an index on the organization
 * alone: SQLite chose employees_by_created for the lookups' order (oldest first) and read every employee of the
 * organization, whose number the caller sets (CreateIntegrationEmployees); by OpenId there was no other index.
 * Each of these holds the id and then the order, so a lookup reads its matching rows only.
 */
export const m0024_employee_lookups: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex("employees_by_open_id").on("employees").columns(["organization_id", "open_id", "created_at"]).execute();
    await db.schema.createIndex("employees_by_wework_open_id").on("employees").columns(["organization_id", "wework_open_id", "created_at"]).execute();
    await db.schema.dropIndex("employees_by_mobile").execute();
    await db.schema.createIndex("employees_by_mobile").on("employees").columns(["organization_id", "mobile_hash", "created_at"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("employees_by_mobile").ifExists().execute();
    await db.schema.createIndex("employees_by_mobile").on("employees").columns(["organization_id", "mobile_hash"]).execute();
    await db.schema.dropIndex("employees_by_wework_open_id").ifExists().execute();
    await db.schema.dropIndex("employees_by_open_id").ifExists().execute();
  },
};
