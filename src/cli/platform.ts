import { Option, type Command } from "commander";
import { configureCallback, listCallbackDeliveries } from "../domain/callbacks/index.ts";
import { printDeliveries } from "./callbacks.ts";
import { applicationOf, createApplication, createPlatform } from "../domain/platforms/platforms.ts";
import { printJson, withDomain } from "./common.ts";
import { withStoreOptions } from "./options.ts";

/** `essd platform create | app create | list | set-callback | callbacks`: essbasic's callers (第三方平台) and their applications. */
export function registerPlatformCommands(program: Command): void {
  const platform = program.command("platform").description("manage platforms (essbasic callers), their applications and credentials");

  withStoreOptions(
    platform
      .command("create")
      .description("create a platform with one application and its API key pair (the key signs essbasic calls only)")
      .requiredOption("--name <name>", "platform name, e.g. 示例SaaS平台")
      .option("--json", "print one JSON object {PlatformId, PlatformName, AppId, SecretId, SecretKey}"),
  ).action(async (flags) => {
    const created = await withDomain(flags, (deps) => createPlatform(deps, { name: flags.name }));
    if (flags.json) process.stdout.write(`${JSON.stringify(created)}\n`);
    else printJson(created);
  });

  const app = platform.command("app").description("a platform's applications (Agent.AppId)");
  withStoreOptions(
    app
      .command("create")
      .description("add an application to a platform, with its own API key pair")
      .requiredOption("--platform <platformId>", "the platform (PlatformId)")
      .option("--json", "print one JSON object {PlatformId, AppId, SecretId, SecretKey}"),
  ).action(async (flags) => {
    const created = await withDomain(flags, (deps) => createApplication(deps, flags.platform));
    if (flags.json) process.stdout.write(`${JSON.stringify(created)}\n`);
    else printJson(created);
  });

  withStoreOptions(platform.command("list").description("list platforms with their applications and key ids").option("--json", "print JSON")).action(async (flags) => {
    const rows = await withDomain(flags, async (deps) => {
      const [platforms, apps, keys] = await Promise.all([deps.store.listPlatforms(), deps.store.listApplications(), deps.store.listApiKeys()]);
      return platforms.map((p) => ({
        PlatformId: p.id,
        PlatformName: p.name,
        Applications: apps
          .filter((a) => a.platformId === p.id)
          .map((a) => ({ AppId: a.id, SecretIds: keys.filter((k) => k.applicationId === a.id && k.status === "active").map((k) => k.secretId) })),
      }));
    });
    if (flags.json) printJson(rows);
    else for (const r of rows) process.stdout.write(`${r.PlatformId}  ${r.PlatformName}\n${r.Applications.map((a) => `  app ${a.AppId}  keys: ${a.SecretIds.join(", ") || "-"}\n`).join("")}`);
  });

  withStoreOptions(
    platform
      .command("set-callback")
      .description("send this application's ThirdPartyApp callbacks to URL, encrypted with KEY and signed with TOKEN (as `tenant set-callback`)")
      .requiredOption("--app <appId>", "the application (AppId)")
      .requiredOption("--url <url>", "receiver URL (http:// or https://); it must answer HTTP 200")
      .addOption(new Option("--key <key>", "CallbackUrlKey: exactly 32 ASCII characters; AES-256-CBC encrypts the body. Without it bodies are plaintext JSON").env("ESSD_CALLBACK_KEY"))
      .addOption(new Option("--token <token>", "signing token: every request carries Content-Signature: sha256=<hex HMAC-SHA256(token, body)>").env("ESSD_CALLBACK_TOKEN")),
  ).action(async (flags) => {
    const view = await withDomain(flags, async (deps) => {
      const application = await applicationOf(deps, flags.app);
      const { OrganizationId: _owner, ...rest } = await configureCallback(deps, application.organizationId, { url: flags.url, key: flags.key || undefined, token: flags.token || undefined });
      return { AppId: application.id, ...rest };
    });
    printJson(view);
  });

  withStoreOptions(
    platform
      .command("callbacks")
      .description("list this application's callback messages (ThirdPartyApp and its flows' own), newest first, with every delivery attempt; resend one with `essd tenant resend-callback`")
      .requiredOption("--app <appId>", "the application (AppId)")
      .option("--limit <n>", "at most this many messages", "100")
      .option("--json", "print JSON"),
  ).action(async (flags) => {
    const deliveries = await withDomain(flags, async (deps) => listCallbackDeliveries(deps, (await applicationOf(deps, flags.app)).organizationId, Number(flags.limit)));
    printDeliveries(deliveries, flags.json === true);
  });
}
