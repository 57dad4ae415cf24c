import type { FastifyInstance } from "fastify";
import { createRuntime } from "../../src/app/runtime.ts";
import { loadConfig, type Config } from "../../src/config/config.ts";
import { ensureAdminToken } from "../../src/domain/admin-token.ts";
import type { DomainDeps } from "../../src/domain/deps.ts";
import { createTenant, type CreatedTenant } from "../../src/domain/tenants.ts";
import { systemClock, type Clock } from "../../src/platform/clock.ts";
import type { Ids } from "../../src/platform/ids.ts";
import { openPostgresStore } from "../../src/store/postgres.ts";
import type { Store } from "../../src/store/ports.ts";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import type { CallbackWorker } from "../../src/worker/callback-worker.ts";
import type { AutoReviewWorker } from "../../src/worker/review-worker.ts";
import type { SmsWorker } from "../../src/worker/sms-worker.ts";
import type { RegistrationWorker } from "../../src/worker/registration-worker.ts";
import { createTestDatabase } from "./postgres.ts";
import { services } from "../../src/actions/services.ts";
import { registerServices } from "../../src/protocol/services.ts";
import { describeDrift, responseDrift, unexplained } from "../../src/protocol/schema-drift.ts";

export interface Harness {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, the SDK's `httpProfile.endpoint`. */
  endpoint: string;
  app: FastifyInstance;
  domain: DomainDeps;
  config: Config;
  /** A tenant created at start. */
  tenant: CreatedTenant;
  worker: RegistrationWorker;
  callbackWorker: CallbackWorker;
  /** Delivers SMS to the webhook (`smsWebhook`); finds nothing to do without one. */
  smsWorker: SmsWorker;
  /** Applies automatic review policies (sandbox). */
  reviewWorker: AutoReviewWorker;
  /** Runs every worker until none finds anything due (waiting for passes in hand): wait on this, never on a timer. */
  drainAll(): Promise<number>;
  /** The installation's admin token (review console, control API Bearer). */
  adminToken: string;
  createTenant(name: string, parentId?: string): Promise<CreatedTenant>;
  /** Stops essd; fails when any answer it gave differed from the action's response structure in the spec. */
  close(): Promise<void>;
}

const registry = registerServices(services);

/**
 * A listening essd on 127.0.0.1 with an in-memory store: the runtime `essd serve` runs, for tests that go over real
 * HTTP. Its workers run in the background as in `essd serve`; `autoWork: false` leaves them to drainAll() and runOnce().
 */
export async function startEssd(
  options: {
    clock?: Clock;
    ids?: Ids;
    rateLimit?: number;
    mode?: "sandbox" | "production";
    idChecks?: "strict" | "format" | "off";
    dailyLimit?: number;
    autoWork?: boolean;
    /** Another store than a fresh in-memory SQLite (e.g. PostgreSQL); it is migrated here and closed on close(). */
    store?: Store;
    /** The production SMS webhook (`--sms-webhook`). */
    smsWebhook?: string;
    /** `--trust-proxy` (default loopback, which includes the tests' own client). */
    trustProxy?: string;
    /** Receives essd's log lines (JSON, debug level and up); without, essd logs nothing. */
    logStream?: { write(line: string): void };
    /** Any other settings of src/config/config.ts, by name (`{ headersTimeoutMs: 500 }`). */
    settings?: Record<string, unknown>;
  } = {},
): Promise<Harness> {
  const config = loadConfig(
    {
      port: 0,
      rateLimit: options.rateLimit ?? 10_000,
      mode: options.mode ?? "sandbox",
      logLevel: "silent",
      idChecks: options.idChecks,
      dailyLimit: options.dailyLimit,
      smsWebhook: options.smsWebhook,
      trustProxy: options.trustProxy,
      ...options.settings,
    },
    {},
  );
  // ESSD_TEST_STORE=postgres runs any harness-based test file on PostgreSQL, in a database of its own.
  let dropDatabase: (() => Promise<void>) | undefined;
  let store = options.store;
  if (!store && process.env.ESSD_TEST_STORE === "postgres") {
    const database = await createTestDatabase("harness");
    store = openPostgresStore(database.url, { poolSize: 4, timeoutMs: 5_000 });
    dropDatabase = database.drop;
  }
  // Every answer of the run is checked against the spec's response structure (schema drift, allow-list aside).
  const drifts = new Set<string>();
  const runtime = await createRuntime(config, {
    observeResult: (version, action, result) => {
      const service = registry.byVersion(version);
      if (service) for (const drift of unexplained(responseDrift(service.spec, action, result))) drifts.add(describeDrift(drift));
    },
    store: store ?? openSqliteStore(":memory:"),
    // A test's clock is its own: the sandbox clock only where a test asks for one.
    clock: options.clock ?? systemClock,
    ids: options.ids,
    logger: options.logStream ? { level: "debug", stream: options.logStream } : false,
    pollMs: 20,
    background: options.autoWork !== false,
  });
  const { domain, workers } = runtime;
  const { token: adminToken } = await ensureAdminToken(domain);
  const url = await runtime.start();
  const make = (name: string, parentId?: string) => createTenant(domain, { name, parentId });
  return {
    url,
    endpoint: new URL(url).host,
    app: runtime.app,
    domain,
    config,
    worker: workers.registration,
    callbackWorker: workers.callbacks,
    smsWorker: workers.sms,
    reviewWorker: workers.review,
    drainAll: runtime.drainAll,
    adminToken,
    tenant: await make("测试科技有限公司"),
    createTenant: make,
    async close() {
      await runtime.stop();
      await dropDatabase?.();
      if (drifts.size) {
        throw new Error(`essd answered members the spec does not define (fix them, or list a deliberate difference in src/protocol/schema-drift-allowed.json and docs/compatibility.md):\n${[...drifts].join("\n")}`);
      }
    },
  };
}
