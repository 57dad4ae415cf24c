import type { Kysely, Migration } from "kysely";

/** What the admin's pages, the reviewer and the sandbox controls keep: SMS messages, code checks, faults, policies. */
export const m0005_human_steps: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("sms_messages")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("mobile_sealed", "text", (c) => c.notNull())
      .addColumn("mobile_hash", "text", (c) => c.notNull())
      .addColumn("purpose", "text", (c) => c.notNull())
      // Sealed: texts carry verification codes and link tokens. Emptied once the message is sent or failed.
      .addColumn("body_sealed", "text", (c) => c.notNull())
      // outbox (sandbox: kept for reading) | pending → sent | failed (production: the SMS webhook).
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
      .addColumn("lease_until", "bigint")
      .addColumn("last_error", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("sent_at", "bigint")
      .execute();
    await db.schema.createIndex("sms_messages_due").on("sms_messages").columns(["state", "next_attempt_at"]).execute();
    await db.schema.createIndex("sms_messages_by_org").on("sms_messages").columns(["organization_id", "created_at"]).execute();

    await db.schema
      .createTable("link_verifications")
      .addColumn("link_code", "text", (c) => c.primaryKey())
      .addColumn("code_hash", "text")
      .addColumn("code_expires_at", "bigint", (c) => c.notNull())
      .addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("locked_until", "bigint")
      .addColumn("sent_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("sandbox_faults")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("target", "text", (c) => c.notNull())
      .addColumn("code", "text", (c) => c.notNull())
      .addColumn("message", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("sandbox_faults_lookup").on("sandbox_faults").columns(["organization_id", "kind", "target"]).execute();

    await db.schema
      .createTable("review_policies")
      .addColumn("organization_id", "text", (c) => c.primaryKey())
      .addColumn("policy", "text", (c) => c.notNull())
      .addColumn("delay_ms", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema.createIndex("auth_flows_awaiting_review").on("auth_flows").columns(["audit_status", "updated_at"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("auth_flows_awaiting_review").ifExists().execute();
    for (const table of ["review_policies", "sandbox_faults", "link_verifications", "sms_messages"]) await db.schema.dropTable(table).ifExists().execute();
  },
};
