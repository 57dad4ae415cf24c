import type { Kysely } from "kysely";
import { compiledStatement, type QueryContext } from "./query-context.ts";
import type { Database } from "./schema.ts";

/** Tables of leased work: each has `id, state, attempts, leaseUntil, nextAttemptAt, createdAt`, pending while due. */
export type LeasedTable = "registration_tasks" | "callback_deliveries" | "sms_messages";

/**
 * Work items that workers on any node claim for a while (a lease) and then finish, give back or fail. The lease's
 * end time identifies a claim: a holder whose lease ran out and was taken over changes nothing.
 */
export function leasedWork<T extends LeasedTable>({ db, traits }: QueryContext, table: T) {
  type Row = Database[T];
  // `any`: Kysely cannot type one query over a table chosen by a type parameter; the columns used exist in each LeasedTable.
  const anyDb = db as Kysely<any>;
  const name: string = table;
  return {
    /** Takes the oldest due, unleased row, counts an attempt and leases it until `now + leaseMs` (compiledClaim). */
    async claim(now: number, leaseMs: number): Promise<Row | undefined> {
      const [row] = await claimOf(table)({ db, traits }, [now, now + leaseMs]);
      return row as Row | undefined;
    },

    /** Ends the claim `leaseUntil` with `outcome` (columns to set), if it is still the row's claim. */
    async end(id: string, leaseUntil: number, outcome: Partial<Row>): Promise<void> {
      await anyDb
        .updateTable(name)
        .set({ ...outcome, leaseUntil: null })
        .where("id", "=", id)
        .where("leaseUntil", "=", leaseUntil)
        .where("state", "=", "pending")
        .execute();
    },

    /** Forgets every lease: for the embedded store at start, where no other process can hold one. */
    async releaseAll(): Promise<void> {
      await anyDb.updateTable(name).set({ leaseUntil: null }).where("state", "=", "pending").execute();
    },
  };
}

const unleasedAt = (now: number) => (w: any) => w.or([w("leaseUntil", "is", null), w("leaseUntil", "<=", now)]);

/**
 * Takes the oldest due, unleased row, counts an attempt and leases it until `leaseUntil`, in one atomic
 * UPDATE … WHERE id = (SELECT …) RETURNING; where SKIP LOCKED exists, concurrent claimers pass over rows another
 * transaction holds instead of queueing on them. Compiled once: every idle worker runs it on every poll.
 */
const claims = new Map<LeasedTable, ReturnType<typeof compiledClaim>>();
const claimOf = (table: LeasedTable) => claims.get(table) ?? claims.set(table, compiledClaim(table)).get(table)!;
function compiledClaim(table: LeasedTable) {
  return compiledStatement(table, ({ db, traits }, now: number, leaseUntil: number) =>
    (db as Kysely<any>)
      .updateTable(table)
      .set((eb: any) => ({ leaseUntil, attempts: eb("attempts", "+", 1) }))
      .where("id", "=", (eb: any) =>
        eb
          .selectFrom(table)
          .select("id")
          .where("state", "=", "pending")
          .where("nextAttemptAt", "<=", now)
          .where(unleasedAt(now))
          .orderBy("nextAttemptAt")
          .orderBy("createdAt")
          .limit(1)
          .$if(traits.supportsSkipLocked, (q: any) => q.forUpdate().skipLocked()),
      )
      .where(unleasedAt(now))
      .returningAll(),
  );
}
