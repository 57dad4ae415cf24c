import { join } from "node:path";
import { Option, type Command } from "commander";
import { buildApp } from "../app/build-app.ts";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import { createTenant } from "../domain/tenants.ts";
import { SandboxClock } from "../platform/clock.ts";
import { RegistrationWorker } from "../worker/registration-worker.ts";
import { CallbackWorker } from "../worker/callback-worker.ts";
import { SmsWorker } from "../worker/sms-worker.ts";
import { ClockSyncWorker } from "../worker/clock-sync-worker.ts";
import { syncSandboxClock } from "../domain/sandbox.ts";
import { AutoReviewWorker } from "../worker/review-worker.ts";
import { provisionAdminToken } from "./admin-token.ts";
import { writePrivateFile } from "./common.ts";
import { Redis } from "ioredis";
import { redisRateLimiter } from "../protocol/rate-limit.ts";

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("start the API server (and the pages behind its links) on the embedded store")
    .addOption(new Option("--host <host>", "interface to listen on").env("ESSD_HOST").default("127.0.0.1"))
    .addOption(new Option("--port <port>", "TCP port (0 = any free port)").env("ESSD_PORT").default("8080"))
    .addOption(new Option("--data-dir <dir>", "data directory of the embedded store (and of master.key)").env("ESSD_DATA_DIR").default("./.essd"))
    .addOption(new Option("--database-url <url>", "run on PostgreSQL (several nodes may share it) instead of the embedded store").env("DATABASE_URL"))
    .addOption(new Option("--redis-url <url>", "share the rate-limit budget between nodes through Redis").env("REDIS_URL"))
    .addOption(new Option("--redis-prefix <prefix>", "prefix of essd's Redis keys (installations sharing one Redis)").env("ESSD_REDIS_PREFIX").default("essd"))
    .addOption(new Option("--db-pool-size <n>", "PostgreSQL connections per node").env("ESSD_DB_POOL_SIZE").default("10"))
    .addOption(new Option("--db-timeout-ms <ms>", "longest a database call may take before answering InternalError.Db").env("ESSD_DB_TIMEOUT_MS").default("5000"))
    .addOption(new Option("--worker-lease-ms <ms>", "how long a claimed task stays claimed; a dead node's tasks are taken over after it").env("ESSD_WORKER_LEASE_MS").default("30000"))
    .addOption(new Option("--public-url <url>", "base of every link essd hands out (default http://HOST:PORT)").env("ESSD_PUBLIC_URL"))
    .addOption(new Option("--rate-limit <n>", "requests per second per action per tenant").env("ESSD_RATE_LIMIT").default("20"))
    .addOption(new Option("--mode <mode>", "sandbox (diagnostics in errors) or production").choices(["sandbox", "production"]).env("ESSD_MODE").default("sandbox"))
    .addOption(new Option("--id-checks <mode>", "strict: checksums and dates of credit codes and IDs; format: shapes only; off").choices(["strict", "format", "off"]).env("ESSD_ID_CHECKS").default("strict"))
    .addOption(new Option("--registry <file>", "CSV or JSON of known enterprises (default: the sandbox registry and its test values)").env("ESSD_REGISTRY"))
    .addOption(new Option("--daily-limit <n>", "enterprises one organization may submit per Beijing day").env("ESSD_DAILY_LIMIT").default("8000"))
    .addOption(new Option("--review <policy>", "submitted powers of attorney: a reviewer decides (manual) or essd does after --review-delay").choices(["manual", "auto-approve", "auto-reject"]).env("ESSD_REVIEW").default("manual"))
    .addOption(new Option("--review-delay <seconds>", "how long an automatic review waits").env("ESSD_REVIEW_DELAY").default("0"))
    .addOption(new Option("--trust-proxy <who>", "whose X-Forwarded-Proto/-For to believe: loopback, addresses/CIDRs, a hop count, true or false").env("ESSD_TRUST_PROXY").default("loopback"))
    .addOption(new Option("--sms-webhook <url>", "production: POST every SMS here for real delivery (the sandbox keeps an outbox)").env("ESSD_SMS_WEBHOOK"))
    .addOption(new Option("--sms-webhook-token <token>", "sign every SMS webhook POST: Content-Signature sha256=HMAC-SHA256(token, body), as callbacks").env("ESSD_SMS_WEBHOOK_TOKEN"))
    .addOption(new Option("--log-level <level>", "log level").env("ESSD_LOG_LEVEL").default("info"))
    .action(async (flags) => {
      const config = loadConfig(flags);
      // In sandbox mode time can be moved forward through the control API (links expire without waiting).
      const domain = await openDomain(config, config.mode === "sandbox" ? { clock: new SandboxClock() } : {});
      const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
      redis?.on("error", () => {}); // reconnects by itself; meanwhile the rate limiter falls back to this node's memory
      const app = await buildApp({ config, domain, rateLimiter: redis ? redisRateLimiter(redis, config.rateLimit, config.redisPrefix) : undefined });
      // One worker per embedded store: leases left by a killed process are ours to take back at once. On
      // PostgreSQL other nodes may hold them, so they are left to expire.
      if (!config.databaseUrl) {
        await domain.store.releaseRegistrationLeases();
        await domain.store.releaseCallbackLeases();
        await domain.store.releaseSmsLeases();
      }
      const worker = new RegistrationWorker(domain, { leaseMs: config.workerLeaseMs, logError: (fields, message) => app.log.error(fields, message) });
      const callbacks = new CallbackWorker(domain, { logError: (fields, message) => app.log.warn(fields, message) });
      // Messages are queued for the webhook only when one is configured (sendSms); without it there is nothing to deliver.
      const sms = config.smsWebhook
        ? new SmsWorker(domain, { webhookToken: config.smsWebhookToken, logError: (fields, message) => app.log.warn(fields, message) })
        : undefined;
      // Automatic review policies exist only in the sandbox (production is always manual).
      const reviewer = config.mode === "sandbox" ? new AutoReviewWorker(domain, { pollMs: 1000, logError: (fields, message) => app.log.warn(fields, message) }) : undefined;
      // The sandbox clock starts where clock/advance last left it (on any node, in any earlier run).
      await syncSandboxClock(domain);
      const clockSync = config.mode === "sandbox" ? new ClockSyncWorker(domain, { logError: (fields, message) => app.log.warn(fields, message) }) : undefined;
      domain.notifyWork = () => {
        worker.wake();
        callbacks.wake();
        sms?.wake();
        reviewer?.wake();
      };
      process.on("unhandledRejection", (reason) => app.log.error({ err: reason }, "unhandled rejection"));

      // Several nodes may start at once on an empty PostgreSQL: only the one whose claim is stored creates the demo.
      // A production installation gets no demo tenant: its tenants are the operator's to create, keys unprinted.
      const claim = `node-${process.pid}-${Date.now()}`;
      const isFirst =
        config.mode === "sandbox" && (await domain.store.listOrganizations()).length === 0 && (await domain.store.putSettingIfAbsent("demo-tenant", claim)) === claim;
      const demo = isFirst ? await createTenant(domain, { name: "essd 演示企业" }) : undefined;
      const adminToken = await provisionAdminToken(domain, config.dataDir);
      const address = await app.listen({ host: config.host, port: config.port });
      worker.start();
      callbacks.start();
      sms?.start();
      reviewer?.start();
      clockSync?.start();
      // With --port 0 the real port is known only now; links must carry it.
      if (config.port === 0 && !flags.publicUrl) domain.publicUrl = address;
      const credentialsFile = join(config.dataDir, "demo-tenant.json");
      const storeName = config.databaseUrl ? `PostgreSQL${config.redisUrl ? " + Redis" : ""}` : `data in ${config.dataDir}`;
      const lines = [`essd listening on ${address} (public URL ${domain.publicUrl}, ${storeName}, mode ${config.mode})`];
      if (demo) {
        writePrivateFile(credentialsFile, `${JSON.stringify(demo, null, 2)}\n`);
        lines.push(
          "A demo tenant was created (shown once; also saved, readable only by you, in " + credentialsFile + "):",
          `  OrganizationId  ${demo.OrganizationId}`,
          `  OperatorUserId  ${demo.OperatorUserId}   (Operator.UserId)`,
          `  SecretId        ${demo.SecretId}`,
          `  SecretKey       ${demo.SecretKey}`,
        );
      } else if (config.mode === "production" && (await domain.store.listOrganizations()).length === 0) {
        lines.push(`No tenant yet: essd tenant create --name <enterprise name> --json${config.databaseUrl ? " --database-url …" : ` --data-dir ${config.dataDir}`}`);
      } else {
        lines.push(`Tenants: essd tenant list --data-dir ${config.dataDir}; the demo tenant's credentials, if created here, are in ${credentialsFile}`);
      }
      lines.push(
        adminToken.created
          ? `Review console: ${domain.publicUrl}/review — admin token (shown once; also saved, readable only by you, in ${adminToken.file}):\n  ${adminToken.token}`
          : `Review console: ${domain.publicUrl}/review — admin token in ${adminToken.file} (or: essd admin-token)`,
      );
      if (config.mode === "production" && !config.smsWebhook) {
        lines.push("Warning: no --sms-webhook: SMS codes and links (admin verification, legal representatives, invitations) cannot reach anyone.");
      }
      if (config.mode === "sandbox") lines.push(`API Explorer: ${domain.publicUrl}/explorer (call, sign and debug every action from the browser)`);
      process.stdout.write(`${lines.join("\n")}\n`);

      const stop = async () => {
        await app.close();
        await worker.stop();
        await callbacks.stop();
        await sms?.stop();
        await reviewer?.stop();
        await clockSync?.stop();
        redis?.disconnect();
        await domain.store.close();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
