import { Option, type Command } from "commander";
import { configureCallback, listCallbackDeliveries, resendCallback } from "../domain/callbacks/index.ts";
import type { DeliveryWithAttempts } from "../domain/callbacks/index.ts";
import { printJson, withDomain } from "./common.ts";
import { withStoreOptions } from "./options.ts";

const iso = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString());

/** `essd tenant set-callback | callbacks | resend-callback`: a tenant's callback receiver and its delivery log. */
export function registerCallbackCommands(tenant: Command): void {
  withStoreOptions(
    tenant
      .command("set-callback")
      .description("send this organization's callbacks (reference §7) to URL, encrypted with KEY and signed with TOKEN")
      .requiredOption("--org <orgId>", "the organization (OrganizationId)")
      .requiredOption("--url <url>", "receiver URL (http:// or https://); it must answer HTTP 200")
      // The environment variables keep the secrets out of shell history and process listings.
      .addOption(new Option("--key <key>", "CallbackUrlKey: exactly 32 ASCII characters; AES-256-CBC encrypts the body as {\"encrypt\": …}. Without it bodies are plaintext JSON").env("ESSD_CALLBACK_KEY"))
      .addOption(new Option("--token <token>", "signing token: every request carries Content-Signature: sha256=<hex HMAC-SHA256(token, body)>").env("ESSD_CALLBACK_TOKEN")),
  ).action(async (flags) => {
    // The key and token are stored sealed and never printed back: only whether they are set. An empty value
    // (an exported but empty variable) means none, as for every other ESSD_ variable.
    printJson(await withDomain(flags, (deps) => configureCallback(deps, flags.org, { url: flags.url, key: flags.key || undefined, token: flags.token || undefined })));
  });

  withStoreOptions(
    tenant
      .command("callbacks")
      .description("list this organization's callback messages, newest first, with every delivery attempt")
      .requiredOption("--org <orgId>", "the organization (OrganizationId)")
      .option("--limit <n>", "at most this many messages", "100")
      .option("--json", "print JSON"),
  ).action(async (flags) => {
    printDeliveries(await withDomain(flags, (deps) => listCallbackDeliveries(deps, flags.org, Number(flags.limit))), flags.json === true);
  });

  withStoreOptions(
    tenant
      .command("resend-callback")
      .description("send a callback message again (same MsgId), now and with a fresh 24 h retry window")
      .argument("<msgId>", "the message's MsgId, from `essd tenant callbacks`"),
  ).action(async (msgId: string, flags) => {
    await withDomain(flags, (deps) => resendCallback(deps, msgId));
    process.stdout.write(`${msgId} queued; a running essd sends it at its next poll\n`);
  });
}

/** Prints a callback log (`tenant callbacks`, `platform callbacks`): JSON, or one line per message and attempt. */
export function printDeliveries(deliveries: DeliveryWithAttempts[], json: boolean): void {
  const rows = deliveries.map((d) => ({
    MsgId: d.id,
    MsgType: d.msgType,
    State: d.state,
    CreatedAt: iso(d.createdAt),
    DeliveredAt: d.deliveredAt === null ? null : iso(d.deliveredAt),
    NextAttemptAt: d.state === "pending" ? iso(d.nextAttemptAt) : null,
    Message: JSON.parse(d.payload),
    Attempts: d.attemptLog.map((a) => ({ Attempt: a.attempt, At: iso(a.at), Url: a.url, HttpStatus: a.httpStatus, Error: a.error, DurationMs: a.durationMs })),
  }));
  if (json) {
    printJson(rows);
    return;
  }
  for (const r of rows) {
    process.stdout.write(`${r.MsgId}  ${r.MsgType}  ${r.State}  created ${r.CreatedAt}${r.NextAttemptAt ? `  next ${r.NextAttemptAt}` : ""}\n`);
    for (const a of r.Attempts) process.stdout.write(`  #${a.Attempt}  ${a.At}  ${a.HttpStatus ?? "-"}  ${a.DurationMs} ms  ${a.Error ?? "ok"}\n`);
  }
}
