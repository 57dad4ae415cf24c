import type { Store } from "../ports.ts";

/**
 * Who holds a maintenance lock: kept in the store (the `settings` row named after the lock) so that any node, and
 * `essd doctor`, can name it.
 */
export interface MaintenanceLockHolder {
  /** What the holder does ("rotate", "retire"), for the refusal message. */
  purpose: string;
  host: string;
  pid: number;
  /** When it took the lock (ISO 8601, wall-clock time). */
  since: string;
  /** Names this one taking of the lock among all: a holder whose lock was taken over finds another token and stops. */
  token: string;
  /** PostgreSQL: the backend pid of the session whose advisory lock proves the holder alive. */
  session?: number;
}

export type MaintenanceLockRequest = Omit<MaintenanceLockHolder, "session">;

/**
 * - `free`: nobody holds it.
 * - `held`: its holder is alive (PostgreSQL: its session holds the advisory lock; SQLite: its pid runs on this
 *   host). `holder` is undefined for a PostgreSQL session that took the lock and has not yet recorded itself.
 * - `stale`: its holder is gone (PostgreSQL: its session ended; SQLite: its pid no longer runs on this host). The
 *   next taker takes it over.
 * - `unknown` (SQLite only): held from another host, or a record that names nobody; nothing here can tell whether it
 *   is still in use, so only a forced take (`essd master-key unlock --force`) takes it over.
 */
export type MaintenanceLockState =
  | { state: "free" }
  | { state: "held"; holder: MaintenanceLockHolder | undefined }
  | { state: "stale" | "unknown"; holder: MaintenanceLockHolder | undefined };

export interface HeldMaintenanceLock {
  readonly holder: MaintenanceLockHolder;
  /**
   * Inside a transaction of the store: throws MaintenanceLockLostError unless the lock is still this one's. On
   * PostgreSQL the lock's row stays locked until the transaction ends, so a takeover waits for it: whatever the
   * transaction writes was written by the holder of the lock.
   */
  confirm(tx: Store): Promise<void>;
  /** Gives the lock up; never removes a lock taken over since. */
  release(): Promise<void>;
}

/**
 * Locks over a whole store, for a command that must run alone wherever it is started (`essd master-key rotate`
 * and `retire`): every node and command sharing the store sees it. A second taker does not wait; it is refused
 * with MaintenanceLockedError naming the holder.
 */
export interface MaintenanceLocks {
  /** Takes lock `name`, taking over a stale one (and, with `force`, one whose holder cannot be checked). */
  take(name: string, request: MaintenanceLockRequest, options?: { force?: boolean }): Promise<HeldMaintenanceLock>;
  /** Who holds lock `name`, without touching it. */
  inspect(name: string): Promise<MaintenanceLockState>;
}
