import type { Compilable, CompiledQuery, Kysely } from "kysely";
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
}

/** What every table module of the store is built over: one connection (or transaction) and its dialect's traits. */
export interface QueryContext {
  readonly db: Kysely<Database>;
  readonly traits: DialectTraits;
}

/** Runs several statements as one: inside the caller's transaction when there is one, else in a new one. */
export function atomically<T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * A read whose shape never changes, compiled once per store and then run with the call's values. Kysely builds,
 * transforms (camel case) and compiles every query afresh, which costs more than SQLite takes to answer these
 * one-row lookups by key; here only the values change. Reads only: a write must go through the plugins'
 * transformQuery, where the write watch hears it.
 *
 *   const byCode = compiledRead((db, code) => db.selectFrom("links").selectAll().where("code", "=", code));
 *   const rows = await byCode(context, [code]);
 */
export function compiledRead<R, A extends unknown[]>(build: (db: Kysely<Database>, ...values: A) => Compilable<R>): (context: QueryContext, values: A) => Promise<R[]> {
  // Keyed by the store's traits object, which a store and all its transactions share (one dialect each).
  const compiled = new WeakMap<DialectTraits, { query: CompiledQuery<R>; slots: number[] }>();
  return async ({ db, traits }, values) => {
    let entry = compiled.get(traits);
    if (!entry) {
      const markers = values.map((_, i) => `\u0000essd-value-${i}\u0000`) as unknown as A;
      const query = build(db, ...markers).compile();
      const slots = query.parameters.map((p) => markers.indexOf(p as A[number]));
      // Every value must land in the parameters as it was given, or the shape depends on the values.
      if (slots.some((s) => s < 0) || new Set(slots).size !== values.length) throw new Error(`compiledRead: ${query.sql} does not take its values as parameters`);
      entry = { query, slots };
      compiled.set(traits, entry);
    }
    const { query, slots } = entry;
    const result = await db.executeQuery<R>({ ...query, parameters: slots.map((s) => values[s]) });
    return result.rows;
  };
}
