import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { ChangeFeed } from "./change-feed.ts";
import { embeddedMaintenanceLocks } from "./maintenance-lock.ts";
import { openKyselyStore, type KyselyStore } from "./kysely-store.ts";
import type { DialectTraits } from "./query-context.ts";
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from "./sqlite-checkpointer.ts";
import { sqliteDialect } from "./sqlite-driver.ts";

const sqliteTraits: DialectTraits = {
  // No FOR UPDATE in SQLite: one writer at a time is its own rule, so there is no row lock to take or skip.
  supportsRowLocks: false,
  supportsSkipLocked: false,
  // An embedded file is never "unreachable"; a locked database past busy_timeout is the one transient case.
  isUnavailable: (error) => (error as { code?: string })?.code === "SQLITE_BUSY",
};

export interface SqliteStoreOptions {
  /** How often to look for another process's commits between calls (SQLITE_FOREIGN_WRITE_POLL_MS). */
  foreignWritePollMs?: number;
}

/** Opens (creating if needed) the embedded store; `:memory:` gives a private in-memory database for tests. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): KyselyStore {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  // The CLI writes while a server runs on the same file; waiting beats failing with SQLITE_BUSY.
  database.pragma("busy_timeout = 5000");
  database.pragma("foreign_keys = ON");
  const otherWriters = watchOtherWriters(database, options.foreignWritePollMs ?? SQLITE_FOREIGN_WRITE_POLL_MS);
  const opened = openKyselyStore(sqliteDialect(database), sqliteTraits, new ChangeFeed(otherWriters.start, otherWriters.check));
  const store = Object.assign(opened, { maintenanceLocks: embeddedMaintenanceLocks(opened) });
  if (path === ":memory:") return store;
  let checkpoints: BackgroundCheckpoints | undefined;
  const close = store.close;
  return Object.assign(store, {
    walBytes() {
      try {
        return statSync(`${path}-wal`).size;
      } catch {
        return 0;
      }
    },
    maintainInBackground(onError: (message: string) => void) {
      checkpoints ??= startBackgroundCheckpoints(database, path, onError);
    },
    async close() {
      await checkpoints?.stop();
      await close();
    },
  });
}

/** How often the embedded store looks for commits made by another process on its file (the CLI's). */
export const SQLITE_FOREIGN_WRITE_POLL_MS = 200;

/**
 * Another connection's commit (`essd key revoke` while the server runs) changes `PRAGMA data_version`; this
 * process's own writes do not, and the write-watch plugin hears those. Reading it touches no page of the file but
 * takes and drops the read locks (three system calls), so the read cache checks it once per arriving call
 * (ChangeFeed.refresh): a key revoked by the CLI is refused on the server's very next call. The poll only
 * flushes memory between calls.
 */
function watchOtherWriters(database: BetterSqlite3.Database, pollMs: number) {
  const version = database.prepare("PRAGMA data_version").pluck();
  let seen = version.get();
  let feed: ChangeFeed | undefined;
  const check = () => {
    if (!feed || !database.open) return;
    const now = version.get();
    if (now !== seen) {
      seen = now;
      feed.emit();
    }
  };
  const start = (subscribed: ChangeFeed) => {
    feed = subscribed;
    const timer = setInterval(check, pollMs);
    timer.unref();
    return () => clearInterval(timer);
  };
  return { start, check };
}
