import type { QueryContext } from "../query-context.ts";
import type { BlobBytesStore } from "../ports.ts";

/** Uploaded files by content hash, base64 in a text column. */
export const blobs = ({ db }: QueryContext) =>
  ({
    async putBlob(hash, bytes) {
      await db.insertInto("blobs").values({ hash, bytes: bytes.toString("base64"), size: bytes.length }).onConflict((oc) => oc.column("hash").doNothing()).execute();
    },
    async getBlob(hash) {
      const row = await db.selectFrom("blobs").select("bytes").where("hash", "=", hash).executeTakeFirst();
      return row && Buffer.from(row.bytes, "base64");
    },
  }) satisfies BlobBytesStore;
