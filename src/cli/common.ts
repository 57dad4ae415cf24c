import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Option, type Command } from "commander";
import { openDomain } from "../app/compose.ts";
import { loadConfig, type Config } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";

/** The store flags every command that opens the store accepts. */
export function withStoreOptions(command: Command): Command {
  return command
    .addOption(new Option("--data-dir <dir>", "data directory of the embedded store (and of master.key)").env("ESSD_DATA_DIR").default("./.essd"))
    .addOption(new Option("--database-url <url>", "use this PostgreSQL instead of the embedded store").env("DATABASE_URL"));
}

/** Opens the configured store for one command, runs `work`, and closes the store whatever happens. */
export async function withDomain<T>(flags: Record<string, unknown>, work: (deps: DomainDeps, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(flags);
  const deps = await openDomain(config);
  try {
    return await work(deps, config);
  } finally {
    await deps.store.close();
  }
}

export const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** Writes a file only its owner may read (credentials, tokens), in a data dir only its owner may enter. */
export function writePrivateFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, text, { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file.
  chmodSync(file, 0o600);
}
