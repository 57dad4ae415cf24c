import type { Kysely, Migration } from "kysely";

/**
 * Who holds a role, asked by role (found by test/query-plans.test.ts): the super-admin hand-over's check that the
 * role has no current holder read every employee role of every tenant (SQLite) or every employee (PostgreSQL), and
 * the super-admin listing (the information-change page, the explorer's tenant page) every employee role. The primary
 * key (employee_id, role_id) serves only lookups by employee; this index, with employee_id, answers by role alone.
 */
export const m0019_employee_roles_by_role: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex("employee_roles_by_role").on("employee_roles").columns(["role_id", "employee_id"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("employee_roles_by_role").ifExists().execute();
  },
};
