/**
 * The persistence port: what the domain may ask of storage, in persistence verbs. No business rule lives
 * behind it. Each part is declared in `ports/` by what it holds and implemented by one module of `tables/`;
 * both backends share those modules (`kysely-store.ts` puts them together).
 */
import type { ChangeSource } from "./change-feed.ts";
import type { ApiKeyStore } from "./ports/api-keys.ts";
import type { CallbackStore } from "./ports/callbacks.ts";
import type { EmployeeStore } from "./ports/employees.ts";
import type { InitializationStore } from "./ports/initializations.ts";
import type { OrganizationChangeStore } from "./ports/organization-changes.ts";
import type { LinkVerificationStore } from "./ports/link-verifications.ts";
import type { LinkStore } from "./ports/links.ts";
import type { MaintenanceLocks } from "./ports/maintenance-locks.ts";
import type { OrganizationStore } from "./ports/organizations.ts";
import type { PlatformStore } from "./ports/platforms.ts";
import type { AuthFlowStore, RegistrationTaskStore } from "./ports/registration.ts";
import type { ReviewPolicyStore } from "./ports/review-policies.ts";
import type { SandboxFaultStore } from "./ports/sandbox-faults.ts";
import type { SealedValueStore } from "./ports/sealed-values.ts";
import type { SmsMessageStore } from "./ports/sms-messages.ts";
import type { WorkQueueStore } from "./ports/work-queues.ts";

export type * from "./ports/api-keys.ts";
export type * from "./ports/callbacks.ts";
export type * from "./ports/employees.ts";
export type * from "./ports/initializations.ts";
export type * from "./ports/organization-changes.ts";
export type * from "./ports/link-verifications.ts";
export type * from "./ports/links.ts";
export type * from "./ports/maintenance-locks.ts";
export type * from "./ports/organizations.ts";
export type * from "./ports/platforms.ts";
export type * from "./ports/registration.ts";
export type * from "./ports/review-policies.ts";
export type * from "./ports/sandbox-faults.ts";
export type * from "./ports/sealed-values.ts";
export type * from "./ports/sms-messages.ts";
export type * from "./ports/work-queues.ts";

export interface Store
  extends StoreLifecycle,
    SettingStore,
    BlobBytesStore,
    QuotaStore,
    OrganizationStore,
    EmployeeStore,
    ApiKeyStore,
    LinkStore,
    RegistrationTaskStore,
    AuthFlowStore,
    CallbackStore,
    SmsMessageStore,
    LinkVerificationStore,
    SandboxFaultStore,
    ReviewPolicyStore,
    SandboxResetStore,
    PlatformStore,
    WorkQueueStore,
    InitializationStore,
    OrganizationChangeStore,
    SealedValueStore {}

export interface StoreLifecycle {
  /** Applies pending schema migrations; safe to call at every start. */
  migrate(): Promise<void>;
  /** Resolves when the store can answer a query. */
  ping(): Promise<void>;
  /** Whether an error means the database is unreachable or overloaded (answered as InternalError.Db). */
  isUnavailable(error: unknown): boolean;
  close(): Promise<void>;
  /**
   * Starts the upkeep a serving process runs beside its calls (the embedded store: WAL checkpoints from a worker
   * thread, off the event loop); close() stops it. Absent where there is none.
   */
  maintainInBackground?(onError: (message: string) => void): void;
  /** Where read caches hear that cached rows changed (every node's writes); absent, nothing may be cached. */
  readonly changes?: ChangeSource;
  /**
   * Where workers hear that another node queued work, by queue name (PostgreSQL's NOTIFY on commit); absent (SQLite,
   * one node, woken in-process) they rely on that and on their poll.
   */
  readonly workNotices?: WorkNotices;
  /** Locks over the whole store for commands that must run alone (master-key rotate); absent in a transaction's store. */
  readonly maintenanceLocks?: MaintenanceLocks;
  /** Runs `work` atomically: everything it writes through the given store commits or none of it does. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Tells `observer` how long each query took (the metrics' store latency); one observer, the last one set. */
  observeQueries(observer: QueryObserver): void;
  /** The connection pool's use now (PostgreSQL); undefined for the embedded store, which has one connection. */
  poolUsage(): PoolUsage | undefined;
  /** The size of the embedded store's WAL file in bytes (0 when there is none); absent on PostgreSQL and in memory. */
  walBytes?(): number;
}

export interface WorkNotices {
  /** Calls `listener` with the queue ("registration", "callbacks", "sms") some node queued work in; answers the unsubscribe. */
  subscribe(listener: (queue: string) => void): () => void;
}

/** Told of every statement run: how long it took and what it was (the query-plan test explains each one). */
export type QueryObserver = (ms: number, query: { readonly sql: string; readonly parameters: readonly unknown[] }) => void;

export interface PoolUsage {
  /** Connections open, idle among them, and queries waiting for one; `max` is --db-pool-size. */
  open: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface SettingStore {
  getSetting(key: string): Promise<string | undefined>;
  /** Stores `value` unless the key exists; returns whichever value is stored afterwards. */
  putSettingIfAbsent(key: string, value: string): Promise<string>;
  /** Stores `value` under `key`, replacing any value there. */
  replaceSetting(key: string, value: string): Promise<void>;
  /**
   * Whether `key` holds `value`; in a transaction on PostgreSQL the row stays locked until it ends, so a writer of
   * the key waits for it (a fence: what the transaction writes was decided while the value was still there).
   */
  settingHolds(key: string, value: string): Promise<boolean>;
  /** Removes `key` if it still holds `value` (never a value written since); answers whether it did. */
  deleteSettingIf(key: string, value: string): Promise<boolean>;
}

/** Uploaded files in the database (the PostgreSQL installation's blob store; the embedded one keeps files in a directory). */
export interface BlobBytesStore {
  /** Stores bytes under their content hash (no-op when present). */
  putBlob(hash: string, bytes: Buffer): Promise<void>;
  getBlob(hash: string): Promise<Buffer | undefined>;
}

/** Named counters that expire: daily limits, and the sandbox clock's shared offset. */
export interface QuotaStore {
  /** Adds `by` to a named counter (created on first use, forgotten after `expiresAt`) and returns the new total. */
  addToQuota(key: string, by: number, expiresAt: number, now: number): Promise<number>;
  /** A counter's total at `now` (0 when it never existed or has expired), without changing it. */
  readQuota(key: string, now: number): Promise<number>;
}

/** The sandbox's reset of one organization (its tenant, employees, keys and callback settings stay). */
export interface SandboxResetStore {
  /** Deletes every registration task, flow and link of the organization; returns the counts. */
  deleteRegistrationData(organizationId: string): Promise<{ tasks: number; flows: number; links: number }>;
  /**
   * Deletes the organization's SMS messages, faults, review policy and its links' code checks (so it must run
   * before deleteRegistrationData, which deletes the links); returns the counts.
   */
  deleteHumanStepData(organizationId: string): Promise<{ smsMessages: number; faults: number }>;
  /**
   * Deletes what the organization's later pages and actions left: initialisations, organization changes, callback deliveries (and their
   * attempts), its quota counters (those of its flows too, so it must run before deleteRegistrationData), and
   * clears its employees' OpenId bindings; returns the counts.
   */
  deleteTenantActivity(organizationId: string): Promise<{ initializations: number; organizationChanges: number; callbackDeliveries: number; openIdBindings: number }>;
}
