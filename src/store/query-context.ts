import type { Compilable, CompiledQuery, Kysely } from "kysely";
import { perOwner } from "../platform/per-owner.ts";
import { CACHED_TABLES, CACHED_WHEN_FOUND } from "./change-feed.ts";
import type { Database } from "./schema.ts";

/**
 * What differs between backends, each with the reason it differs. (Migrations need nothing here: Kysely's
 * migrator already takes PostgreSQL's advisory lock, and SQLite has a single writer.)
 */
export interface DialectTraits {
  /**
   * `SELECT … FOR UPDATE` holds the rows read until the transaction ends, so overlapping transactions of several
   * nodes (PostgreSQL) queue on a row; SQLite has no such clause, its one writer already excludes the others.
   */
  readonly supportsRowLocks: boolean;
  /**
   * `FOR UPDATE SKIP LOCKED` lets concurrent claimers pass over rows another node holds instead of queueing on
   * them (PostgreSQL); SQLite has one writer, so a claim never meets a row another claimer holds.
   */
  readonly supportsSkipLocked: boolean;
  /** A lost, timed-out or overloaded database, as opposed to a faulty query. */
  isUnavailable(error: unknown): boolean;
  /** The PostgreSQL schema essd lives in, when not the default; Kysely's migrator must look for its tables there. */
  readonly schema?: string;
  /**
   * Whether a table exists, asked of the catalog. Where a read of a missing table fails through Kysely (which
   * extends the error's stack, so Node formats it and parses the bundle's source map, ≈ 12 MB kept for the
   * process's life), a new store's first start asks this instead of failing a read.
   */
  tableExists?(db: Kysely<Database>, table: string, schema: string | undefined): Promise<boolean>;
}

/** What every table module of the store is built over: one connection (or transaction) and its dialect's traits. */
export interface QueryContext {
  readonly db: Kysely<Database>;
  readonly traits: DialectTraits;
  /**
   * Outside transactions on SQLite: a compiled read's rows at once, or undefined when it must go through Kysely
   * (a transaction holds the connection). See DirectReads in sqlite-driver.ts.
   */
  readonly readNow?: (query: CompiledQuery, parameters: readonly unknown[]) => unknown[] | undefined;
}

/** Runs several statements as one: inside the caller's transaction when there is one, else in a new one. */
export function atomically<T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * A read compiled once per shape and store, then run with the call's values. Kysely builds, transforms (camel
 * case) and compiles every query afresh, which costs more than SQLite takes to answer a lookup by key; here only
 * the values change. The shape is everything but the strings among `values` (which keys are set, how long each
 * list is, any number), so a filter given or not, or an `IN` list of another length, is compiled on its own.
 * Reads only: a write must go through the plugins' transformQuery, where the write watch hears it.
 *
 *   const byCode = compiledRead((db, code: string) => db.selectFrom("links").selectAll().where("code", "=", code));
 *   const rows = await byCode(context, [code]);
 */
export function compiledRead<R, A extends unknown[]>(build: (db: Kysely<Database>, ...values: A) => Compilable<R>): (context: QueryContext, values: A) => Promise<R[]> {
  const compiled = perOwner<DialectTraits, string, Marked<R>>(200);
  return async ({ db, traits, readNow }, values) => {
    const given: unknown[] = [];
    const entry = compiled(traits, shapeOf(values, false, given), () => {
      const marked = compileOverMarkers(values, false, (markers) => build(db, ...(markers as A)));
      // Every string must reach the parameters, each once, or the SQL would depend on it.
      const { query, slots, count } = marked;
      if (slots.includes(-1) || slots.length !== count || new Set(slots).size !== count) throw new Error(`compiledRead: ${query.sql} does not take its values as parameters`);
      return marked;
    });
    const parameters = parametersOf(entry, given);
    const rows = readNow?.(entry.query, parameters);
    return (rows as R[] | undefined) ?? (await db.executeQuery<R>({ ...entry.query, parameters })).rows;
  };
}

/**
 * An INSERT of whole rows into `table`, compiled once per row count and store, then run with the rows' values (in
 * `columns` order): building, transforming and compiling a three-row INSERT cost Kysely more than SQLite takes to
 * write it. A plain INSERT, and only into tables whose plain INSERTs the write watch lets pass (no read cache
 * holds their rows, or holds only rows found, as for links): the watch hears a statement when it is compiled, and
 * this one is compiled once.
 */
export function compiledInsert<T extends keyof Database & string>(table: T, columns: ReadonlyArray<keyof Database[T] & string>): (context: QueryContext, rows: ReadonlyArray<Database[T]>) => Promise<void> {
  if (CACHED_TABLES.has(table)) throw new Error(`compiledInsert: ${table} is cached, its writes must pass the write watch`);
  const compiled = perOwner<DialectTraits, number, { query: CompiledQuery; slots: Array<[row: number, column: string]> }>(100);
  return async ({ db, traits }, rows) => {
    if (!rows.length) return;
    const entry = compiled(traits, rows.length, () => {
      const marker = (row: number, column: string) => `\u0000essd-row-${row}-${column}\u0000`;
      const markers = rows.map((_, r) => Object.fromEntries(columns.map((c) => [c, marker(r, c)])));
      // `any`: Kysely cannot type an INSERT into a table chosen by a type parameter; the rows are that table's.
      const query = (db as Kysely<any>).insertInto(table).values(markers).compile();
      const slots = query.parameters.map((p) => {
        const match = typeof p === "string" ? /^\u0000essd-row-(\d+)-(\w+)\u0000$/.exec(p) : null;
        if (!match) throw new Error(`compiledInsert: ${query.sql} does not take its values as parameters`);
        return [Number(match[1]), match[2]!] as [number, string];
      });
      if (slots.length !== rows.length * columns.length) throw new Error(`compiledInsert: ${query.sql} does not take each value once`);
      return { query, slots };
    });
    const parameters = entry.slots.map(([r, c]) => (rows[r] as Record<string, unknown>)[c]);
    await db.executeQuery({ ...entry.query, parameters });
  };
}

/**
 * A statement over `table` compiled once per shape and store, every string and number among `values` a parameter
 * (the shape is what is left: keys, list lengths, booleans, nulls); constants the statement holds itself (a
 * `limit(1)`, an `attempts + 1`) stay as compiled. For what runs on a timer, such as the workers' claims: building
 * those afresh on every poll of every idle worker was most of an idle essd's CPU. Like compiledInsert, only for
 * tables no read cache holds (the write watch hears a statement when it is compiled, and this one is compiled once).
 */
export function compiledStatement<R, A extends unknown[]>(table: keyof Database & string, build: (context: QueryContext, ...values: A) => Compilable<R>): (context: QueryContext, values: A) => Promise<R[]> {
  if (CACHED_TABLES.has(table) || CACHED_WHEN_FOUND.has(table)) throw new Error(`compiledStatement: ${table} is cached, its statements must pass the write watch`);
  const compiled = perOwner<DialectTraits, string, Marked<R>>(50);
  return async ({ db, traits }, values) => {
    const given: unknown[] = [];
    const entry = compiled(traits, shapeOf(values, true, given), () => {
      const marked = compileOverMarkers(values, true, (markers) => build({ db, traits }, ...(markers as A)));
      // Every value must reach the parameters (it may more than once), or the SQL would depend on it.
      for (let i = 0; i < marked.count; i++) if (!marked.slots.includes(i)) throw new Error(`compiledStatement: ${marked.query.sql} does not take value ${i} as a parameter`);
      return marked;
    });
    return (await db.executeQuery<R>({ ...entry.query, parameters: parametersOf(entry, given) })).rows;
  };
}

/** A statement compiled over markers: which value each parameter takes (-1: a constant of the statement's own). */
interface Marked<R> {
  query: CompiledQuery<R>;
  slots: number[];
  /** How many values were marked. */
  count: number;
}

/**
 * The shape a compilation serves: `values` as JSON with each string (and number, if asked) written as 0 and pushed
 * to `leaves` instead, depth first in key order (the order replaceLeaves marks them in). One walk for both,
 * where JSON.stringify with a replacer and a second walk for the parameters cost each read ≈ 1–3 µs.
 */
function shapeOf(value: unknown, numbers: boolean, leaves: unknown[]): string {
  switch (typeof value) {
    case "string":
      leaves.push(value);
      return "0";
    case "number":
      if (!numbers) return JSON.stringify(value);
      leaves.push(value);
      return "0";
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i ? "," : "") + shapeOf(value[i] ?? null, numbers, leaves);
        return out + "]";
      }
      // As JSON.stringify: an undefined (or function) value leaves its key out, so `{ a: undefined }` is `{}`'s shape.
      let out = "{";
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined || typeof item === "function") continue;
        out += (out.length > 1 ? "," : "") + JSON.stringify(key) + ":" + shapeOf(item, numbers, leaves);
      }
      return out + "}";
    }
    default:
      return "null";
  }
}

/** Compiles `build` over markers standing for the strings (and numbers, if asked) among `values`. */
function compileOverMarkers<R>(values: unknown[], numbers: boolean, build: (markers: unknown[]) => Compilable<R>): Marked<R> {
  let count = 0;
  const markers = replaceLeaves(values, (leaf) => (typeof leaf === "string" ? `\u0000essd-value-${count++}\u0000` : numberMarker(count++)), numbers) as unknown[];
  const query = build(markers).compile();
  // Which value each parameter is (the SQL may take them in another order than the values list them).
  const slots = query.parameters.map((p) => {
    const match = typeof p === "string" ? /^\u0000essd-value-(\d+)\u0000$/.exec(p) : null;
    return match ? Number(match[1]) : typeof p === "number" ? numberMarkerSlot(p) : -1;
  });
  return { query, slots, count };
}

/** The parameters of a marked statement for this call's values (`given`: their leaves, as shapeOf listed them). */
function parametersOf(entry: Marked<unknown>, given: unknown[]): unknown[] {
  return entry.slots.map((slot, i) => (slot === -1 ? entry.query.parameters[i] : given[slot]));
}

/** Numbers no caller passes (negative, fractional, beyond any time in milliseconds) stand for numeric values. */
const NUMBER_MARKERS_BELOW = -(2 ** 50);
const numberMarker = (slot: number) => NUMBER_MARKERS_BELOW - slot - 0.5;
const numberMarkerSlot = (p: number) => (p < NUMBER_MARKERS_BELOW && p % 1 !== 0 ? NUMBER_MARKERS_BELOW - p - 0.5 : -1);

/** `value` with each string (and each number, if asked) replaced by its marker, in the order shapeOf lists them. */
function replaceLeaves(value: unknown, marker: (leaf: string | number) => unknown, numbers = false): unknown {
  if (typeof value === "string" || (numbers && typeof value === "number")) return marker(value);
  if (Array.isArray(value)) return value.map((item) => replaceLeaves(item, marker, numbers));
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).map((key) => [key, replaceLeaves((value as Record<string, unknown>)[key], marker, numbers)]));
  return value;
}
