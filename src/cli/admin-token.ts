import { chmodSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { ensureAdminToken, rotateAdminToken } from "../domain/admin-token.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { withDomain, writePrivateFile } from "./common.ts";
import { withStoreOptions } from "./options.ts";

export const adminTokenFile = (dataDir: string) => join(dataDir, "admin-token");

/**
 * Creates the installation's admin token if there is none yet and keeps `<data-dir>/admin-token` (mode 0600) in
 * step with the store: on PostgreSQL every node's data dir gets the one shared token.
 */
export async function provisionAdminToken(deps: DomainDeps, dataDir: string, options: { rotate?: boolean } = {}): Promise<{ token: string; created: boolean; file: string }> {
  const { token, created } = options.rotate ? { token: await rotateAdminToken(deps), created: true } : await ensureAdminToken(deps);
  const file = adminTokenFile(dataDir);
  const current = existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
  if (current !== token) writePrivateFile(file, `${token}\n`);
  else chmodSync(file, 0o600);
  return { token, created, file };
}

/** `essd admin-token`: prints the token of the review console and of the control API's Bearer authentication. */
export function registerAdminTokenCommand(program: Command): void {
  withStoreOptions(
    program
      .command("admin-token")
      .description("print the admin token (review console at /review, control API with Authorization: Bearer); creates it if none exists")
      .option("--json", "print one JSON object {AdminToken, File}")
      .option("--rotate", "replace the token with a new one: the old one stops working on every node and review sessions end"),
  ).action(async (flags) => {
    const { token, file } = await withDomain(flags, (deps, config) => provisionAdminToken(deps, config.dataDir, { rotate: Boolean(flags.rotate) }));
    if (flags.json) process.stdout.write(`${JSON.stringify({ AdminToken: token, File: file })}\n`);
    else process.stdout.write(`${token}\n`);
  });
}
