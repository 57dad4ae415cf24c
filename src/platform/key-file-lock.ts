import { hostname } from "node:os";
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { processRuns } from "./process-liveness.ts";

/**
 * An exclusive lock beside the key file (`master.key.lock`), held by whoever changes the key file
 * (`essd master-key rotate` and `retire`) for as long as it works on it, so two of them run one after the other,
 * never together: two rotations started at once would otherwise each write a new key first in the file, and the
 * second rename would drop the first one's key while that rotation seals values under it.
 *
 * A second taker does not wait (a rotation can take minutes): it fails at once, naming who holds the lock. A lock
 * left by a process that died (killed midway) is taken over, since its holder's pid no longer runs on this host.
 */
export interface KeyFileLockHolder {
  pid: number;
  host: string;
  /** When the holder took the lock (ISO 8601). */
  since: string;
  /** What the holder is doing, for the refusal message ("rotate", "retire"). */
  purpose: string;
}

export class KeyFileLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: KeyFileLockHolder | undefined,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export interface HeldLock {
  readonly file: string;
  release(): void;
}

export const lockFileOf = (keyFile: string) => `${keyFile}.lock`;

const ATTEMPTS = 5;

/**
 * Takes `<keyFile>.lock` or throws KeyFileLockedError. The lock's content (who holds it) is written to a temporary
 * file first and hard-linked into place, so the lock exists complete or not at all: a reader never sees it empty.
 */
export function takeKeyFileLock(keyFile: string, purpose: string, { now = () => Date.now(), pid = process.pid, host = hostname() } = {}): HeldLock {
  const file = lockFileOf(keyFile);
  const mine: KeyFileLockHolder = { pid, host, since: new Date(now()).toISOString(), purpose };
  const text = `${JSON.stringify(mine)}\n`;
  const temporary = `${file}.${pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        linkSync(temporary, file);
        return { file, release: () => releaseIfMine(file, text) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const held = readIfThere(file);
      if (held === undefined) continue; // released meanwhile: try again
      const holder = parseHolder(held);
      if (!holder || !isStale(holder, host)) throw lockedError(file, holder);
      breakStaleLock(file, held, pid);
    }
    throw lockedError(file, parseHolder(readIfThere(file) ?? ""));
  } finally {
    unlinkSync(temporary);
  }
}

/** Runs `work` holding the lock; releases it however `work` ends. */
export async function withKeyFileLock<T>(keyFile: string, purpose: string, work: () => Promise<T>): Promise<T> {
  const lock = takeKeyFileLock(keyFile, purpose);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/**
 * Who holds `<keyFile>.lock`, for `essd doctor`, without touching it: `held` (its holder runs on this host),
 * `stale` (its holder no longer runs here: the next taker takes it over), `unknown` (held from another host, or
 * unreadable: nothing here can tell whether it is still in use), or `free`.
 */
export type KeyFileLockState =
  | { state: "free"; file: string }
  | { state: "held" | "stale"; file: string; holder: KeyFileLockHolder }
  | { state: "unknown"; file: string; holder: KeyFileLockHolder | undefined };

export function inspectKeyFileLock(keyFile: string, { host = hostname() } = {}): KeyFileLockState {
  const file = lockFileOf(keyFile);
  const text = readIfThere(file);
  if (text === undefined) return { state: "free", file };
  const holder = parseHolder(text);
  if (!holder || holder.host !== host) return { state: "unknown", file, holder };
  return { state: isStale(holder, host) ? "stale" : "held", file, holder };
}

function lockedError(file: string, holder: KeyFileLockHolder | undefined): KeyFileLockedError {
  const who = holder ? `essd master-key ${holder.purpose} (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : "another process";
  return new KeyFileLockedError(
    file,
    holder,
    `${who} is changing the master key file; nothing was done. Let it finish (essd master-key status shows where it stands) and run this again if still needed. If that process is gone, remove ${file}.`,
  );
}

/** A holder is known dead only on this host, when its pid runs no process; elsewhere nothing can tell. */
function isStale(holder: KeyFileLockHolder, host: string): boolean {
  return holder.host === host && !processRuns(holder.pid);
}

/**
 * Moves the dead holder's lock aside under a name of our own (one rename: of two processes breaking it, one moves
 * it), then checks it is the lock judged dead and not a live one a third process took meanwhile; a live one is put
 * back (link: never over a lock taken since) and the caller's next attempt reports it.
 */
function breakStaleLock(file: string, staleText: string, pid: number): void {
  const aside = `${file}.stale.${pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    if (readIfThere(aside) !== staleText) linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(aside);
  }
}

function releaseIfMine(file: string, text: string): void {
  // Only ever our own: a lock someone broke as stale (we were stopped for long) and retook is theirs.
  if (readIfThere(file) === text) unlinkSync(file);
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parseHolder(text: string): KeyFileLockHolder | undefined {
  try {
    const holder = JSON.parse(text) as KeyFileLockHolder;
    return Number.isInteger(holder.pid) && typeof holder.host === "string" ? holder : undefined;
  } catch {
    return undefined;
  }
}
