import type BetterSqlite3 from "better-sqlite3";
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from "kysely";
import { namedAsRecords, recordNames, wantsRecordNames } from "./record-names.ts";

/**
 * Kysely's SQLite dialect over one better-sqlite3 connection, with what its own driver lacks:
 * - Prepared statements are kept by SQL text. Kysely prepares every query afresh, preparing costs more than
 *   running these small queries, and the set of distinct texts is small and fixed.
 * - Transactions begin IMMEDIATE. A deferred `begin` makes the first write upgrade a read snapshot, which fails at
 *   once with SQLITE_BUSY (busy_timeout or not) when another process (an admin command, a master-key rotation)
 *   committed meanwhile; this process has one connection, so nothing of its own is serialized any further.
 * - Rows of queries built through the record-names plugin are made from better-sqlite3's arrays under the
 *   records' names (`record-names.ts`). better-sqlite3 builds each row object by looking every column name up
 *   afresh, and the plugin then built a second object per row to rename it; for auth_flows' wide rows that was
 *   about a sixth of a 10-row describe. Queries run without the plugin (migrations, `essd store copy`, the
 *   doctor's pragmas) get the stored names, as before.
 */
export function sqliteDialect(database: BetterSqlite3.Database): Dialect & DirectReads {
  const driver = new SqliteDriver(database);
  return {
    readNow: (query, parameters) => driver.readNow(query, parameters),
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
    createQueryCompiler: (): QueryCompiler => new SqliteQueryCompiler(),
  };
}

/**
 * A dialect that can answer a compiled read at once, without Kysely's connection hand-over and its promises, when
 * no transaction holds the connection (undefined then: the read queues behind the transaction through Kysely).
 * On SQLite that hand-over cost as much as executing a lookup by key (16 µs a read against 7.5 µs).
 */
export interface DirectReads {
  readNow(query: CompiledQuery, parameters: readonly unknown[]): unknown[] | undefined;
}

/** Above this many distinct texts the cache starts again: `IN (…)` lists make a new text per length. */
const MAX_STATEMENTS = 1000;

interface Prepared {
  statement: BetterSqlite3.Statement;
  /** How a reading statement's row (better-sqlite3's array) becomes a record: made once per statement. */
  record?: (values: unknown[]) => Record<string, unknown>;
}

class SqliteDriver implements Driver {
  /**
   * By SQL text, one map for reads named as records and one for the rest: a key made of a prefix and the text
   * would be a new string on every call, flattened and hashed over its whole length (a kilobyte for a wide read).
   */
  private readonly statements = { named: new Map<string, Prepared>(), plain: new Map<string, Prepared>() };
  private readonly connection: DatabaseConnection;
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  constructor(private readonly database: BetterSqlite3.Database) {
    this.connection = {
      executeQuery: async <R>(query: CompiledQuery) => this.execute(query) as QueryResult<R>,
      streamQuery: <R>(query: CompiledQuery) => this.stream(query) as AsyncIterableIterator<QueryResult<R>>,
    };
  }

  async init(): Promise<void> {}

  /**
   * A read run at once, as `execute` would run it, unless a transaction holds the connection. Only for reads
   * built through the record-names plugin, whose rows `execute` names itself (Kysely's plugin would rename others).
   */
  readNow(query: CompiledQuery, parameters: readonly unknown[]): unknown[] | undefined {
    if (this.held || !wantsRecordNames(query.queryId)) return undefined;
    return this.execute({ ...query, parameters }).rows;
  }

  /** One connection: a transaction holds it until it ends, so callers queue here. */
  async acquireConnection(): Promise<DatabaseConnection> {
    while (this.held) await this.held;
    this.held = new Promise((resolve) => (this.release = resolve));
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.held = undefined;
    this.release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async destroy(): Promise<void> {
    this.database.close();
  }

  private prepared(sql: string, named: boolean): Prepared {
    const statements = named ? this.statements.named : this.statements.plain;
    let prepared = statements.get(sql);
    if (!prepared) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      const statement = this.database.prepare(sql);
      prepared = named && statement.reader ? { statement: statement.raw(true), record: recordMaker(statement.columns().map((c) => recordNames.recordName(c.name))) } : { statement };
      statements.set(sql, prepared);
    }
    return prepared;
  }

  private execute(query: CompiledQuery): QueryResult<unknown> {
    const { statement, record } = this.prepared(query.sql, wantsRecordNames(query.queryId));
    if (record) return { rows: namedAsRecords((statement.all(query.parameters) as unknown[][]).map(record)) };
    if (statement.reader) return { rows: statement.all(query.parameters) };
    const { changes, lastInsertRowid } = statement.run(query.parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  private async *stream(query: CompiledQuery): AsyncIterableIterator<QueryResult<unknown>> {
    if (!SelectQueryNode.is(query.query)) throw new Error("the SQLite driver streams only SELECT queries");
    const { statement, record } = this.prepared(query.sql, wantsRecordNames(query.queryId));
    for (const row of statement.iterate(query.parameters)) yield { rows: record ? namedAsRecords([record(row as unknown[])]) : [row] };
  }
}

/**
 * A row object as better-sqlite3 makes it (columns in order, a later duplicate name wins), made by one object
 * literal compiled for the statement's names. A loop of `row[name] = value` is a keyed store per column that every
 * table's rows share, so it runs megamorphic (a lookup of the name in a global cache, and a map transition, per
 * column and row); a literal makes each row with its final map at once, and the map is the same for every row of
 * the statement, which keeps the code reading the records monomorphic too.
 */
export function recordMaker(names: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  // A "__proto__" key in a literal sets the prototype instead of a property: such a column (none is) takes the loop.
  if (names.includes("__proto__")) return (values) => recordOf(names, values);
  // The names are the columns' (JSON-quoted here, so any text is a plain key); the values are read by position.
  return new Function("v", `return {${names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(", ")}};`) as (values: unknown[]) => Record<string, unknown>;
}

function recordOf(names: readonly string[], values: unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
  return row;
}
