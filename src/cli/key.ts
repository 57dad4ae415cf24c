import type { Command } from "commander";
import { createApiKey, revokeApiKey } from "../domain/api-keys.ts";
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

  withStoreOptions(key.command("revoke").description("revoke a key pair at once; calls signed with it fail with AuthFailure.SecretIdNotFound").argument("<secretId>")).action(
    async (secretId: string, flags) => {
      await withDomain(flags, (deps) => revokeApiKey(deps, secretId));
      process.stdout.write(`revoked ${secretId}\n`);
    },
  );
}
