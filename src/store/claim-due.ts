import type { Kysely, Selectable } from "kysely";
import type { Database } from "./schema.ts";

/** Tables of leased work: both share `id, state, attempts, lease_until, next_attempt_at, created_at`. */
export type LeasedTable = "registration_tasks" | "callback_deliveries" | "sms_messages";

/**
 * Takes the oldest due, unleased row of `table` and leases it until `now + leaseMs`, in one atomic
 * UPDATE … WHERE id = (SELECT …) RETURNING; with `skipLocked` (PostgreSQL) concurrent claimers pass over rows
 * another transaction holds instead of queueing on them.
 */
export async function claimDue<T extends LeasedTable>(
  db: Kysely<Database>,
  table: T,
  skipLocked: boolean,
  now: number,
  leaseMs: number,
): Promise<Selectable<Database[T]> | undefined> {
  // `any`: Kysely cannot type one query over either of two tables; the columns used exist in both (LeasedTable).
  const name: string = table;
  const row = await (db as unknown as Kysely<any>)
    .updateTable(name)
    .set((eb: any) => ({ lease_until: now + leaseMs, attempts: eb("attempts", "+", 1) }))
    .where("id", "=", (eb: any) =>
      eb
        .selectFrom(name)
        .select("id")
        .where("state", "=", "pending")
        .where("next_attempt_at", "<=", now)
        .where((w: any) => w.or([w("lease_until", "is", null), w("lease_until", "<=", now)]))
        .orderBy("next_attempt_at")
        .orderBy("created_at")
        .limit(1)
        .$if(skipLocked, (q: any) => q.forUpdate().skipLocked()),
    )
    .where((w: any) => w.or([w("lease_until", "is", null), w("lease_until", "<=", now)]))
    .returningAll()
    .executeTakeFirst();
  return row as Selectable<Database[T]> | undefined;
}

/**
 * Ends a claim with `set` (its outcome). The lease's end time identifies the claim: a holder whose lease was taken
 * over (or released) changes nothing.
 */
export async function endClaim<T extends LeasedTable>(db: Kysely<Database>, table: T, id: string, leaseUntil: number, set: Partial<Database[T]>): Promise<void> {
  const name: string = table;
  await (db as unknown as Kysely<any>)
    .updateTable(name)
    .set({ ...set, lease_until: null })
    .where("id", "=", id)
    .where("lease_until", "=", leaseUntil)
    .where("state", "=", "pending")
    .execute();
}

/** Forgets every lease of `table`: for the embedded store at start, where no other process can hold one. */
export async function releaseLeases(db: Kysely<Database>, table: LeasedTable): Promise<void> {
  const name: string = table;
  await (db as unknown as Kysely<any>).updateTable(name).set({ lease_until: null }).where("state", "=", "pending").execute();
}
