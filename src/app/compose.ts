import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Config } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { systemClock, type Clock } from "../platform/clock.ts";
import { randomIds, type Ids } from "../platform/ids.ts";
import { Keyring, loadMasterKeys } from "../platform/master-key.ts";
import { secretBoxOf } from "./secret-box-of-store.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { openPostgresStore } from "../store/postgres.ts";
import type { Store } from "../store/ports.ts";
import type { SecretBox } from "../platform/secret-box.ts";
import { withReadCache } from "../store/read-cache.ts";
import { directoryBlobStore, memoryBlobStore, storeBlobStore, type BlobStore } from "../domain/blobs.ts";
import { fileRegistry, sandboxRegistry, type EnterpriseRegistry } from "../domain/registration/registry.ts";

export interface Overrides {
  clock?: Clock;
  ids?: Ids;
  /** Use this store instead of the data dir's (tests: an in-memory SQLite). */
  store?: Store;
  /** The master key (or keys, active first); tests give one, the store otherwise uses the configured ones. */
  masterKey?: Buffer | Keyring;
  blobs?: BlobStore;
  registry?: EnterpriseRegistry;
  /** The read cache's backstop (READ_CACHE_TTL_MS); tests make it long to prove invalidation alone suffices. */
  readCacheTtlMs?: number;
}

/**
 * The composition root: opens the store, applies migrations, checks the master key against the store and
 * returns the domain's dependencies. Servers and CLI commands both start here.
 */
export async function openDomain(config: Config, overrides: Overrides = {}): Promise<DomainDeps> {
  const store =
    overrides.store ??
    (config.databaseUrl
      ? openPostgresStore(config.databaseUrl, { poolSize: config.dbPoolSize, timeoutMs: config.dbTimeoutMs, preparedStatements: config.dbPreparedStatements })
      : openSqliteStore(join(config.dataDir, "essd.sqlite")));
  const masterKey = overrides.masterKey ?? (overrides.store ? randomBytes(32) : Keyring.of(loadMasterKeys(config.masterKey, config.dataDir)));
  let box: SecretBox;
  try {
    await store.migrate();
    box = await secretBoxOf(store, masterKey instanceof Keyring ? masterKey : new Keyring([masterKey]));
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    // Every call reads its key, organization and operator: kept in memory, flushed on any node's change.
    store: withReadCache(store, { ttlMs: overrides.readCacheTtlMs }),
    box,
    clock: overrides.clock ?? systemClock,
    ids: overrides.ids ?? randomIds,
    publicUrl: config.publicUrl,
    // Nodes sharing PostgreSQL share its blob table; the embedded store keeps files beside its database.
    blobs: overrides.blobs ?? (config.databaseUrl ? storeBlobStore(store) : overrides.store ? memoryBlobStore() : directoryBlobStore(join(config.dataDir, "blobs"))),
    registration: {
      idChecks: config.idChecks,
      dailyOrganizationLimit: config.dailyLimit,
      registry: overrides.registry ?? (config.registry ? fileRegistry(config.registry) : sandboxRegistry),
    },
    mode: config.mode,
    humanSteps: {
      defaultReview: { policy: config.review, delayMs: config.reviewDelay * 1000 },
      smsWebhookUrl: config.smsWebhook,
    },
    // Replaced by the worker's wake-up when a worker runs in this process.
    notifyWork: () => {},
  };
}
