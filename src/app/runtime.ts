import type { FastifyInstance } from "fastify";
import type { Config } from "../config/config.ts";
import type { DomainDeps, WorkQueueName } from "../domain/deps.ts";
import { syncSandboxClock } from "../domain/sandbox.ts";
import { SandboxClock } from "../platform/clock.ts";
import { redisRateLimiter, type RateLimiter } from "../protocol/rate-limit.ts";
import { CallbackWorker } from "../worker/callback-worker.ts";
import { ClockSyncWorker } from "../worker/clock-sync-worker.ts";
import type { JobReport, PollingWorker } from "../worker/polling-worker.ts";
import { AutoReviewWorker } from "../worker/review-worker.ts";
import { SmsWorker } from "../worker/sms-worker.ts";
import { RegistrationWorker } from "../worker/registration-worker.ts";
import { buildApp, type AppOptions, type StopGate } from "./build-app.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { openDomain, type Overrides } from "./compose.ts";

export interface RuntimeOptions extends Overrides {
  /** pino options, or false for silence (tests); by default JSON lines at `--log-level`. */
  logger?: boolean | Record<string, unknown>;
  rateLimiter?: RateLimiter;
  /** How often an idle worker looks for due work (retries, other nodes' work); tests make it short. */
  pollMs?: number;
  /** Whether start() runs the workers in the background (default); without, only drainAll() and runOnce() run them. */
  background?: boolean;
  /** Tests only: sees every successful API answer (the harness checks them against the spec). */
  observeResult?: AppOptions["observeResult"];
  /** How a stop waits out `--stop-grace-ms` (default: a timer); a test holds the grace open as long as it needs. */
  waitOutGrace?: (ms: number) => Promise<void>;
}

export interface Workers {
  registration: RegistrationWorker;
  callbacks: CallbackWorker;
  /** Delivers to `--sms-webhook`; finds nothing to do without one. */
  sms: SmsWorker;
  /** The automatic review policies; sandbox only (production is always reviewed by hand). */
  review: AutoReviewWorker;
  /** Follows `clock/advance` made on other nodes; sandbox only. */
  clockSync: ClockSyncWorker;
}

/** Everything one essd process runs, built from one configuration: `essd serve`, the admin commands and the tests. */
export interface Runtime {
  readonly config: Config;
  readonly domain: DomainDeps;
  readonly app: FastifyInstance;
  readonly workers: Workers;
  /** The process's Prometheus metrics; undefined with `--metrics off`. */
  readonly metrics: Metrics | undefined;
  /** Listens on `--host`/`--port`, then starts the workers in the background; answers the address. */
  start(): Promise<string>;
  /**
   * Refuses new calls (ServiceUnavailable), for `--stop-grace-ms` while still listening, then stops listening while
   * the requests in flight finish and each worker finishes its item in hand, within `--stop-timeout-ms`; then
   * closes the store.
   */
  stop(): Promise<void>;
  /**
   * Runs every worker until a whole round finds nothing due, waiting for passes already in hand: what tests wait on
   * instead of sleeping. Answers how many items ran.
   */
  drainAll(): Promise<number>;
}

/** A round count no real queue reaches: a worker that never runs dry is a bug to report, not to wait on. */
const MAX_DRAIN_ROUNDS = 1_000;

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  // In sandbox mode time can be moved forward through the control API (links expire without waiting).
  const clock = options.clock ?? (config.mode === "sandbox" ? new SandboxClock() : undefined);
  const domain = await openDomain(config, { ...options, clock });
  // The sandbox clock starts where clock/advance last left it (on any node, in any earlier run).
  await syncSandboxClock(domain);

  // ioredis is loaded only when a Redis is configured (≈ 6 % of a start's CPU otherwise spent for nothing).
  const redis =
    !options.rateLimiter && config.redisUrl ? new (await import("ioredis")).Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  redis?.on("error", () => {}); // reconnects by itself; meanwhile the rate limiter falls back to this node's memory
  const rateLimiter = options.rateLimiter ?? (redis ? redisRateLimiter(redis, config.rateLimit, config.redisPrefix) : undefined);
  const gate: StopGate = { stopping: false };
  const metrics = config.metrics === "on" ? createMetrics(domain.store, domain.clock) : undefined;
  let app: FastifyInstance;
  try {
    app = await buildApp({ config, domain, rateLimiter, logger: options.logger, stopGate: gate, metrics, observeResult: options.observeResult });
  } catch (error) {
    redis?.disconnect();
    await domain.store.close();
    throw error;
  }

  const error = (fields: Record<string, unknown>, message: string) => app.log.error(fields, message);
  const warn = (fields: Record<string, unknown>, message: string) => app.log.warn(fields, message);
  const poll = options.pollMs === undefined ? {} : { pollMs: options.pollMs };
  // One log line (and the metrics) per item a worker handled; ids only, never the item's content.
  const onJob = (worker: string) => (job: JobReport) => {
    app.log.info({ worker, job: job.id, attempt: job.attempt, outcome: job.outcome, ms: job.ms }, "job");
    metrics?.observeJob(worker, job);
  };
  const delivery = { concurrency: config.deliveryConcurrency, timeoutMs: config.deliveryTimeoutMs };
  const workers: Workers = {
    registration: new RegistrationWorker(domain, { leaseMs: config.workerLeaseMs, logError: error, onJob: onJob("registration"), ...poll }),
    callbacks: new CallbackWorker(domain, { logError: warn, onJob: onJob("callbacks"), ...delivery, ...poll }),
    sms: new SmsWorker(domain, { webhookToken: config.smsWebhookToken, logError: warn, onJob: onJob("sms"), ...delivery, ...poll }),
    review: new AutoReviewWorker(domain, { pollMs: 1000, logError: warn, ...poll }),
    clockSync: new ClockSyncWorker(domain, { logError: warn, ...poll }),
  };
  const sandbox = config.mode === "sandbox";
  // Messages are queued for the webhook only when one is configured; without it the SMS worker has nothing to do.
  const active: PollingWorker[] = [
    workers.registration,
    workers.callbacks,
    ...(config.smsWebhook ? [workers.sms] : []),
    ...(sandbox ? [workers.review, workers.clockSync] : []),
  ];

  let stopped: Promise<void> | undefined;
  let stopHearingWork: (() => void) | undefined;
  return {
    config,
    domain,
    app,
    workers,
    metrics,
    async start() {
      // One worker per embedded store: leases left by a killed process are ours to take back at once. On
      // PostgreSQL other nodes may hold them, so they are left to expire.
      if (!config.databaseUrl) {
        await domain.store.releaseRegistrationLeases();
        await domain.store.releaseCallbackLeases();
        await domain.store.releaseSmsLeases();
      }
      const address = await app.listen({ host: config.host, port: config.port });
      domain.store.maintainInBackground?.((message) => app.log.warn({ message }, "background WAL checkpoint failed"));
      metrics?.startProcessMetrics();
      // With --port 0 (and no --public-url) the real port is known only now; links must carry it.
      if (new URL(config.publicUrl).port === "0") domain.publicUrl = address;
      if (options.background !== false) {
        const byQueue: Record<WorkQueueName, PollingWorker> = { registration: workers.registration, callbacks: workers.callbacks, sms: workers.sms, review: workers.review };
        // A worker this node does not run (no SMS webhook, review outside the sandbox) ignores wake().
        domain.notifyWork = (queue) => byQueue[queue].wake();
        // Work another node queued (PostgreSQL): this node's worker looks at once if it is idle, instead of at its poll.
        stopHearingWork = domain.store.workNotices?.subscribe((queue) => (Object.hasOwn(byQueue, queue) ? byQueue[queue as WorkQueueName].wake() : undefined));
        for (const worker of active) worker.start();
      }
      return address;
    },
    stop() {
      stopped ??= (async () => {
        // From here on new calls are refused (ServiceUnavailable) and every answer closes its connection.
        gate.stopping = true;
        stopHearingWork?.();
        const workersDone = Promise.all(Object.values(workers).map((worker) => worker.stop()));
        // The grace: still listening, so a client (or balancer) that sends now is told ServiceUnavailable and moves
        // on, rather than meeting a refused or reset connection; closing an idle keep-alive connection or the
        // listener with connections in its backlog resets whatever a client sent on them meanwhile.
        if (config.stopGraceMs > 0) await (options.waitOutGrace ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(config.stopGraceMs);
        const closed = app.close();
        if (!(await settlesWithin(Promise.all([closed, workersDone]), config.stopTimeoutMs))) {
          // A worker's item still in hand keeps its lease, which expires: another node (or this one's next
          // start, on the embedded store) takes the item over. Requests still running lose their connection.
          app.log.warn({ stopTimeoutMs: config.stopTimeoutMs }, "stop timeout reached: closing the connections and the store anyway");
          app.server.closeAllConnections();
        }
        await closed;
        redis?.disconnect();
        await domain.store.close();
      })();
      return stopped;
    },
    async drainAll() {
      let total = 0;
      for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) {
        let ran = 0;
        for (const worker of active) ran += await worker.drain();
        if (ran === 0) return total;
        total += ran;
      }
      throw new Error(`the workers still found work after ${MAX_DRAIN_ROUNDS} rounds`);
    },
  };
}

/** Whether `work` settles within `ms` (it goes on either way). */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
