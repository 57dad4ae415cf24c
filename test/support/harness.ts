import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app/build-app.ts";
import { openDomain } from "../../src/app/compose.ts";
import { loadConfig, type Config } from "../../src/config/config.ts";
import type { DomainDeps } from "../../src/domain/deps.ts";
import { createTenant, type CreatedTenant } from "../../src/domain/tenants.ts";
import type { Clock } from "../../src/platform/clock.ts";
import type { Ids } from "../../src/platform/ids.ts";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import { openPostgresStore } from "../../src/store/postgres.ts";
import { createTestDatabase } from "./postgres.ts";
import type { Store } from "../../src/store/ports.ts";
import { RegistrationWorker } from "../../src/worker/registration-worker.ts";
import { CallbackWorker } from "../../src/worker/callback-worker.ts";
import { SmsWorker } from "../../src/worker/sms-worker.ts";
import { AutoReviewWorker } from "../../src/worker/review-worker.ts";
import { ensureAdminToken } from "../../src/domain/admin-token.ts";

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
  /** Delivers callbacks; running only with `callbacks: true`, else drive it with runOnce(). */
  callbackWorker: CallbackWorker;
  /** Delivers SMS to the webhook; running only with `smsWebhook` (and autoWork), else drive it with runOnce(). */
  smsWorker: SmsWorker;
  /** Applies automatic review policies; running with autoWork, else drive it with runOnce(). */
  reviewWorker: AutoReviewWorker;
  /** The installation's admin token (review console, control API Bearer). */
  adminToken: string;
  createTenant(name: string, parentId?: string): Promise<CreatedTenant>;
  close(): Promise<void>;
}

/** A listening essd on 127.0.0.1 with an in-memory store, for tests that go over real HTTP. */
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
    /** Also run the callback worker in the background (with autoWork). */
    callbacks?: boolean;
    /** The production SMS webhook (`--sms-webhook`); its worker runs in the background (with autoWork). */
    smsWebhook?: string;
    /** `--trust-proxy` (default loopback, which includes the tests' own client). */
    trustProxy?: string;
  } = {},
): Promise<Harness> {
  const config = loadConfig(
    { port: 0, rateLimit: options.rateLimit ?? 10_000, mode: options.mode ?? "sandbox", logLevel: "silent", idChecks: options.idChecks, dailyLimit: options.dailyLimit, smsWebhook: options.smsWebhook, trustProxy: options.trustProxy },
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
  const domain = await openDomain(config, { store: store ?? openSqliteStore(":memory:"), clock: options.clock, ids: options.ids });
  // By default tasks are processed in the background as in `essd serve`; autoWork false leaves it to worker.runOnce().
  const worker = new RegistrationWorker(domain, { pollMs: 20 });
  const callbackWorker = new CallbackWorker(domain, { pollMs: 20 });
  const smsWorker = new SmsWorker(domain, { pollMs: 20 });
  const reviewWorker = new AutoReviewWorker(domain, { pollMs: 20 });
  if (options.autoWork !== false) {
    domain.notifyWork = () => {
      worker.wake();
      callbackWorker.wake();
      smsWorker.wake();
      reviewWorker.wake();
    };
    worker.start();
    reviewWorker.start();
    if (options.callbacks) callbackWorker.start();
    if (options.smsWebhook) smsWorker.start();
  }
  const { token: adminToken } = await ensureAdminToken(domain);
  const app = await buildApp({ config, domain, logger: false });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // Links must point at the port the test server really got.
  Object.assign(domain, { publicUrl: url });
  const make = (name: string, parentId?: string) => createTenant(domain, { name, parentId });
  return {
    url,
    endpoint: `127.0.0.1:${port}`,
    app,
    domain,
    config,
    worker,
    callbackWorker,
    smsWorker,
    reviewWorker,
    adminToken,
    tenant: await make("测试科技有限公司"),
    createTenant: make,
    async close() {
      await worker.stop();
      await callbackWorker.stop();
      await smsWorker.stop();
      await reviewWorker.stop();
      await app.close();
      await domain.store.close();
      await dropDatabase?.();
    },
  };
}
