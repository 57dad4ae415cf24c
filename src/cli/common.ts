import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createRuntime } from "../app/runtime.ts";
import { loadConfig, type Config } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";

/**
 * Opens the configured installation for one admin command (the same runtime `essd serve` runs, never started:
 * nothing listens, no worker runs), runs `work`, and closes it whatever happens.
 */
export async function withDomain<T>(flags: Record<string, unknown>, work: (deps: DomainDeps, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(flags);
  const runtime = await createRuntime(config, { logger: false });
  try {
    return await work(runtime.domain, config);
  } finally {
    await runtime.stop();
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
