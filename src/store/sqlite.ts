import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { SqliteDialect } from "kysely";
import { ChangeFeed } from "./change-feed.ts";
import { openKyselyStore, type KyselyStore } from "./kysely-store.ts";
import type { DialectTraits } from "./query-context.ts";
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from "./sqlite-checkpointer.ts";

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
  const store = openKyselyStore(new SqliteDialect({ database: withStatementCache(database) }), sqliteTraits, new ChangeFeed(otherWriters.start, otherWriters.check));
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

/**
 * Kysely prepares every query afresh; preparing costs more than running these small queries, and the set of
 * distinct SQL texts is small and fixed, so prepared statements are kept by text.
 */
function withStatementCache(database: BetterSqlite3.Database) {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      // Kysely opens every transaction with a plain (deferred) `begin`: its first write must then upgrade a read
      // snapshot, which fails at once with SQLITE_BUSY, busy_timeout or not, when another process (an admin
      // command, a master-key rotation) committed meanwhile. `begin immediate` takes the write lock first and
      // waits for it; this process has one connection, so nothing of its own is serialized any further.
      const sql = text === "begin" ? "begin immediate" : text;
      let statement = statements.get(sql);
      if (!statement) {
        // `IN (…)` lists make a new text per length; the bound keeps memory flat whatever callers send.
        if (statements.size >= 1000) statements.clear();
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
