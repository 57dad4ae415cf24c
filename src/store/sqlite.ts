import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { KyselyStore, type DialectTraits } from "./kysely-store.ts";
import type { Database } from "./schema.ts";
import type { Store } from "./ports.ts";

const sqliteTraits: DialectTraits = {
  // One writer at a time is SQLite's own rule; a migration runs inside its write transaction, so no extra lock.
  withMigrationLock: (_db, work) => work(),
};

/** Opens (creating if needed) the embedded store; `:memory:` gives a private in-memory database for tests. */
export function openSqliteStore(path: string): Store {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  // The CLI writes while a server runs on the same file; waiting beats failing with SQLITE_BUSY.
  database.pragma("busy_timeout = 5000");
  database.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return new KyselyStore(db, sqliteTraits);
}
