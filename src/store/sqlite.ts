import { closeSync, mkdirSync, openSync, readSync } from "node:fs";
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
  const otherWriters = watchOtherWriters(database, path === ":memory:" ? undefined : `${path}-shm`, options.foreignWritePollMs ?? SQLITE_FOREIGN_WRITE_POLL_MS);
  const opened = openKyselyStore(sqliteDialect(database), sqliteTraits, new ChangeFeed(otherWriters.start, otherWriters.check));
  const store = Object.assign(opened, { maintenanceLocks: embeddedMaintenanceLocks(opened) });
  if (path === ":memory:") return store;
  let checkpoints: BackgroundCheckpoints | undefined;
  const close = store.close;
  return Object.assign(store, {
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
 * process's own writes do not, and the write-watch plugin hears those. The read cache checks once per arriving call
 * (ChangeFeed.refresh), so a key revoked by the CLI is refused on the server's very next call; the poll only
 * flushes memory between calls.
 *
 * Reading data_version takes and drops the read locks (four system calls, ~6 % of a cached read call), so a check
 * first reads the header of the WAL index (`-shm`, the file SQLite's own readers look at to see whether anything
 * changed; the checkpointer reads its frame count too): every commit, by any connection, changes it (its change
 * counter, frame count and checksums). An unchanged header means no commit at all since the last look, and
 * data_version need not be read; a changed one — our own commit, another's, or a read torn by a writer — reads
 * data_version as before, which alone decides. The header is read before data_version, so a commit landing between
 * the two changes the header again and the next check reads data_version once more.
 */
function watchOtherWriters(database: BetterSqlite3.Database, shmPath: string | undefined, pollMs: number) {
  const version = database.prepare("PRAGMA data_version").pluck();
  let seen = version.get();
  const header = shmPath === undefined ? undefined : walIndexHeader(shmPath);
  let feed: ChangeFeed | undefined;
  const check = () => {
    if (!feed || !database.open) return;
    if (header && !header.changed()) return;
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
    return () => {
      clearInterval(timer);
      header?.close();
    };
  };
  return { start, check };
}

/** Both copies of the WAL-index header (48 bytes each; SQLite's walformat). */
const WAL_INDEX_HEADERS_BYTES = 96;

/**
 * Whether the WAL index's header differs from the last look. Any failure to read it (no `-shm` yet, a closed
 * file) answers "changed", which costs only the data_version read it would have saved.
 */
export function walIndexHeader(shmPath: string) {
  let fd: number | undefined;
  let last = Buffer.alloc(WAL_INDEX_HEADERS_BYTES);
  let next = Buffer.alloc(WAL_INDEX_HEADERS_BYTES);
  let known = false;
  let closed = false;
  return {
    changed(): boolean {
      if (closed) return true;
      try {
        fd ??= openSync(shmPath, "r");
        if (readSync(fd, next, 0, WAL_INDEX_HEADERS_BYTES, 0) !== WAL_INDEX_HEADERS_BYTES) return true;
      } catch {
        return true;
      }
      if (known && next.equals(last)) return false;
      [last, next] = [next, last];
      known = true;
      return true;
    },
    close() {
      closed = true;
      if (fd !== undefined) closeSync(fd);
    },
  };
}
