import { type Kysely, type Migration } from "kysely";

export const m0001_foundation: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable("settings").addColumn("key", "text", (c) => c.primaryKey()).addColumn("value", "text", (c) => c.notNull()).execute();

    await db.schema
      .createTable("organizations")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("parent_id", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("roles")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("roles_by_org").on("roles").columns(["organization_id", "name"]).unique().execute();

    await db.schema
      .createTable("employees")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("display_name", "text", (c) => c.notNull())
      .addColumn("mobile_sealed", "text")
      .addColumn("mobile_hash", "text")
      .addColumn("email", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("open_id", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("wework_open_id", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("department_id", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("department_name", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("verified", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("verified_at", "bigint")
      .addColumn("quit", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("employees_by_mobile").on("employees").columns(["organization_id", "mobile_hash"]).execute();
    await db.schema.createIndex("employees_by_created").on("employees").columns(["organization_id", "created_at"]).execute();

    await db.schema
      .createTable("employee_roles")
      .addColumn("employee_id", "text", (c) => c.notNull())
      .addColumn("role_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("employee_roles_pk", ["employee_id", "role_id"])
      .execute();

    await db.schema
      .createTable("api_keys")
      .addColumn("secret_id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("secret_key_sealed", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .execute();

    await db.schema
      .createTable("links")
      .addColumn("code", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("target", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("quota_counters")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("count", "integer", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const table of ["quota_counters", "links", "api_keys", "employee_roles", "employees", "roles", "organizations", "settings"]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
