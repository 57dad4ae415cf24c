import type { Clock } from "../../platform/clock.ts";
import { SEALED_PATTERN, type SecretBox } from "../../platform/secret-box.ts";
import type { Store } from "../../store/ports.ts";

export const ROTATION_SETTING = "master-key-rotation";
export const RETIRED_SETTING = "master-key-retired";

/**
 * Where a rotation stands, kept in the store's settings after every batch (in the batch's transaction), so a
 * rotation killed midway continues where it stopped. Re-sealing is idempotent besides: a value already under the
 * target key is left alone, so a batch done twice changes nothing the second time.
 */
export interface RotationProgress {
  /** The key id everything is being re-sealed under. */
  target: string;
  state: "running" | "done";
  /** Walk number: the first re-seals; each further one checks nothing was written under an old key meanwhile. */
  pass: number;
  table: string | null;
  /** The last primary key done in `table`; null: the table's start. */
  after: string | null;
  /** Values re-sealed in the current pass, and in all. */
  passResealed: number;
  resealed: number;
  startedAt: number;
  finishedAt?: number;
}

export interface RotationDeps {
  store: Store;
  box: SecretBox;
  clock: Clock;
}

export interface BatchReport {
  table: string;
  pass: number;
  rows: number;
  resealed: number;
  /** Rows a server changed between the read and the write; the next pass sees what it wrote. */
  raced: number;
  progress: RotationProgress;
}

export interface RotationOptions {
  batchSize: number;
  /** Walks after the first before giving up on nodes that keep sealing under an old key. */
  maxPasses?: number;
  onBatch?: (report: BatchReport) => Promise<void> | void;
  /**
   * Run first in every transaction that writes: throws unless this rotation still holds the store's master key
   * lock, so a rotation whose lock was taken over (judged dead) writes nothing more.
   */
  confirm?: (tx: Store) => Promise<void>;
}

/** The ids of the keys `essd master-key retire` dropped (backups older than it need them). */
export async function retiredKeyIds(store: Store): Promise<string[]> {
  return JSON.parse((await store.getSetting(RETIRED_SETTING)) ?? "[]") as string[];
}

export async function rotationProgress(store: Store): Promise<RotationProgress | undefined> {
  const text = await store.getSetting(ROTATION_SETTING);
  return text === undefined ? undefined : (JSON.parse(text) as RotationProgress);
}

/**
 * Re-seals every sealed value of the store under the keyring's active key, online: servers keep reading (they
 * hold both keys) and writing (under the active key once they hold it), batch by batch, each batch one short
 * transaction. The walk repeats until a whole pass finds nothing left to re-seal, which also catches values a
 * node sealed under the old key after the walk passed them (a node that had not yet read the new key).
 */
export async function rotateSealedValues(deps: RotationDeps, options: RotationOptions): Promise<RotationProgress> {
  const { store, box } = deps;
  const target = box.keyring.active.id;
  const tables = store.sealedTables();
  const maxPasses = options.maxPasses ?? 5;
  const previous = await rotationProgress(store);
  if (previous?.state === "running" && previous.target !== target) {
    throw new Error(`a rotation to master key ${previous.target} is unfinished: make that key the active one (first) again and run this again to finish it`);
  }
  let progress: RotationProgress =
    previous?.state === "running"
      ? previous
      : { target, state: "running", pass: 1, table: tables[0]!, after: null, passResealed: 0, resealed: 0, startedAt: deps.clock.now() };
  await store.transaction(async (tx) => {
    await options.confirm?.(tx);
    await tx.replaceSetting(ROTATION_SETTING, JSON.stringify(progress));
  });

  while (progress.state === "running") {
    const table = progress.table!;
    // Read outside the transaction, written inside it with compare-and-set: the transaction starts with a write,
    // so SQLite takes its write lock at once (waiting on busy_timeout) instead of failing to upgrade a read.
    const rows = await store.readSealedRows(table, progress.after, options.batchSize);
    const planned: Array<{ key: string; changes: Record<string, { from: string; to: string }>; count: number }> = [];
    for (const row of rows) {
      const changes: Record<string, { from: string; to: string }> = {};
      let count = 0;
      for (const [column, text] of Object.entries(row.values)) {
        if (text === null || text.search(SEALED_PATTERN) < 0) continue;
        let to: string;
        try {
          to = box.resealIn(text);
        } catch (error) {
          throw new Error(`cannot re-seal ${table}.${column} of row ${row.key}: ${(error as Error).message}`);
        }
        if (to === text) continue;
        changes[column] = { from: text, to };
        count += (text.match(SEALED_PATTERN) ?? []).filter((s) => !s.startsWith(`v2.${target}.`)).length;
      }
      if (Object.keys(changes).length) planned.push({ key: row.key, changes, count });
    }
    const lastKey = rows.length < options.batchSize ? null : rows.at(-1)!.key;
    const report = await store.transaction(async (tx) => {
      await options.confirm?.(tx);
      let resealed = 0;
      let raced = 0;
      for (const { key, changes, count } of planned) {
        if (await tx.replaceSealedValues(table, key, changes)) resealed += count;
        else raced++;
      }
      const next = nextPosition(progress, tables, table, lastKey, resealed + raced, maxPasses, deps.clock.now());
      await tx.replaceSetting(ROTATION_SETTING, JSON.stringify(next));
      return { table, pass: progress.pass, rows: rows.length, resealed, raced, progress: next };
    });
    progress = report.progress;
    await options.onBatch?.(report);
  }
  return progress;
}

/** The position after a batch: the same table further on, the next table, the next pass, or done. */
function nextPosition(
  at: RotationProgress,
  tables: readonly string[],
  table: string,
  lastKey: string | null,
  changed: number,
  maxPasses: number,
  now: number,
): RotationProgress {
  const passResealed = at.passResealed + changed;
  const resealed = at.resealed + changed;
  if (lastKey !== null) return { ...at, after: lastKey, passResealed, resealed };
  const following = tables[tables.indexOf(table) + 1];
  if (following) return { ...at, table: following, after: null, passResealed, resealed };
  if (passResealed === 0) return { ...at, state: "done", table: null, after: null, passResealed, resealed, finishedAt: now };
  if (at.pass >= maxPasses) {
    throw new Error(
      `after ${at.pass} passes values are still being sealed under an old key: a node does not hold the new master key (give every node the new key first, then run this again)`,
    );
  }
  return { ...at, pass: at.pass + 1, table: tables[0]!, after: null, passResealed: 0, resealed };
}
