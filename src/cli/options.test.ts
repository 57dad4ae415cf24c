import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { loadConfig } from "../config/config.ts";
import { settingsTable, withServeOptions, withStoreOptions, withSettingsTable } from "./options.ts";

/** Every flag `essd serve` had before its options were generated: flag, variable, default ("-": none). None may go. */
const SERVE_FLAGS = `
--host              ESSD_HOST               127.0.0.1
--port              ESSD_PORT               8080
--data-dir          ESSD_DATA_DIR           ./.essd
--database-url      DATABASE_URL            -
--redis-url         REDIS_URL               -
--redis-prefix      ESSD_REDIS_PREFIX       essd
--db-pool-size      ESSD_DB_POOL_SIZE       10
--db-prepared-statements ESSD_DB_PREPARED_STATEMENTS 500
--db-timeout-ms     ESSD_DB_TIMEOUT_MS      5000
--worker-lease-ms   ESSD_WORKER_LEASE_MS    30000
--public-url        ESSD_PUBLIC_URL         -
--rate-limit        ESSD_RATE_LIMIT         20
--mode              ESSD_MODE               sandbox
--id-checks         ESSD_ID_CHECKS          strict
--registry          ESSD_REGISTRY           -
--daily-limit       ESSD_DAILY_LIMIT        8000
--review            ESSD_REVIEW             manual
--review-delay      ESSD_REVIEW_DELAY       0
--trust-proxy       ESSD_TRUST_PROXY        loopback
--headers-timeout-ms ESSD_HEADERS_TIMEOUT_MS 10000
--request-timeout-ms ESSD_REQUEST_TIMEOUT_MS 120000
--keep-alive-timeout-ms ESSD_KEEP_ALIVE_TIMEOUT_MS 72000
--max-requests-per-socket ESSD_MAX_REQUESTS_PER_SOCKET 1000
--max-connections   ESSD_MAX_CONNECTIONS    2000
--delivery-concurrency ESSD_DELIVERY_CONCURRENCY 8
--delivery-timeout-ms ESSD_DELIVERY_TIMEOUT_MS 10000
--sms-webhook       ESSD_SMS_WEBHOOK        -
--sms-webhook-token ESSD_SMS_WEBHOOK_TOKEN  -
--stop-timeout-ms   ESSD_STOP_TIMEOUT_MS    10000
--stop-grace-ms     ESSD_STOP_GRACE_MS      0
--metrics           ESSD_METRICS            on
--metrics-token     ESSD_METRICS_TOKEN      -
--log-format        ESSD_LOG_FORMAT         json
--log-level         ESSD_LOG_LEVEL          info
`
  .trim()
  .split("\n")
  .map((line) => line.split(/\s+/).map((field) => (field === "-" ? undefined : field)));

const flagsOf = (command: Command) => command.options.map((o) => [o.long, o.envVar, o.defaultValue]);

/** Parses `argv` as a command with these options would, with `env` as the environment; answers the flags. */
async function parse(options: (command: Command) => Command, argv: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    let flags: Record<string, unknown> = {};
    const command = options(new Command("serve").exitOverride().configureOutput({ writeErr: () => {} })).action((parsed) => void (flags = parsed));
    await command.parseAsync(argv, { from: "user" });
    return flags;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe("settings declared once", () => {
  it("give essd serve every flag, variable and default it had", () => {
    assert.deepEqual(flagsOf(withServeOptions(new Command("serve"))), SERVE_FLAGS);
  });

  it("give the admin commands the store's flags, and the master key only through the environment", () => {
    assert.deepEqual(flagsOf(withStoreOptions(new Command("tenant"))), [
      ["--data-dir", "ESSD_DATA_DIR", "./.essd"],
      ["--database-url", "DATABASE_URL", undefined],
    ]);
    const help = withStoreOptions(new Command("tenant")).helpInformation() + withServeOptions(new Command("serve")).helpInformation();
    assert.doesNotMatch(help, /--master-key/);
  });

  it("explain each flag in --help with its choices, variable and default", () => {
    let help = "";
    withServeOptions(new Command("serve"))
      .configureOutput({ writeOut: (text) => void (help += text) })
      .outputHelp();
    // As one line: commander wraps at the terminal's width.
    const text = help.replace(/\s+/g, " ");
    assert.match(text, /--mode <mode> sandbox \(diagnostics in errors\) or production \(choices: "sandbox", "production", default: "sandbox", env: ESSD_MODE\)/);
    assert.match(text, /--database-url <url> run on PostgreSQL \(several nodes may share it\) instead of the embedded store \(env: DATABASE_URL\)/);
    assert.match(text, /Environment only: ESSD_MASTER_KEY 64 hex/);
  });

  it("take a flag over its variable, and a variable over the default", async () => {
    const flags = await parse(withServeOptions, ["--port", "9", "--mode", "production"], { ESSD_PORT: "7", ESSD_RATE_LIMIT: "5", ESSD_MODE: "sandbox" });
    const config = loadConfig(flags, {});
    assert.deepEqual([config.port, config.rateLimit, config.mode, config.host, config.dbPoolSize], [9, 5, "production", "127.0.0.1", 10]);
  });

  it("refuse a value outside a setting's choices, naming the flag and the variable; an empty variable is unset", async () => {
    const flags = await parse(withServeOptions, ["--id-checks", "lenient"], { ESSD_MODE: "" });
    assert.throws(() => loadConfig(flags, {}), /--id-checks \/ ESSD_ID_CHECKS: .*"strict"\|"format"\|"off"/);
    assert.equal(loadConfig({ ...flags, idChecks: undefined }, {}).mode, "sandbox");
  });

  it("are what the README's table says", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
    assert.equal(withSettingsTable(readme), readme, "README.md's settings table is stale: node --import tsx scripts/readme-settings.ts");
    assert.ok(readme.includes(settingsTable()));
  });
});
