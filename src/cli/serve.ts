import { join } from "node:path";
import type { Command } from "commander";
import type { FastifyInstance } from "fastify";
import { createRuntime } from "../app/runtime.ts";
import { loadConfig, type Config } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { createPlatform, type CreatedPlatform } from "../domain/platforms/platforms.ts";
import { createTenant, type CreatedTenant } from "../domain/tenants.ts";
import { provisionAdminToken } from "./admin-token.ts";
import { writePrivateFile } from "./common.ts";
import { withServeOptions } from "./options.ts";

export function registerServeCommand(program: Command): void {
  withServeOptions(program.command("serve").description("start the API server (and the pages behind its links) on the embedded store")).action(async (flags) => {
    const config = loadConfig(flags);
    const runtime = await createRuntime(config);
    const { domain, app } = runtime;
    process.on("unhandledRejection", (reason) => app.log.error({ err: reason }, "unhandled rejection"));

    const demo = await createDemoTenantOnce(domain, config);
    const adminToken = await provisionAdminToken(domain, config.dataDir);
    const address = await runtime.start();
    const credentialsFile = join(config.dataDir, "demo-tenant.json");
    if (demo) writePrivateFile(credentialsFile, `${JSON.stringify(demo, null, 2)}\n`);
    const noTenant = config.mode === "production" && !demo && (await domain.store.listOrganizations(1)).length === 0;
    process.stdout.write(banner({ config, address, publicUrl: domain.publicUrl, demo, credentialsFile, adminToken, noTenant }));

    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        // An operator who asks twice wants out now: whatever is in hand is left to the leases.
        app.log.warn({ signal }, "second signal: exiting at once");
        exitAfterFlush(app, 1);
        return;
      }
      stopping = true;
      app.log.info({ signal, stopGraceMs: config.stopGraceMs, stopTimeoutMs: config.stopTimeoutMs }, "stopping: refusing new calls, finishing those in flight");
      runtime.stop().then(
        () => {
          app.log.info("stopped");
          exitAfterFlush(app, 0);
        },
        (error: unknown) => {
          app.log.error({ err: error }, "stop failed");
          exitAfterFlush(app, 1);
        },
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/** Exits once the logger has written out what it holds (pino's flush; at most a second's wait). */
function exitAfterFlush(app: FastifyInstance, code: number): void {
  process.exitCode = code;
  const logger = app.log as FastifyInstance["log"] & { flush?: (done?: (error?: Error) => void) => void };
  if (logger.flush) logger.flush(() => process.exit(code));
  else process.exit(code);
  setTimeout(() => process.exit(code), 1000).unref();
}

/**
 * Several nodes may start at once on an empty PostgreSQL: only the one whose claim is stored creates the demo.
 * A production installation gets no demo tenant: its tenants are the operator's to create, keys unprinted.
 */
/** The demo credentials: an enterprise for ess, and a platform with one application for essbasic. */
type DemoCredentials = CreatedTenant & { Platform: CreatedPlatform };

async function createDemoTenantOnce(domain: DomainDeps, config: Config): Promise<DemoCredentials | undefined> {
  if (config.mode !== "sandbox" || (await domain.store.listOrganizations(1)).length > 0) return undefined;
  const claim = `node-${process.pid}-${Date.now()}`;
  if ((await domain.store.putSettingIfAbsent("demo-tenant", claim)) !== claim) return undefined;
  const tenant = await createTenant(domain, { name: "essd 演示企业" });
  return { ...tenant, Platform: await createPlatform(domain, { name: "essd 演示平台" }) };
}

interface BannerFacts {
  config: Config;
  address: string;
  publicUrl: string;
  demo: DemoCredentials | undefined;
  credentialsFile: string;
  adminToken: { token: string; created: boolean; file: string };
  noTenant: boolean;
}

/** What an operator reads at start; credentials only when they were created by this start. */
function banner({ config, address, publicUrl, demo, credentialsFile, adminToken, noTenant }: BannerFacts): string {
  const storeName = config.databaseUrl ? `PostgreSQL${config.redisUrl ? " + Redis" : ""}` : `data in ${config.dataDir}`;
  const lines = [`essd listening on ${address} (public URL ${publicUrl}, ${storeName}, mode ${config.mode})`];
  if (demo) {
    lines.push(
      "A demo tenant was created (shown once; also saved, readable only by you, in " + credentialsFile + "):",
      `  OrganizationId  ${demo.OrganizationId}`,
      `  OperatorUserId  ${demo.OperatorUserId}   (Operator.UserId)`,
      `  SecretId        ${demo.SecretId}`,
      `  SecretKey       ${demo.SecretKey}`,
      "and a demo platform for essbasic (2021-05-26), whose application's key signs essbasic calls only:",
      `  AppId           ${demo.Platform.AppId}   (Agent.AppId)`,
      `  SecretId        ${demo.Platform.SecretId}`,
      `  SecretKey       ${demo.Platform.SecretKey}`,
    );
  } else if (noTenant) {
    lines.push(`No tenant yet: essd tenant create --name <enterprise name> --json${config.databaseUrl ? " --database-url …" : ` --data-dir ${config.dataDir}`}`);
  } else {
    lines.push(`Tenants: essd tenant list --data-dir ${config.dataDir}; the demo tenant's credentials, if created here, are in ${credentialsFile}`);
  }
  lines.push(
    adminToken.created
      ? `Review console: ${publicUrl}/review — admin token (shown once; also saved, readable only by you, in ${adminToken.file}):\n  ${adminToken.token}`
      : `Review console: ${publicUrl}/review — admin token in ${adminToken.file} (or: essd admin-token)`,
  );
  if (config.mode === "production" && !config.smsWebhook) {
    lines.push("Warning: no --sms-webhook: SMS codes and links (admin verification, legal representatives, invitations) cannot reach anyone.");
  }
  if (config.mode === "sandbox") lines.push(`API Explorer: ${publicUrl}/explorer (call, sign and debug every action from the browser)`);
  return `${lines.join("\n")}\n`;
}
