import { createRequire } from "node:module";
import { PostgresDialect, sql } from "kysely";
import type pgModule from "pg";
import { ChangeFeed } from "./change-feed.ts";
import { openKyselyStore, type KyselyStore } from "./kysely-store.ts";
import { postgresMaintenanceLocks } from "./postgres-maintenance-lock.ts";
import type { DialectTraits } from "./query-context.ts";
import { rowsDetachingClient } from "./pg-rows.ts";
import { DEFAULT_PREPARED_STATEMENTS, preparingClient, statementNames } from "./pg-prepared.ts";

export interface PostgresOptions {
  /** Connections per node (`--db-pool-size`). */
  poolSize: number;
  /** Longest a connection attempt or a statement may take (`--db-timeout-ms`); past it the call fails, never hangs. */
  timeoutMs: number;
  /** Keep essd's tables in this schema of a shared database (created if missing) instead of the default one. */
  schema?: string;
  /**
   * How many distinct statements a node prepares on each connection (`--db-prepared-statements`; 0: none, for a
   * PgBouncer in transaction mode without max_prepared_statements). See pg-prepared.ts.
   */
  preparedStatements?: number;
}

// SQLSTATE classes and client errors that mean "the database is not there right now", not "the query is wrong".
const UNAVAILABLE_SQLSTATES = /^(08|53|57P|57014)/;
const UNAVAILABLE_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection error|Client was closed/i;

const postgresTraits: Omit<DialectTraits, "schema"> = {
  // Several nodes work at once: overlapping transactions queue on a locked row, and claimers skip each other's.
  supportsRowLocks: true,
  supportsSkipLocked: true,
  isUnavailable(error) {
    const e = error as { code?: string; message?: string } | undefined;
    if (!e) return false;
    if (typeof e.code === "string" && (UNAVAILABLE_SQLSTATES.test(e.code) || UNAVAILABLE_NODE_CODES.has(e.code))) return true;
    return typeof e.message === "string" && UNAVAILABLE_MESSAGES.test(e.message);
  },
  async tableExists(db, table, schema) {
    const { rows } = await sql<{ present: boolean }>`select exists (select 1 from information_schema.tables where table_schema = ${schema ?? sql`current_schema()`} and table_name = ${table}) as present`.execute(db.withoutPlugins());
    return rows[0]?.present === true;
  },
};

/**
 * The pg package, loaded when a PostgreSQL store is first opened (synchronously: it is CommonJS), so an SQLite
 * node does not spend ≈ 5 % of its start loading a driver it never uses.
 */
let loaded: typeof pgModule | undefined;
const pgDriver = () => (loaded ??= createRequire(import.meta.url)("pg") as typeof pgModule);

/** Opens a PostgreSQL store over a connection pool; nothing connects until the first query. */
export function openPostgresStore(url: string, options: PostgresOptions): KyselyStore {
  const pg = pgDriver();
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
  const pool = new pg.Pool({
    // Rows handed over in an array of their own, so that pg's (pretenured) one holds none: see pg-rows.ts. Each
    // statement prepared once per connection, not parsed and planned by the server on every call: pg-prepared.ts.
    Client: preparingClient(rowsDetachingClient(pg), statementNames(options.preparedStatements ?? DEFAULT_PREPARED_STATEMENTS)),
    connectionString: url,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    max: options.poolSize,
    connectionTimeoutMillis: options.timeoutMs,
    statement_timeout: options.timeoutMs,
    // Covers a server that stops answering without closing the socket, which statement_timeout cannot.
    query_timeout: options.timeoutMs + 1_000,
    keepAlive: true,
  });
  // A connection dropped by the server emits "error": on the pool while idle, on the client while checked out
  // (between statements of a transaction). Either way the failing query rejects on its own; an unheard event
  // would crash the process, so both are listened to. The pool replaces dead connections on the next query.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  // bigint columns hold epoch milliseconds, far below 2^53: read them as numbers like SQLite does.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  const work = new Set<(queue: string) => void>();
  const workNotices = {
    subscribe(listener: (queue: string) => void) {
      work.add(listener);
      return () => void work.delete(listener);
    },
  };
  // One LISTEN connection for both channels, opened when the read cache subscribes (every node's does, at start).
  const changes = new ChangeFeed((feed) => listenForChanges(url, options, feed, (queue) => work.forEach((listener) => listener(queue))));
  const usage = () => ({ open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: options.poolSize });
  const store = openKyselyStore(new PostgresDialect({ pool }), { ...postgresTraits, schema: options.schema }, changes, usage, workNotices);
  // A lock's session is a connection of its own, outside the pool: held for a whole rotation, it must not take one
  // of the pool's (a pool of 1 would deadlock) nor be ended by it.
  const lockSession = (purpose: string) =>
    new pg.Client({
      connectionString: url,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
      connectionTimeoutMillis: options.timeoutMs,
      keepAlive: true,
      application_name: `essd ${purpose}`,
    });
  return Object.assign(store, { maintenanceLocks: postgresMaintenanceLocks(store, store.kysely, lockSession) });
}

/** The channel the `essd_cached_rows` triggers (migration 0009) notify when a cached table changes. */
export const CHANGES_CHANNEL = "essd_cached_rows";
/** The channel the `essd_work` triggers (migration 0017) notify when work is queued; the payload names the queue. */
export const WORK_CHANNEL = "essd_work";
const RELISTEN_MS = 1_000;

/**
 * One connection per node listens for other nodes' (and its own) committed changes to cached tables. Until it is
 * listening, and whenever it is lost, the feed is not live: caches step aside rather than risk a stale answer.
 * The same connection hears queued work (`onWork`); while it is lost, workers find new work at their next poll.
 */
function listenForChanges(url: string, options: PostgresOptions, feed: ChangeFeed, onWork: (queue: string) => void): () => void {
  let stopped = false;
  const pg = pgDriver();
  let client: pgModule.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  feed.setLive(false);
  const connect = async () => {
    const attempt = new pg.Client({ connectionString: url, connectionTimeoutMillis: options.timeoutMs, keepAlive: true });
    client = attempt;
    const lost = () => {
      if (client !== attempt) return;
      client = undefined;
      feed.setLive(false);
      attempt.end().catch(() => {});
      if (!stopped) retry = setTimeout(connect, RELISTEN_MS).unref();
    };
    attempt.on("error", lost);
    attempt.on("end", lost);
    attempt.on("notification", (message) => (message.channel === WORK_CHANNEL ? onWork(message.payload ?? "") : feed.emit()));
    try {
      await attempt.connect();
      await attempt.query(`listen ${CHANGES_CHANNEL}; listen ${WORK_CHANNEL}`);
      if (stopped) return void attempt.end().catch(() => {});
      feed.setLive(true);
    } catch {
      lost();
    }
  };
  void connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    const open = client;
    client = undefined;
    open?.end().catch(() => {});
  };
}
