import { hostname } from "node:os";
import { processRuns } from "../platform/process-liveness.ts";
import type { HeldMaintenanceLock, MaintenanceLockHolder, MaintenanceLocks, MaintenanceLockState, Store } from "./ports.ts";

/** The `settings` row naming a lock's holder. */
export const lockSettingOf = (name: string) => `lock:${name}`;

export class MaintenanceLockedError extends Error {
  constructor(
    readonly lock: string,
    readonly found: { state: "held" | "unknown"; holder: MaintenanceLockHolder | undefined },
  ) {
    const who = found.holder ? `${found.holder.purpose} (pid ${found.holder.pid} on ${found.holder.host}, since ${found.holder.since})` : "a holder not yet recorded";
    super(`the ${lock} lock of this store is held by ${who}`);
  }
}

/** The lock was taken over (its holder judged gone) or its session lost: its holder must stop writing. */
export class MaintenanceLockLostError extends Error {}

export function parseHolder(text: string): MaintenanceLockHolder | undefined {
  try {
    const holder = JSON.parse(text) as MaintenanceLockHolder;
    return Number.isInteger(holder.pid) && typeof holder.host === "string" && typeof holder.token === "string" ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** What a holder's session (PostgreSQL) tells: why it was lost, if it was; how to end it. */
export interface LockSession {
  lost(): string | undefined;
  end(): Promise<void>;
}

/**
 * A lock taken: its row names `holder` as `text`. Every check compares the whole row, so a holder whose lock was
 * taken over (and perhaps retaken by a third) never mistakes it for its own.
 */
export function heldLock(store: Store, name: string, holder: MaintenanceLockHolder, text: string, session?: LockSession): HeldMaintenanceLock {
  const key = lockSettingOf(name);
  return {
    holder,
    async confirm(tx) {
      const lost = session?.lost();
      if (lost) throw new MaintenanceLockLostError(`the session holding the ${name} lock was lost (${lost}); stopped before writing`);
      if (!(await tx.settingHolds(key, text))) {
        throw new MaintenanceLockLostError(`the ${name} lock was taken over by another process, which judged this one gone; stopped before writing`);
      }
    },
    async release() {
      try {
        await store.deleteSettingIf(key, text);
      } finally {
        await session?.end();
      }
    },
  };
}

/** This host, and whether a pid runs on it: an embedded store's holders are judged alive or dead by these. */
export interface LocalHost {
  host: string;
  runs(pid: number): boolean;
}

/**
 * The embedded store's locks: the holder's row in the store file, taken in one IMMEDIATE transaction (read and
 * write under SQLite's one write lock, so two takers never both find it free). SQLite has no session that could
 * vouch for its holder, so a holder is judged by its pid, on this host only: one whose pid runs no more left the
 * lock behind (killed midway) and is taken over; one from another host (a store file on a shared disk) cannot
 * be judged from here and is taken over only when forced.
 */
export function embeddedMaintenanceLocks(store: Store, here: LocalHost = { host: hostname(), runs: processRuns }): MaintenanceLocks {
  const judge = (text: string | undefined): MaintenanceLockState => {
    if (text === undefined) return { state: "free" };
    const holder = parseHolder(text);
    if (!holder || holder.host !== here.host) return { state: "unknown", holder };
    return here.runs(holder.pid) ? { state: "held", holder } : { state: "stale", holder };
  };
  return {
    async take(name, request, { force = false } = {}) {
      const text = JSON.stringify(request);
      await store.transaction(async (tx) => {
        const found = judge(await tx.getSetting(lockSettingOf(name)));
        if (found.state === "held") throw new MaintenanceLockedError(name, found);
        if (found.state === "unknown" && !force) throw new MaintenanceLockedError(name, { state: "unknown", holder: found.holder });
        await tx.replaceSetting(lockSettingOf(name), text);
      });
      return heldLock(store, name, { ...request }, text);
    },
    inspect: async (name) => judge(await store.getSetting(lockSettingOf(name))),
  };
}
