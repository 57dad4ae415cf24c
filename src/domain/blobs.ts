import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Store } from "../store/ports.ts";

/** Uploaded files, stored by content hash outside the database rows. */
export interface BlobStore {
  /** Stores the bytes (once per content) and returns their SHA-256 in hex. */
  put(bytes: Buffer): Promise<string>;
  get(hash: string): Promise<Buffer | undefined>;
}

/** The name a file is stored under: its SHA-256 in hex. */
export const contentHash = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");
const sha256 = contentHash;

/** Files under `<dir>/<first two hex>/<hash>`, written through a temporary name so a crash leaves no half file. */
export function directoryBlobStore(dir: string): BlobStore {
  return {
    async put(bytes) {
      const hash = sha256(bytes);
      const folder = join(dir, hash.slice(0, 2));
      const path = join(folder, hash);
      if (!existsSync(path)) {
        mkdirSync(folder, { recursive: true, mode: 0o700 });
        const temporary = `${path}.${process.pid}.tmp`;
        writeFileSync(temporary, bytes, { mode: 0o600 });
        renameSync(temporary, path);
      }
      return hash;
    },
    async get(hash) {
      if (!/^[0-9a-f]{64}$/.test(hash)) return undefined;
      const path = join(dir, hash.slice(0, 2), hash);
      return existsSync(path) ? readFileSync(path) : undefined;
    },
  };
}

export function memoryBlobStore(): BlobStore {
  const blobs = new Map<string, Buffer>();
  return {
    async put(bytes) {
      const hash = sha256(bytes);
      blobs.set(hash, Buffer.from(bytes));
      return hash;
    },
    async get(hash) {
      return blobs.get(hash);
    },
  };
}

/** Blobs kept in the store's own table, so every node that shares the database shares the files. */
export function storeBlobStore(store: Store): BlobStore {
  return {
    async put(bytes) {
      const hash = sha256(bytes);
      await store.putBlob(hash, bytes);
      return hash;
    },
    get: (hash) => store.getBlob(hash),
  };
}
