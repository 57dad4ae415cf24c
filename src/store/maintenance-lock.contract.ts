import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MaintenanceLockedError, MaintenanceLockLostError } from "./maintenance-lock.ts";
import type { HeldMaintenanceLock, MaintenanceLockRequest, MaintenanceLocks, MaintenanceLockState, Store } from "./ports.ts";

export interface MaintenanceLockBackend {
  /** Two stores over one database, like two nodes (or a node and an admin command on another host). */
  openNodes(): Promise<[Store, Store]>;
  /** A store of another installation beside them (another file; another schema of the same database). */
  openOther(): Promise<Store>;
  /** Takes `name` on `store` as a holder that then dies (its process gone, its session ended); answers that holder's lock. */
  leaveBehind(store: Store, name: string): Promise<HeldMaintenanceLock>;
}

const SINCE = "2026-12-07T01:00:00.000Z";
const locksOf = (store: Store): MaintenanceLocks => store.maintenanceLocks ?? assert.fail("the store has no maintenance locks");
const tokenOf = (found: MaintenanceLockState) => (found.state === "free" ? undefined : found.holder?.token);
const confirmIn = (store: Store, lock: HeldMaintenanceLock) => store.transaction((tx) => lock.confirm(tx));

/**
 * The store's maintenance lock (what `essd master-key rotate` holds), against one backend, over two stores of one
 * database: one taker at a time wherever it runs, the refused one told who holds it, and a lock left by a dead
 * holder taken over, after which the dead holder writes nothing more.
 */
export function describeMaintenanceLockContract(name: string, backend: MaintenanceLockBackend, host: string): void {
  const request = (purpose: string, token: string): MaintenanceLockRequest => ({ purpose, host, pid: process.pid, since: SINCE, token });
  const withNodes = (work: (a: Store, b: Store) => Promise<void>) => async () => {
    const [a, b] = await backend.openNodes();
    try {
      await work(a, b);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  };

  describe(`${name} maintenance lock`, () => {
    it(
      "is held by one store at a time; the other is refused, told who holds it, and takes it once released",
      withNodes(async (a, b) => {
        const held = await locksOf(a).take("master-key", request("rotate", "first"));
        await confirmIn(a, held);
        await assert.rejects(locksOf(b).take("master-key", request("retire", "second")), (error: unknown) => {
          assert.ok(error instanceof MaintenanceLockedError, String(error));
          assert.equal(error.found.state, "held");
          assert.deepEqual({ ...error.found.holder, session: undefined }, { ...request("rotate", "first"), session: undefined });
          assert.match(error.message, /held by rotate \(pid \d+ on .+, since 2026-12-07T01:00:00\.000Z\)/);
          return true;
        });
        const seen = await locksOf(b).inspect("master-key");
        assert.equal(seen.state, "held");
        assert.equal(seen.holder?.token, "first");
        // Another lock name, and another installation's lock of the same name, are not this one.
        await (await locksOf(b).take("other", request("rotate", "third"))).release();
        const other = await backend.openOther();
        try {
          await (await locksOf(other).take("master-key", request("rotate", "fourth"))).release();
        } finally {
          await other.close();
        }

        await held.release();
        assert.deepEqual(await locksOf(b).inspect("master-key"), { state: "free" });
        const next = await locksOf(b).take("master-key", request("retire", "second"));
        await held.release(); // a second release by the first holder must not drop the lock taken since
        assert.equal(tokenOf(await locksOf(a).inspect("master-key")), "second");
        await next.release();
      }),
    );

    it(
      "reports a lock left by a dead holder as stale, lets the next taker take it over, and fences the dead holder off",
      withNodes(async (a, b) => {
        const dead = await backend.leaveBehind(a, "master-key");
        const stale = await locksOf(b).inspect("master-key");
        assert.equal(stale.state, "stale");
        assert.equal(stale.holder?.token, dead.holder.token);
        assert.equal(stale.holder?.purpose, "rotate");

        const taken = await locksOf(b).take("master-key", request("rotate", "taker"));
        assert.equal((await locksOf(a).inspect("master-key")).state, "held");
        await assert.rejects(confirmIn(a, dead), MaintenanceLockLostError, "a holder taken over still confirmed");
        await confirmIn(b, taken);
        await dead.release();
        assert.equal(tokenOf(await locksOf(b).inspect("master-key")), "taker", "the dead holder's release dropped the lock taken over");
        await taken.release();
        assert.deepEqual(await locksOf(a).inspect("master-key"), { state: "free" });
      }),
    );
  });
}
