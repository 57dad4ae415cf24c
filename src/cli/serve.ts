import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Option, type Command } from "commander";
import { buildApp } from "../app/build-app.ts";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import { createTenant } from "../domain/tenants.ts";
import { RegistrationWorker } from "../worker/worker.ts";

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("start the API server (and the pages behind its links) on the embedded store")
    .addOption(new Option("--host <host>", "interface to listen on").env("ESSD_HOST").default("127.0.0.1"))
    .addOption(new Option("--port <port>", "TCP port (0 = any free port)").env("ESSD_PORT").default("8080"))
    .addOption(new Option("--data-dir <dir>", "data directory of the embedded store").env("ESSD_DATA_DIR").default("./.essd"))
    .addOption(new Option("--public-url <url>", "base of every link essd hands out (default http://HOST:PORT)").env("ESSD_PUBLIC_URL"))
    .addOption(new Option("--rate-limit <n>", "requests per second per action per tenant").env("ESSD_RATE_LIMIT").default("20"))
    .addOption(new Option("--mode <mode>", "sandbox (diagnostics in errors) or production").choices(["sandbox", "production"]).env("ESSD_MODE").default("sandbox"))
    .addOption(new Option("--id-checks <mode>", "strict: checksums and dates of credit codes and IDs; format: shapes only; off").choices(["strict", "format", "off"]).env("ESSD_ID_CHECKS").default("strict"))
    .addOption(new Option("--registry <file>", "CSV or JSON of known enterprises (default: the sandbox registry and its test values)").env("ESSD_REGISTRY"))
    .addOption(new Option("--daily-limit <n>", "enterprises one organization may submit per Beijing day").env("ESSD_DAILY_LIMIT").default("8000"))
    .addOption(new Option("--log-level <level>", "log level").env("ESSD_LOG_LEVEL").default("info"))
    .action(async (flags) => {
      const config = loadConfig(flags);
      const domain = await openDomain(config);
      const app = await buildApp({ config, domain });
      // One worker per embedded store: leases left by a killed process are ours to take back at once.
      await domain.store.releaseRegistrationLeases();
      const worker = new RegistrationWorker(domain, { logError: (fields, message) => app.log.error(fields, message) });
      domain.notifyWork = () => worker.wake();
      process.on("unhandledRejection", (reason) => app.log.error({ err: reason }, "unhandled rejection"));

      const demo = (await domain.store.listOrganizations()).length === 0 ? await createTenant(domain, { name: "essd 演示企业" }) : undefined;
      const address = await app.listen({ host: config.host, port: config.port });
      worker.start();
      // With --port 0 the real port is known only now; links must carry it.
      if (config.port === 0 && !flags.publicUrl) domain.publicUrl = address;
      const credentialsFile = join(config.dataDir, "demo-tenant.json");
      const lines = [`essd listening on ${address} (public URL ${domain.publicUrl}, data in ${config.dataDir}, mode ${config.mode})`];
      if (demo) {
        writeFileSync(credentialsFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
        chmodSync(credentialsFile, 0o600);
        lines.push(
          "A demo tenant was created (shown once; also saved, readable only by you, in " + credentialsFile + "):",
          `  OrganizationId  ${demo.OrganizationId}`,
          `  OperatorUserId  ${demo.OperatorUserId}   (Operator.UserId)`,
          `  SecretId        ${demo.SecretId}`,
          `  SecretKey       ${demo.SecretKey}`,
        );
      } else {
        lines.push(`Tenants: essd tenant list --data-dir ${config.dataDir}; the demo tenant's credentials, if created here, are in ${credentialsFile}`);
      }
      process.stdout.write(`${lines.join("\n")}\n`);

      const stop = async () => {
        await app.close();
        await worker.stop();
        await domain.store.close();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
