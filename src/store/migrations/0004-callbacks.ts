import type { Kysely, Migration } from "kysely";

export const m0004_callbacks: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("callback_configs")
      .addColumn("organization_id", "text", (c) => c.primaryKey())
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("key_sealed", "text")
      .addColumn("token_sealed", "text")
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("callback_deliveries")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("msg_type", "text", (c) => c.notNull())
      .addColumn("payload", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
      .addColumn("lease_until", "bigint")
      // Retries stop after this; a re-send moves it 24 h past the re-send.
      .addColumn("give_up_at", "bigint", (c) => c.notNull())
      .addColumn("last_status", "integer")
      .addColumn("last_error", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("delivered_at", "bigint")
      .execute();
    await db.schema.createIndex("callback_deliveries_due").on("callback_deliveries").columns(["state", "next_attempt_at"]).execute();
    await db.schema.createIndex("callback_deliveries_by_org").on("callback_deliveries").columns(["organization_id", "created_at"]).execute();

    await db.schema
      .createTable("callback_attempts")
      .addColumn("delivery_id", "text", (c) => c.notNull())
      .addColumn("attempt", "integer", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("http_status", "integer")
      .addColumn("error", "text")
      .addColumn("duration_ms", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("callback_attempts_pk", ["delivery_id", "attempt"])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const table of ["callback_attempts", "callback_deliveries", "callback_configs"]) await db.schema.dropTable(table).ifExists().execute();
  },
};
