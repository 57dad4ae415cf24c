import type { Kysely } from "kysely";
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
