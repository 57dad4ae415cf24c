import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { Database } from "./schema.ts";

/** `IN ()` is a syntax error in SQL, so "any of no values" is spelled as a condition that never holds. */
export const MATCH_NOTHING = sql<boolean>`1 = 0`;

/**
 * `column` holds `text` somewhere in it, exactly (JavaScript's `includes`). Not LIKE: SQLite's ignores ASCII case and
 * both backends would read `%` and `_` in the text as wildcards; replace() is in both and compares exactly. `text`
 * must not be empty (nothing is replaced, so nothing would match): an empty filter is no filter.
 */
export const containsText = (column: string, text: string) => sql<boolean>`replace(${sql.ref(column)}, ${text}, '') <> ${sql.ref(column)}`;

/**
 * `column = value` as a filter on the rows found, never as a way to find them: `column || ''` is the same text on
 * both backends, but no index serves it. For lookups by a unique key that also check an owner column: an index
 * that starts with the owner column may look cheaper to a planner without statistics (SQLite keeps none) than the
 * key's own, and walk every row of that owner.
 */
export const filteredBy = (column: string, value: string) => sql<boolean>`${sql.ref(column)} || '' = ${value}`;

/** Inserts `row`, or, where a row with the same `key` exists, replaces its other columns with `row`'s. */
export async function upsert<T extends keyof Database>(db: Kysely<Database>, table: T, key: keyof Database[T] & string, row: Database[T]): Promise<void> {
  const { [key]: _key, ...others } = row as Record<string, unknown>;
  const name: string = table;
  // `any`: Kysely cannot type one statement over a table chosen by a type parameter; `row` is that table's row.
  await (db as Kysely<any>)
    .insertInto(name)
    .values(row)
    .onConflict((oc) => oc.column(key).doUpdateSet(others))
    .execute();
}

/** How many rows `query` finds (its own selection aside): the total beside a page of them. */
export async function countOf<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  // The row's type cannot be spelled over a generic selection; it holds `total` (a string or bigint on PostgreSQL).
  const row = (await query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow()) as unknown as { total: number | string | bigint };
  return Number(row.total);
}

/**
 * The first `limit` rows `query` finds (read as `rows`) and how many it finds in all: a list shorter than its
 * limit is the whole list, so only a full one pays for the count (a walk of every row).
 */
export async function withTotal<T, DB, TB extends keyof DB, O>(rows: T[], limit: number, query: SelectQueryBuilder<DB, TB, O>): Promise<{ rows: T[]; total: number }> {
  return { rows, total: rows.length < limit ? rows.length : await countOf(query) };
}

/** How many rows an UPDATE or DELETE changed (Kysely counts them as bigint). */
export const rowsChanged = (result: { numUpdatedRows: bigint } | { numDeletedRows: bigint }): number =>
  Number("numUpdatedRows" in result ? result.numUpdatedRows : result.numDeletedRows);
