import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Config } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { systemClock } from "../platform/clock.ts";
import { withKeyFileLock } from "../platform/key-file-lock.ts";
import { keyFileOf } from "../platform/master-key.ts";
import { MaintenanceLockedError } from "../store/maintenance-lock.ts";
import type { HeldMaintenanceLock, MaintenanceLockHolder, MaintenanceLocks, MaintenanceLockState, Store } from "../store/ports.ts";

/** The store's lock that `essd master-key rotate` and `retire` hold while they run. */
export const MASTER_KEY_LOCK = "master-key";

const who = (h: MaintenanceLockHolder) =>
  `essd master-key ${h.purpose} (pid ${h.pid} on ${h.host}, since ${h.since}${h.session === undefined ? "" : `, PostgreSQL session ${h.session}`})`;

const locksOf = (store: Store): MaintenanceLocks => {
  if (!store.maintenanceLocks) throw new Error("this store has no maintenance locks");
  return store.maintenanceLocks;
};

/**
 * Runs a rotation or retirement alone: it holds the store's master key lock, which every node and command sharing
 * the store sees (several nodes on one PostgreSQL, keys from ESSD_MASTER_KEY alike), and, with the keys in
 * master.key, master.key.lock as well, which still keeps two stores sharing one data directory's key file from
 * rewriting it at once. Both are taken before the keys and the rotation's progress are read again, and neither
 * waits: a second command fails at once, naming the holder. `work` gets the lock to confirm before each write.
 */
export async function underMasterKeyLocks(deps: DomainDeps, config: Config, purpose: string, work: (lock: HeldMaintenanceLock) => Promise<void>): Promise<void> {
  const lock = await takeMasterKeyLock(deps.store, purpose);
  try {
    if (config.masterKey) return await work(lock);
    await withKeyFileLock(keyFileOf(config.dataDir), purpose, async () => {
      deps.box.keyring.refresh(true);
      await work(lock);
    });
  } finally {
    await lock.release();
  }
}

async function takeMasterKeyLock(store: Store, purpose: string, force = false): Promise<HeldMaintenanceLock> {
  const request = { purpose, host: hostname(), pid: process.pid, since: new Date(systemClock.now()).toISOString(), token: randomBytes(8).toString("hex") };
  try {
    return await locksOf(store).take(MASTER_KEY_LOCK, request, { force });
  } catch (error) {
    if (error instanceof MaintenanceLockedError) throw new Error(refusal(error.found));
    throw error;
  }
}

/** Throws unless `lock` is still held, in a transaction of its own: before a write outside the store (the key file). */
export const confirmHeld = (store: Store, lock: HeldMaintenanceLock) => store.transaction((tx) => lock.confirm(tx));

function refusal(found: MaintenanceLockedError["found"]): string {
  const h = found.holder;
  if (!h) {
    return found.state === "held"
      ? "another essd master-key command is taking this store's master key lock right now; nothing was done. essd master-key status names it; run this again if still needed."
      : "this store's master key lock does not name its holder; nothing was done. If no essd master-key command runs, essd master-key unlock --force removes it.";
  }
  if (found.state === "unknown") {
    return `${who(h)} holds this store's master key lock and cannot be checked from here; nothing was done. If that process is gone, run essd master-key unlock --force, then this again.`;
  }
  const hung = h.session === undefined ? "" : ` If that process hangs, end its session (select pg_terminate_backend(${h.session})) and run this again.`;
  return `${who(h)} holds this store's master key lock; nothing was done. Let it finish (essd master-key status shows where it stands) and run this again if still needed.${hung}`;
}

/**
 * `essd master-key unlock`: removes a lock whose holder is gone (`stale`), or with `force` one that cannot be
 * checked from here (`unknown`); never one whose holder runs. Removing is taking it over and giving it up.
 */
export async function unlockMasterKey(store: Store, force: boolean): Promise<string> {
  const found = await locksOf(store).inspect(MASTER_KEY_LOCK);
  if (found.state === "free") return "No master key lock is held in this store.";
  if (found.state === "unknown" && !force) throw new Error(`${finding(found).replace(/^./, (c) => c.toUpperCase())}`);
  await (await takeMasterKeyLock(store, "unlock", force)).release();
  return `Removed this store's master key lock${found.holder ? `, left by ${who(found.holder)}` : ""}. A rotation it left unfinished continues when essd master-key rotate runs again.`;
}

/** What `essd doctor` and `essd master-key status` say about the lock. */
export const inspectMasterKeyLock = (store: Store) => locksOf(store).inspect(MASTER_KEY_LOCK);

/** The doctor's line for a lock that is there (not `free`). */
export function finding(found: Exclude<MaintenanceLockState, { state: "free" }>): string {
  const h = found.holder;
  switch (found.state) {
    case "held":
      if (!h) return "a master-key command is taking this store's master key lock right now: run essd doctor again";
      return `${who(h)} is running and holds this store's master key lock: ${h.purpose === "rotate" ? "a rotation is in progress; " : ""}let it finish (essd master-key status shows where it stands), then run essd doctor again`;
    case "stale": {
      const gone = !h ? "names no holder" : h.session === undefined ? `was left by ${who(h)}, which no longer runs on this host` : `was left by ${who(h)}, whose session has ended (the process died or lost its connection)`;
      return `this store's master key lock is stale: it ${gone}. The next essd master-key rotate or retire takes it over (a rotation killed midway continues), or essd master-key unlock removes it`;
    }
    default:
      return h
        ? `this store's master key lock is held by ${who(h)}, which cannot be checked from here: if that process is gone, essd master-key unlock --force removes it; until then essd master-key rotate and retire refuse to run`
        : "this store's master key lock does not name its holder: if no essd master-key command runs, essd master-key unlock --force removes it; until then essd master-key rotate and retire refuse to run";
  }
}
