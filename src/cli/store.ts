import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../config/config.ts";
import { secretBoxOf } from "../app/secret-box-of-store.ts";
import { Keyring, loadMasterKeys } from "../platform/master-key.ts";
import { copyTables, summarize, type TableSummary } from "../store/copy.ts";
import { openPostgresStore } from "../store/postgres.ts";
import { openSqliteStore } from "../store/sqlite.ts";

export function registerStoreCommands(program: Command): void {
  const store = program.command("store").description("move and inspect stores");
  store
    .command("copy")
    .description("copy an embedded (SQLite) installation into an empty PostgreSQL database, with counts and checksums of both")
    .requiredOption("--from <dataDir>", "data directory of the embedded store (may be in use by a running server)")
    .requiredOption("--to <url>", "postgres:// URL of an empty database")
    .option("--schema <name>", "PostgreSQL schema to use instead of the default one")
    .option("--db-timeout-ms <ms>", "longest one database call may take", "60000")
    .action(async (flags) => {
      const sqlitePath = join(flags.from, "essd.sqlite");
      if (!existsSync(sqlitePath)) throw new Error(`${sqlitePath} does not exist`);
      const source = openSqliteStore(sqlitePath);
      // A one-off copy, in batches of every size: nothing in it is worth preparing on the server.
      const target = openPostgresStore(flags.to, { poolSize: 2, timeoutMs: Number(flags.dbTimeoutMs), schema: flags.schema, preparedStatements: 0 });
      try {
        await source.migrate();
        await target.migrate();
        const keys = loadMasterKeys(loadConfig({ dataDir: flags.from }).masterKey, flags.from);
        const keySource = keys.source;
        await secretBoxOf(source, Keyring.of(keys), { create: false }).catch((error: Error) => {
          throw new Error(`the master key from ${keySource} is not the one ${flags.from} was created with (${error.message})`);
        });
        const blobs = readBlobDirectory(join(flags.from, "blobs"));
        await copyTables(source.kysely, target.kysely, blobs);
        const before = await summarize(source.kysely, blobs);
        const after = await summarize(target.kysely);
        printSummaries(before, after, blobs.length);
        const differing = before.filter((b, i) => b.rows !== after[i].rows || b.checksum !== after[i].checksum);
        if (differing.length) throw new Error(`copy differs in ${differing.map((d) => d.table).join(", ")}`);
        process.stdout.write(
          `\nCopied. Start every node with --database-url and the same master key: ESSD_MASTER_KEY=$(cat ${join(flags.from, "master.key")})${keySource === "ESSD_MASTER_KEY" ? " (the one in ESSD_MASTER_KEY)" : ""}\n`,
        );
      } finally {
        await source.close();
        await target.close();
      }
    });
}

function readBlobDirectory(dir: string): Array<{ hash: string; bytes: Buffer }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(dir, d.name)).filter((f) => /^[0-9a-f]{64}$/.test(f)).map((f) => ({ hash: f, bytes: readFileSync(join(dir, d.name, f)) })));
}

function printSummaries(before: TableSummary[], after: TableSummary[], directoryBlobs: number): void {
  const lines = ["table               source rows  target rows  checksum (source → target)"];
  before.forEach((b, i) => {
    const a = after[i];
    lines.push(`${b.table.padEnd(20)}${String(b.rows).padStart(11)}  ${String(a.rows).padStart(11)}  ${b.checksum.slice(0, 16)} → ${a.checksum.slice(0, 16)}${b.checksum === a.checksum ? "  ok" : ""}`);
  });
  if (directoryBlobs) lines.push(`(blobs counts ${directoryBlobs === 1 ? "the uploaded file" : `the ${directoryBlobs} uploaded files`} of the data directory's blobs/, now in the blobs table)`);
  process.stdout.write(`${lines.join("\n")}\n`);
}
