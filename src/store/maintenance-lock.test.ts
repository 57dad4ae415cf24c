import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describeMaintenanceLockContract } from "./maintenance-lock.contract.ts";
import { lockSettingOf, MaintenanceLockedError } from "./maintenance-lock.ts";
import { openSqliteStore } from "./sqlite.ts";
import type { Store } from "./ports.ts";

const dir = mkdtempSync(join(tmpdir(), "essd-store-lock-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A pid that ran a moment ago and runs no more. */
const deadPid = () => spawnSync(process.execPath, ["-e", "0"]).pid!;

async function openFile(file: string): Promise<Store> {
  const store = openSqliteStore(file);
  await store.migrate();
  return store;
}

describeMaintenanceLockContract(
  "SQLite (one file, two connections)",
  {
    async openNodes() {
      const file = join(dir, `nodes-${++files}.sqlite`);
      return [await openFile(file), await openFile(file)];
    },
    openOther: () => openFile(join(dir, `other-${++files}.sqlite`)),
    // Killed midway: its pid no longer runs on this host.
    leaveBehind: async (store, name) =>
      store.maintenanceLocks!.take(name, { purpose: "rotate", host: hostname(), pid: deadPid(), since: new Date(0).toISOString(), token: "dead" }),
  },
  hostname(),
);

describe("SQLite maintenance lock held from another host", () => {
  it("is neither judged dead nor taken over, except when forced", async () => {
    const store = await openFile(join(dir, `elsewhere-${++files}.sqlite`));
    try {
      const locks = store.maintenanceLocks!;
      const mine = { purpose: "rotate", host: hostname(), pid: process.pid, since: new Date(0).toISOString(), token: "here" };
      const elsewhere = await locks.take("master-key", { ...mine, host: "another-host", pid: deadPid(), token: "there" });
      assert.equal((await locks.inspect("master-key")).state, "unknown");
      await assert.rejects(locks.take("master-key", mine), (error: unknown) => error instanceof MaintenanceLockedError && error.found.state === "unknown" && /on another-host/.test(error.message));
      const forced = await locks.take("master-key", mine, { force: true });
      await assert.rejects(store.transaction((tx) => elsewhere.confirm(tx)), /taken over/);
      await forced.release();

      // A row that names nobody (written by hand, or by something else) cannot be judged either.
      await store.replaceSetting(lockSettingOf("master-key"), "not a holder");
      assert.deepEqual(await locks.inspect("master-key"), { state: "unknown", holder: undefined });
      await assert.rejects(locks.take("master-key", mine), /held by a holder not yet recorded/);
    } finally {
      await store.close();
    }
  });
});
