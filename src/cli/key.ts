import type { Command } from "commander";
import { createApiKey, revokeApiKey, rotateApiKeys } from "../domain/api-keys.ts";
import { printJson, withDomain } from "./common.ts";
import { withStoreOptions } from "./options.ts";

export function registerKeyCommands(program: Command): void {
  const key = program.command("key").description("manage API key pairs (SecretId / SecretKey)");

  withStoreOptions(
    key.command("create").description("issue a new key pair for an organization").requiredOption("--org <orgId>", "organization id").option("--json", "print one JSON object"),
  ).action(async (flags) => {
    const issued = await withDomain(flags, (deps) => createApiKey(deps, flags.org));
    const out = { OrganizationId: flags.org, ...issued };
    if (flags.json) process.stdout.write(`${JSON.stringify(out)}\n`);
    else printJson(out);
  });

  withStoreOptions(
    key
      .command("rotate")
      .description("issue a new key pair for an organization; its current keys keep signing for the overlap, then are revoked")
      .requiredOption("--org <orgId>", "organization id")
      .option("--overlap <seconds>", "how long the old keys keep signing (0: revoke them now)", "86400")
      .option("--json", "print one JSON object"),
  ).action(async (flags) => {
    const overlap = Number(flags.overlap);
    if (!Number.isInteger(overlap) || overlap < 0 || overlap > 90 * 86_400) throw new Error("--overlap must be whole seconds between 0 and 7776000 (90 days)");
    const rotated = await withDomain(flags, (deps) => rotateApiKeys(deps, flags.org, overlap));
    const out = {
      OrganizationId: flags.org,
      SecretId: rotated.SecretId,
      SecretKey: rotated.SecretKey,
      Retiring: rotated.retiring.map((k) => ({ SecretId: k.SecretId, ValidUntil: new Date(k.ValidUntil).toISOString() })),
    };
    if (flags.json) process.stdout.write(`${JSON.stringify(out)}\n`);
    else printJson(out);
  });

  withStoreOptions(key.command("revoke").description("revoke a key pair at once; calls signed with it fail with AuthFailure.SecretIdNotFound").argument("<secretId>")).action(
    async (secretId: string, flags) => {
      await withDomain(flags, (deps) => revokeApiKey(deps, secretId));
      process.stdout.write(`revoked ${secretId}\n`);
    },
  );
}
