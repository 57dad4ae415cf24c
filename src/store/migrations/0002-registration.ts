import type { Kysely, Migration } from "kysely";

export const m0002_registration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("registration_tasks")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("operator_id", "text", (c) => c.notNull())
      .addColumn("endpoint", "text", (c) => c.notNull())
      .addColumn("batch_auth_method", "integer", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("lease_until", "bigint")
      .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
      .addColumn("last_error", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("finished_at", "bigint")
      .execute();
    await db.schema.createIndex("registration_tasks_due").on("registration_tasks").columns(["state", "next_attempt_at"]).execute();

    await db.schema
      .createTable("auth_flows")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("sub_task_id", "text", (c) => c.unique())
      .addColumn("task_id", "text")
      .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("operator_id", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("organization_name", "text", (c) => c.notNull())
      .addColumn("name_key", "text", (c) => c.notNull())
      .addColumn("credit_code", "text", (c) => c.notNull())
      .addColumn("legal_name", "text", (c) => c.notNull())
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("admin_name", "text", (c) => c.notNull())
      .addColumn("admin_mobile_sealed", "text")
      .addColumn("admin_mobile_hash", "text")
      .addColumn("admin_id_type", "text", (c) => c.notNull())
      .addColumn("admin_id_sealed", "text")
      .addColumn("admin_id_hash", "text")
      .addColumn("authorization_types", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("error_message", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("auth_type", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("audit_status", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("link_token", "text")
      .addColumn("verified_organization_id", "text")
      .addColumn("options", "text", (c) => c.notNull().defaultTo("{}"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("auth_flows_by_task").on("auth_flows").columns(["task_id", "position"]).execute();
    await db.schema.createIndex("auth_flows_by_name").on("auth_flows").columns(["organization_id", "name_key"]).execute();
    await db.schema.createIndex("auth_flows_by_code").on("auth_flows").columns(["organization_id", "credit_code"]).execute();
    await db.schema.createIndex("auth_flows_by_admin").on("auth_flows").columns(["organization_id", "admin_mobile_hash"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable("auth_flows").ifExists().execute();
    await db.schema.dropTable("registration_tasks").ifExists().execute();
  },
};
