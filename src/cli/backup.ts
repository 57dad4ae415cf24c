import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Command } from "commander";
import { loadConfig } from "../config/config.ts";
import { counted } from "./wording.ts";

const DATABASE = "essd.sqlite";

/**
 * `essd backup` and `essd restore` for the embedded store. A backup is one SQLite file: SQLite's online backup of
 * essd.sqlite (consistent while `essd serve` keeps writing), with the uploaded files of blobs/ added to its `blobs`
 * table. Blobs are content-addressed and written before any row names them, so those copied after the database
 * cover every row the backup holds. The master key is not in it: keep master.key (or ESSD_MASTER_KEY) apart.
 */
export function registerBackupCommands(program: Command): void {
  program
    .command("backup")
    .description("back up the embedded store (online: the server may keep running) into one file; PostgreSQL: use pg_dump")
    .option("--data-dir <dir>", "data directory of the embedded store (ESSD_DATA_DIR, default ./.essd)")
    .requiredOption("--to <file>", "the backup file to write (must not exist)")
    .action(async (flags: { dataDir?: string; to: string }) => {
      const dataDir = loadConfig({ dataDir: flags.dataDir }).dataDir;
      const source = join(dataDir, DATABASE);
      if (!existsSync(source)) throw new Error(`${source} does not exist: nothing to back up`);
      if (existsSync(flags.to)) throw new Error(`${flags.to} exists: choose a new file`);
      const { files, bytes } = await backup(dataDir, flags.to);
      process.stdout.write(`Backed up ${source} and ${counted(files, "uploaded file")} (${counted(bytes, "byte")}) to ${resolve(flags.to)}.\nKeep the master key (${join(dataDir, "master.key")} or ESSD_MASTER_KEY) apart from it: the backup's sealed data needs it.\n`);
    });
  program
    .command("restore")
    .description("restore a backup made by essd backup into a data directory (the server must be stopped)")
    .option("--data-dir <dir>", "data directory to restore into (ESSD_DATA_DIR, default ./.essd)")
    .requiredOption("--from <file>", "the backup file")
    .option("--force", "replace the store the data directory already has")
    .action(async (flags: { dataDir?: string; from: string; force?: boolean }) => {
      const dataDir = loadConfig({ dataDir: flags.dataDir }).dataDir;
      if (!existsSync(flags.from)) throw new Error(`${flags.from} does not exist`);
      if (existsSync(join(dataDir, DATABASE)) && !flags.force) throw new Error(`${join(dataDir, DATABASE)} exists: stop the server and add --force to replace it`);
      const { files } = restore(flags.from, dataDir);
      process.stdout.write(`Restored ${flags.from} into ${dataDir} (${counted(files, "uploaded file")}). Start essd with the master key of the backed-up installation; essd doctor checks it.\n`);
    });
}

export async function backup(dataDir: string, to: string): Promise<{ files: number; bytes: number }> {
  const source = new BetterSqlite3(join(dataDir, DATABASE), { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    await source.backup(to);
  } finally {
    source.close();
  }
  const target = new BetterSqlite3(to);
  try {
    let files = 0;
    let bytes = 0;
    const insert = target.prepare("insert into blobs (hash, bytes, size) values (?, ?, ?) on conflict (hash) do nothing");
    target.transaction(() => {
      for (const { hash, path } of blobFiles(join(dataDir, "blobs"))) {
        const content = readFileSync(path);
        insert.run(hash, content.toString("base64"), content.length);
        files++;
        bytes += content.length;
      }
    })();
    return { files, bytes };
  } finally {
    target.close();
  }
}

export function restore(from: string, dataDir: string): { files: number } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const staging = join(dataDir, `${DATABASE}.restoring`);
  rmSync(staging, { force: true });
  writeFileSync(staging, readFileSync(from), { mode: 0o600 });
  const db = new BetterSqlite3(staging, { fileMustExist: true });
  let files = 0;
  try {
    const check = db.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`${from} is damaged: ${String(check)}`);
    // The files go back to blobs/, the embedded store's place for them; the table the backup carried them in is emptied.
    for (const row of db.prepare("select hash, bytes from blobs").iterate() as Iterable<{ hash: string; bytes: string }>) {
      const path = join(dataDir, "blobs", row.hash.slice(0, 2), row.hash);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, Buffer.from(row.bytes, "base64"), { mode: 0o600 });
      files++;
    }
    db.prepare("delete from blobs").run();
    db.pragma("journal_mode = DELETE");
  } finally {
    db.close();
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(join(dataDir, DATABASE + suffix), { force: true });
  renameSync(staging, join(dataDir, DATABASE));
  return { files };
}

function* blobFiles(dir: string): Generator<{ hash: string; path: string }> {
  if (!existsSync(dir)) return;
  for (const folder of readdirSync(dir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of readdirSync(join(dir, folder.name))) if (/^[0-9a-f]{64}$/.test(name)) yield { hash: name, path: join(dir, folder.name, name) };
  }
}
