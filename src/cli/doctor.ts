import { existsSync, statfsSync } from "node:fs";
import { join } from "node:path";
import { Migrator, sql } from "kysely";
import type { Command } from "commander";
import { loadConfig, type Config } from "../config/config.ts";
import { KEY_CHECK_SETTING, secretBoxOf } from "../app/secret-box-of-store.ts";
import { sealedValueCensus, valuesNotUnder } from "../domain/master-key/census.ts";
import { retiredKeyIds, rotationProgress } from "../domain/master-key/rotation.ts";
import { inspectKeyFileLock, type KeyFileLockState } from "../platform/key-file-lock.ts";
import { Keyring, keyFileOf, loadMasterKeys } from "../platform/master-key.ts";
import type { KyselyStore } from "../store/kysely-store.ts";
import type { WorkQueue } from "../store/ports.ts";
import { migrations } from "../store/migrations/index.ts";
import { openPostgresStore } from "../store/postgres.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { finding as lockFinding, inspectMasterKeyLock } from "./master-key-lock.ts";
import { withStoreOptions } from "./options.ts";
import { counted } from "./wording.ts";

/** One finding: `problem` (with what to do) when something is wrong, else what was found fine. */
interface Finding {
  check: string;
  ok: boolean;
  detail: string;
}

const MIN_FREE_BYTES = 1024 ** 3;
const MAX_CLOCK_SKEW_MS = 5_000;

export function registerDoctorCommand(program: Command): void {
  withStoreOptions(program.command("doctor").description("check a data directory or database and say what to fix (exit 0 when healthy)"))
    .option("--redis-url <url>", "also check this Redis (REDIS_URL)")
    .option("--json", "print the findings as JSON")
    .action(async (flags: Record<string, unknown>) => {
      const config = loadConfig(flags);
      const findings = await diagnose(config);
      const problems = findings.filter((f) => !f.ok);
      if (flags.json) process.stdout.write(`${JSON.stringify({ healthy: problems.length === 0, findings }, null, 2)}\n`);
      else if (problems.length === 0) process.stdout.write(`healthy: ${findings.map((f) => f.check).join(", ")} checked\n`);
      else for (const p of problems) process.stdout.write(`${p.check}: ${p.detail}\n`);
      process.exitCode = problems.length === 0 ? 0 : 1;
    });
}

/** Every check, in order; a store that cannot be opened ends the store checks but not the others. */
export async function diagnose(config: Config): Promise<Finding[]> {
  const findings: Finding[] = [];
  const add = (check: string, ok: boolean, detail: string) => findings.push({ check, ok, detail });
  const sqlitePath = join(config.dataDir, "essd.sqlite");

  if (!config.databaseUrl) diskSpace(config.dataDir, add);
  if (config.redisUrl) await redisReachable(config.redisUrl, add);
  // Only a key file is locked: with ESSD_MASTER_KEY no command takes the lock.
  const lock = config.masterKey ? undefined : keyFileLock(config.dataDir, add);
  if (!config.databaseUrl && !existsSync(sqlitePath)) {
    add("store", false, `${sqlitePath} does not exist: wrong --data-dir, or essd never ran here`);
    return findings;
  }
  const store: KyselyStore = config.databaseUrl
    ? openPostgresStore(config.databaseUrl, { poolSize: 2, timeoutMs: config.dbTimeoutMs, preparedStatements: config.dbPreparedStatements })
    : openSqliteStore(sqlitePath);
  try {
    try {
      await sql`select 1`.execute(store.kysely);
      add("store", true, config.databaseUrl ? "PostgreSQL reachable" : `${sqlitePath} opens`);
    } catch (error) {
      if (config.databaseUrl) {
        add("store", false, `PostgreSQL unreachable at ${where(config.databaseUrl, 5432)} (${reason(error)}): start PostgreSQL or correct --database-url (DATABASE_URL), and check that it accepts this machine's connections`);
      } else add("store", false, `cannot open ${sqlitePath} (${reason(error)}): check its permissions, or restore the latest backup (essd restore)`);
      return findings;
    }
    await schemaVersion(store, add);
    await integrity(store, !config.databaseUrl, add);
    const storeRotating = await storeLock(store, add);
    const rotating = storeRotating || (lock?.state === "held" && lock.holder.purpose === "rotate");
    await masterKey(store, config, rotating, add);
    await queues(store, add);
    if (config.databaseUrl) await clockSkew(store, add);
  } finally {
    await store.close();
  }
  return findings;
}

type Add = (check: string, ok: boolean, detail: string) => void;

async function schemaVersion(store: KyselyStore, add: Add): Promise<void> {
  const migrator = new Migrator({ db: store.kysely.withoutPlugins(), provider: { getMigrations: async () => migrations } });
  const all = await migrator.getMigrations();
  const pending = all.filter((m) => !m.executedAt).map((m) => m.name);
  const applied = all.filter((m) => m.executedAt).map((m) => m.name);
  if (pending.length) add("schema", false, `${counted(pending.length, "migration")} pending (${pending.join(", ")}): start essd serve (or any essd command) to apply them`);
  else add("schema", true, `at ${applied.at(-1) ?? "nothing"} (${counted(applied.length, "migration")})`);
}

async function integrity(store: KyselyStore, sqlite: boolean, add: Add): Promise<void> {
  if (sqlite) {
    const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.kysely.withoutPlugins());
    const result = rows.map((r) => Object.values(r)[0]).join("; ");
    const { rows: broken } = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(store.kysely.withoutPlugins());
    if (result !== "ok") add("integrity", false, `PRAGMA integrity_check: ${result}; restore the latest backup (essd restore)`);
    else if (broken.length) add("integrity", false, `${counted(broken.length, "row")} ${broken.length === 1 ? "names a row that does" : "name rows that do"} not exist (PRAGMA foreign_key_check); restore the latest backup`);
    else add("integrity", true, "integrity_check ok, foreign keys ok");
    return;
  }
  const { rows } = await sql<{ name: string }>`select conname as name from pg_constraint where not convalidated`.execute(store.kysely.withoutPlugins());
  if (rows.length) add("integrity", false, `constraints not validated: ${rows.map((r) => r.name).join(", ")}; ALTER TABLE … VALIDATE CONSTRAINT`);
  else add("integrity", true, "every constraint validated");
}

/**
 * The store's master key lock (every node's rotate and retire take it): reported unless free. Answers whether a
 * rotation holds it, alive.
 */
async function storeLock(store: KyselyStore, add: Add): Promise<boolean> {
  const found = await inspectMasterKeyLock(store);
  if (found.state === "free") return false;
  add("master key store lock", false, lockFinding(found));
  return found.state === "held" && found.holder?.purpose === "rotate";
}

async function masterKey(store: KyselyStore, config: Config, rotating: boolean, add: Add): Promise<void> {
  const stored = await store.getSetting(KEY_CHECK_SETTING);
  if (!stored) return add("master key", true, "no data sealed yet");
  let keys;
  try {
    // Never created here (create: false): a doctor that wrote a new key would hide exactly the problem it looks for.
    keys = loadMasterKeys(config.masterKey, config.dataDir, { create: false });
  } catch (error) {
    return add("master key", false, (error as Error).message);
  }
  let box;
  try {
    box = await secretBoxOf(store, Keyring.of(keys), { create: false });
  } catch {
    return add("master key", false, `${keys.source} is not the key this store was created with: essd will refuse to start; use the original key`);
  }
  add("master key", true, `${keys.source} matches (active key ${box.keyring.active.id}${keys.keys.length > 1 ? `, ${counted(keys.keys.length, "key")} held` : ""})`);
  await sealedValues(store, box, rotating, add);
}

/** Whether every sealed value is under the active key: a rotation left unfinished, or a retired key still needed. */
async function sealedValues(store: KyselyStore, box: Awaited<ReturnType<typeof secretBoxOf>>, rotating: boolean, add: Add): Promise<void> {
  const active = box.keyring.active.id;
  const census = await sealedValueCensus(store, box);
  const left = valuesNotUnder(census, active);
  const progress = await rotationProgress(store);
  const retired = new Set(await retiredKeyIds(store));
  const total = [...census.values()].reduce((a, b) => a + b, 0);
  const describe = (id: string) => (retired.has(id) ? `${id} (retired)` : id === "v1" ? "a key not held" : box.keyring.byId(id.replace(/^v1:/, "")) ? `${id} (old)` : `${id} (not held)`);
  if (left.length) {
    const advice = rotating ? "the rotation in progress re-seals them" : `run essd master-key rotate${progress?.state === "running" ? ` (the rotation to ${progress.target} is unfinished)` : ""}`;
    add("sealed values", false, `${left.map((l) => `${l.count} under ${describe(l.keyId)}`).join(", ")} of ${total}: ${advice}`);
  } else if (progress?.state === "running" && progress.target !== active) {
    add("sealed values", false, `the rotation to ${progress.target} is unfinished while ${active} is active: make ${progress.target} the active key and run essd master-key rotate`);
  } else {
    add("sealed values", true, total === 0 ? "none yet" : `${counted(total, "sealed value")} ${total === 1 ? "is" : "are all"} under the active key ${active}`);
  }
}

/**
 * A master.key.lock left beside the key file: its holder still running means a rotation (or retirement) is in
 * progress; a holder gone from this host left it behind (killed midway), and the next taker takes it over.
 */
function keyFileLock(dataDir: string, add: Add): KeyFileLockState {
  const lock = inspectKeyFileLock(keyFileOf(dataDir));
  if (lock.state === "free") return lock;
  const holder = lock.holder;
  const who = holder ? `essd master-key ${holder.purpose} (pid ${holder.pid}, since ${holder.since})` : undefined;
  switch (lock.state) {
    case "held":
      add("master key lock", false, `${who} is running and holds ${lock.file}: ${holder!.purpose === "rotate" ? "a rotation is in progress; " : ""}let it finish (essd master-key status shows where it stands), then run essd doctor again`);
      break;
    case "stale":
      add("master key lock", false, `${lock.file} is stale: ${who} no longer runs on this host. It is safe to remove; the next essd master-key rotate or retire takes it over anyway (a rotation killed midway continues when run again)`);
      break;
    default:
      add(
        "master key lock",
        false,
        holder
          ? `${lock.file} is held by ${who} on ${holder.host}, which cannot be checked from here: if that process is gone, remove ${lock.file}; until then essd master-key rotate and retire refuse to run`
          : `${lock.file} does not name its holder: if no essd master-key command runs, remove it; until then essd master-key rotate and retire refuse to run`,
      );
  }
  return lock;
}

async function queues(store: KyselyStore, add: Add): Promise<void> {
  const now = Date.now();
  for (const q of await store.workQueues(now)) {
    const name = `${q.queue} queue`;
    const problems: string[] = [];
    if (q.expiredLeases) {
      const [its, them] = q.expiredLeases === 1 ? ["its", "it"] : ["their", "them"];
      problems.push(`${counted(q.expiredLeases, "item")} claimed past ${its} lease (a node died holding ${them}, or is stuck): a running node takes ${them} over; if none runs, start one`);
    }
    if (q.failed || q.retrying) problems.push(await failing(store, q));
    if (problems.length) add(name, false, problems.join("; "));
    else add(name, true, `${q.pending} pending`);
  }
}

const QUEUE_TABLES = { registration: "registration_tasks", callbacks: "callback_deliveries", sms: "sms_messages" } as const;
/** What a queue holds, singular and plural: "1 callback given up on", "2 SMS given up on". */
const QUEUE_ITEMS = { registration: ["registration task", "registration tasks"], callbacks: ["callback", "callbacks"], sms: ["SMS", "SMS"] } as const;

/** What is failing in a queue, whose it is, and what to do about it. */
async function failing(store: KyselyStore, q: WorkQueue): Promise<string> {
  const { rows } = await sql<{ organization_id: string }>`
    select organization_id from ${sql.table(QUEUE_TABLES[q.queue])}
    where state = 'failed' or (state = 'pending' and last_error is not null)
    group by organization_id order by count(*) desc, organization_id limit 3`.execute(store.kysely.withoutPlugins());
  const orgs = rows.map((r) => r.organization_id);
  const whose = `of ${orgs.join(", ")}${orgs.length === 3 ? " and others" : ""}`;
  const counts = [q.failed ? `${counted(q.failed, QUEUE_ITEMS[q.queue][0], QUEUE_ITEMS[q.queue][1])} given up on` : "", q.retrying ? `${q.retrying} failing and waiting for a retry` : ""].filter(Boolean).join(" and ");
  switch (q.queue) {
    case "callbacks":
      return `${counts}, ${whose}: check that the receiver answers HTTP 200 (essd tenant callbacks --org ${orgs[0]} lists every attempt and its error)${q.failed ? ", then send those given up on again (essd tenant resend-callback MSG_ID)" : ""}`;
    case "sms":
      return `${counts}, ${whose}: check that --sms-webhook answers HTTP 200 (the last error is in the node's logs, "worker":"sms")`;
    default:
      return `${counts}, ${whose}: they are retried until they succeed; the node's logs ("worker":"registration", outcome retry) say why they fail`;
  }
}

async function clockSkew(store: KyselyStore, add: Add): Promise<void> {
  const before = Date.now();
  const { rows } = await sql<{ ms: string | number }>`select (extract(epoch from clock_timestamp()) * 1000)::bigint as ms`.execute(store.kysely.withoutPlugins());
  const local = (before + Date.now()) / 2;
  const skew = Math.abs(Number(rows[0]!.ms) - local);
  if (skew > MAX_CLOCK_SKEW_MS) add("clock", false, `this machine's clock is ${Math.round(skew / 1000)} s off the database's: sync both with NTP (leases and signatures depend on it)`);
  else add("clock", true, `${Math.round(skew)} ms off the database's`);
}

function diskSpace(dataDir: string, add: Add): void {
  if (!existsSync(dataDir)) return;
  const fs = statfsSync(dataDir);
  const free = fs.bavail * fs.bsize;
  const share = fs.bavail / fs.blocks;
  if (free < MIN_FREE_BYTES || share < 0.05) add("disk", false, `${(free / 1024 ** 3).toFixed(1)} GiB free (${(share * 100).toFixed(1)}%) under ${dataDir}: free space before the store fills the disk`);
  else add("disk", true, `${(free / 1024 ** 3).toFixed(1)} GiB free`);
}

async function redisReachable(url: string, add: Add): Promise<void> {
  // Loaded here, not with the CLI: every other command would pay for it at start.
  const { Redis } = await import("ioredis");
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 3_000, retryStrategy: () => null });
  // connect() rejects with "Connection is closed."; the cause (a refused connection, a DNS failure) comes as an event.
  let cause: unknown;
  redis.on("error", (error) => (cause = error));
  try {
    await redis.connect();
    await redis.ping();
    add("redis", true, "reachable");
  } catch (error) {
    add("redis", false, `unreachable at ${where(url, 6379)} (${reason(cause ?? error)}): start Redis or correct --redis-url (REDIS_URL); until then each node applies the rate limit on its own`);
  } finally {
    redis.disconnect();
  }
}

/** Where a service is, without credentials or database name: the URL's scheme, host and port. */
function where(url: string, defaultPort: number): string {
  try {
    const u = new URL(url);
    return `${u.protocol.startsWith("redis") ? `${u.protocol}//` : ""}${u.hostname}:${u.port || defaultPort}`;
  } catch {
    return "an invalid URL";
  }
}

/** An error on one line: its message, else its code (a refused connection to every address has no message). */
function reason(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: Array<{ message?: string }> };
  const text = e.message || e.errors?.map((x) => x.message).join("; ") || e.code || String(error);
  return text.replace(/\s+/g, " ").trim();
}
