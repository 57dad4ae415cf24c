import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import type { Config } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { sealedValueCensus, valuesNotUnder } from "../domain/master-key/census.ts";
import { RETIRED_SETTING, retiredKeyIds, rotateSealedValues, rotationProgress, type BatchReport, type RotationProgress } from "../domain/master-key/rotation.ts";
import { keyFileOf, readKeyFile, writeKeyFile } from "../platform/master-key.ts";
import type { HeldMaintenanceLock } from "../store/ports.ts";
import { printJson, withDomain } from "./common.ts";
import { confirmHeld, inspectMasterKeyLock, underMasterKeyLocks, unlockMasterKey } from "./master-key-lock.ts";
import { withStoreOptions } from "./options.ts";
import { counted } from "./wording.ts";

/**
 * Test hook: after this many batches the rotation stops where it is and says so, waiting to be killed, so a test
 * can kill it midway at a known point instead of racing a timer.
 */
const PAUSE_AFTER_ENV = "ESSD_TEST_ROTATION_PAUSE_AFTER_BATCHES";

export function registerMasterKeyCommands(program: Command): void {
  const masterKey = program.command("master-key").description("rotate the master key that seals secrets and personal data at rest");

  withStoreOptions(
    masterKey
      .command("rotate")
      .description(
        "re-seal every sealed value under a new master key while servers run; with the key in <data-dir>/master.key the new key is made and written there, with ESSD_MASTER_KEY put the new key first (new,old) on every node beforehand. Killed midway, running it again continues; one at a time per store, wherever it runs (the store's master key lock, and master.key.lock): a second run meanwhile exits at once, changing nothing.",
      )
      .option("--batch-size <n>", "rows re-sealed per transaction", "500")
      .option("--retire", "when done, drop the old keys (from master.key; with ESSD_MASTER_KEY it says what to remove)")
      .option("--json", "print the outcome as one JSON object"),
  ).action(async (flags) => {
    const batchSize = Number(flags.batchSize);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new Error("--batch-size must be a whole number between 1 and 100000");
    await withDomain(flags, (deps, config) =>
      underMasterKeyLocks(deps, config, "rotate", async (lock) => {
        const progress = await rotate(deps, config, lock, batchSize, !flags.json);
        const retired = flags.retire ? await retire(deps, config, lock, !flags.json) : undefined;
        if (flags.json) printJson({ activeKeyId: progress.target, passes: progress.pass, resealed: progress.resealed, ...(retired ? { retired } : {}) });
      }),
    );
  });

  withStoreOptions(
    masterKey.command("retire").description("after a finished rotation, drop every key but the active one (refused while any value is still under an old key)").option("--json", "print one JSON object"),
  ).action(async (flags) => {
    await withDomain(flags, (deps, config) =>
      underMasterKeyLocks(deps, config, "retire", async (lock) => {
        const retired = await retire(deps, config, lock, !flags.json);
        if (flags.json) printJson({ activeKeyId: deps.box.keyring.active.id, retired });
      }),
    );
  });

  withStoreOptions(
    masterKey
      .command("unlock")
      .description("remove this store's master key lock left by a rotate or retire that is gone (the next rotate or retire takes such a lock over anyway); never one whose holder runs")
      .option("--force", "also remove one whose holder cannot be checked from here (SQLite: held from another host)"),
  ).action(async (flags) => {
    await withDomain(flags, async (deps) => {
      process.stdout.write(`${await unlockMasterKey(deps.store, Boolean(flags.force))}\n`);
    });
  });

  withStoreOptions(masterKey.command("status").description("the keys held, where the last rotation stands, how many sealed values each key holds, and who holds the store's master key lock")).action(async (flags) => {
    await withDomain(flags, async (deps) => {
      const census = await sealedValueCensus(deps.store, deps.box);
      printJson({
        activeKeyId: deps.box.keyring.active.id,
        keysHeld: deps.box.keyring.all().map((k) => k.id),
        retired: await retiredKeyIds(deps.store),
        rotation: (await rotationProgress(deps.store)) ?? null,
        lock: withoutToken(await inspectMasterKeyLock(deps.store)),
        sealedValues: Object.fromEntries(census),
      });
    });
  });
}

/** The lock as `status` prints it: its holder's token only tells one taking from another. */
function withoutToken(found: Awaited<ReturnType<typeof inspectMasterKeyLock>>) {
  if (found.state === "free" || !found.holder) return found;
  const { token: _token, ...holder } = found.holder;
  return { ...found, holder };
}

async function rotate(deps: DomainDeps, config: Config, lock: HeldMaintenanceLock, batchSize: number, talk: boolean): Promise<RotationProgress> {
  const say = (line: string) => talk && process.stdout.write(`${line}\n`);
  const previous = await rotationProgress(deps.store);
  const ring = deps.box.keyring;
  const resuming = previous?.state === "running";
  const activeIsDone = previous ? previous.state === "done" && previous.target === ring.active.id : ring.all().length === 1;
  if (!resuming && activeIsDone) {
    if (config.masterKey) {
      throw new Error(
        "no new master key: put it first in ESSD_MASTER_KEY, as new,old (e.g. new=$(openssl rand -hex 32)), on every node and this command, restart the nodes one by one, then run this again",
      );
    }
    const file = keyFileOf(config.dataDir);
    const fresh = randomBytes(32);
    await confirmHeld(deps.store, lock);
    writeKeyFile(file, [fresh, ...readKeyFile(file)]);
    ring.refresh(true);
    say(`New master key ${ring.active.id} written first in ${file}; running servers seal with it within a second.`);
  }
  if (resuming) say(`Continuing the rotation to ${previous.target}: pass ${previous.pass}, ${previous.table ?? "-"} after ${previous.after ?? "its start"}.`);
  else say(`Re-sealing every sealed value under ${ring.active.id} (held: ${ring.all().map((k) => k.id).join(", ")}).`);

  const pauseAfter = Number(process.env[PAUSE_AFTER_ENV] ?? 0);
  let batches = 0;
  const onBatch = async (report: BatchReport) => {
    batches++;
    if (report.rows || report.resealed) say(`pass ${report.pass} ${report.table}: ${counted(report.rows, "row")}, ${counted(report.resealed, "value")} re-sealed${report.raced ? `, ${counted(report.raced, "row")} changed by a server meanwhile` : ""}`);
    if (pauseAfter && batches >= pauseAfter) {
      process.stdout.write(`paused after ${counted(batches, "batch", "batches")}\n`);
      await new Promise(() => setInterval(() => {}, 60_000));
    }
  };
  const done = await rotateSealedValues(deps, { batchSize, onBatch, confirm: (tx) => lock.confirm(tx) });
  say(`Done: ${counted(done.resealed, "value")} re-sealed under ${done.target} in ${counted(done.pass, "pass", "passes")}; essd doctor confirms. The old keys can now be retired (essd master-key retire).`);
  return done;
}

/** Drops every key but the active one, once nothing is left under them; answers the ids dropped. */
async function retire(deps: DomainDeps, config: Config, lock: HeldMaintenanceLock, talk: boolean): Promise<string[]> {
  const say = (line: string) => talk && process.stdout.write(`${line}\n`);
  const ring = deps.box.keyring;
  const active = ring.active.id;
  const progress = await rotationProgress(deps.store);
  if (progress?.state === "running") throw new Error(`the rotation to ${progress.target} is unfinished: run essd master-key rotate first`);
  const left = valuesNotUnder(await sealedValueCensus(deps.store, deps.box), active);
  if (left.length) {
    throw new Error(`values are still sealed under old keys (${left.map((l) => `${l.count} under ${l.keyId}`).join(", ")}): run essd master-key rotate first`);
  }
  const old = ring.all().filter((k) => k.id !== active);
  await deps.store.transaction(async (tx) => {
    await lock.confirm(tx);
    await tx.replaceSetting(RETIRED_SETTING, JSON.stringify([...new Set([...(await retiredKeyIds(tx)), ...old.map((k) => k.id)])]));
  });
  if (!old.length) {
    say(`Only ${active} is held; nothing to retire.`);
  } else if (config.masterKey) {
    say(`Nothing is sealed under ${old.map((k) => k.id).join(", ")} any more: set ESSD_MASTER_KEY to the active key alone on every node.`);
  } else {
    const file = keyFileOf(config.dataDir);
    await confirmHeld(deps.store, lock);
    writeKeyFile(file, [ring.active.key]);
    ring.refresh(true);
    say(`Retired ${old.map((k) => k.id).join(", ")}: ${file} now holds ${active} alone. Backups older than this rotation need the retired keys.`);
  }
  return old.map((k) => k.id);
}
