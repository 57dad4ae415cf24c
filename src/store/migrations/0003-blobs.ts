import type { Kysely, Migration } from "kysely";

export const m0003_blobs: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("blobs")
      .addColumn("hash", "text", (c) => c.primaryKey())
      .addColumn("bytes", "text", (c) => c.notNull())
      .addColumn("size", "integer", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable("blobs").ifExists().execute();
  },
};
