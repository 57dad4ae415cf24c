import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Clock } from "../platform/clock.ts";
import type { Store, WorkQueue } from "../store/ports.ts";
import type { JobReport } from "../worker/polling-worker.ts";

/** An API call as the metrics count it; `service` is set once the Version and Action resolved to one essd serves. */
export interface ObservedCall {
  service?: string;
  action?: string;
  code?: string;
}

/**
 * The Prometheus metrics of one essd process, in a registry of its own (several runtimes share a test process).
 * The request path pays for one counter increment and one histogram observation on cached label children;
 * the queue and pool gauges are read from the store only when scraped.
 */
export interface Metrics {
  readonly registry: Registry;
  observeCall(call: ObservedCall, seconds: number): void;
  observeJob(worker: string, job: JobReport): void;
  render(): Promise<string>;
  readonly contentType: string;
  /**
   * Starts the process metrics (CPU, memory, event-loop lag, GC): the runtime calls it once listening, since
   * creating them is start-up work (≈ 2 % of a start's CPU) that no request before the first one can observe.
   */
  startProcessMetrics(): void;
}

/** Every label value is bounded: an action essd does not serve is counted as "other", never by its name. */
const UNKNOWN = "other";

export function createMetrics(store: Store, clock: Clock): Metrics {
  const registry = new Registry();
  let processMetrics = false;

  const requests = new Counter({
    name: "essd_api_requests_total",
    help: "API calls answered, by service, action and error code (OK for success)",
    labelNames: ["service", "action", "code"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "essd_api_request_duration_seconds",
    help: "Time from a call's arrival to its answer, by service and action",
    labelNames: ["service", "action"] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const refusals = new Counter({
    name: "essd_rate_limit_refusals_total",
    help: "Calls refused with RequestLimitExceeded, by action",
    labelNames: ["action"] as const,
    registers: [registry],
  });
  const jobs = new Counter({
    name: "essd_worker_jobs_total",
    help: "Items the background workers handled, by worker and outcome (callbacks: delivered/retry/failed; sms: sent/retry/failed; registration: done/retry)",
    labelNames: ["worker", "outcome"] as const,
    registers: [registry],
  });
  const jobLatency = new Histogram({
    name: "essd_worker_job_duration_seconds",
    help: "Time one background item took, by worker",
    labelNames: ["worker"] as const,
    buckets: [0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 30],
    registers: [registry],
  });
  const queryLatency = new Histogram({
    name: "essd_store_query_duration_seconds",
    help: "Time each store query took",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2.5],
    registers: [registry],
  });
  store.observeQueries((ms) => queryLatency.observe(ms / 1000));

  // One store read per scrape: the registry collects every metric at once, so the queue gauges share the read
  // in flight (and the read's success is itself a gauge).
  let reading: Promise<WorkQueue[] | undefined> | undefined;
  const readQueues = () => {
    reading ??= store
      .workQueues(clock.now())
      .catch(() => undefined)
      .finally(() => setImmediate(() => (reading = undefined)));
    return reading;
  };
  const queueGauge = (name: string, help: string, value: (q: WorkQueue, now: number) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["queue"] as const,
      registers: [registry],
      async collect() {
        const queues = await readQueues();
        const now = clock.now();
        for (const q of queues ?? []) this.set({ queue: q.queue }, value(q, now));
      },
    });
  queueGauge("essd_queue_pending", "Items waiting in each work queue (registration, callbacks, sms)", (q) => q.pending);
  queueGauge("essd_queue_oldest_age_seconds", "Age of the oldest pending item of each queue (0 when empty)", (q, now) => (q.oldestCreatedAt === null ? 0 : Math.max(0, (now - q.oldestCreatedAt) / 1000)));
  queueGauge("essd_queue_retrying", "Pending items that failed at least once", (q) => q.retrying);
  queueGauge("essd_queue_expired_leases", "Pending items whose claim ran out unfinished", (q) => q.expiredLeases);
  queueGauge("essd_queue_failed", "Items given up on (callbacks, sms)", (q) => q.failed);
  new Gauge({
    name: "essd_store_up",
    help: "1 when the store answered this scrape's queue query, else 0",
    registers: [registry],
    async collect() {
      this.set((await readQueues()) ? 1 : 0);
    },
  });
  const poolLabels = ["state"] as const;
  new Gauge({
    name: "essd_store_pool_connections",
    help: "PostgreSQL pool connections by state (open, idle, waiting = queries waiting for one, max); absent on the embedded store",
    labelNames: poolLabels,
    registers: [registry],
    collect() {
      const usage = store.poolUsage();
      if (!usage) return;
      for (const [state, value] of Object.entries(usage)) this.set({ state }, value);
    },
  });

  const walBytes = store.walBytes?.bind(store);
  if (walBytes) {
    new Gauge({
      name: "essd_store_wal_bytes",
      help: "Size of the embedded store's write-ahead log file (it starts over past ~160 MB of writes without a pause); absent on PostgreSQL",
      registers: [registry],
      collect() {
        this.set(walBytes());
      },
    });
  }

  // Label children cached by their values: the hot path does a Map lookup instead of prom-client's label hashing.
  const callChildren = new Map<string, { count: Counter.Internal; time: Histogram.Internal<"service" | "action"> }>();
  return {
    registry,
    contentType: registry.contentType,
    observeCall(call, seconds) {
      const service = call.service ?? UNKNOWN;
      const action = call.service && call.action ? call.action : UNKNOWN;
      const code = call.code ?? "OK";
      const key = `${service} ${action} ${code}`;
      let child = callChildren.get(key);
      if (!child) {
        child = { count: requests.labels(service, action, code), time: latency.labels(service, action) };
        callChildren.set(key, child);
      }
      child.count.inc();
      child.time.observe(seconds);
      if (code === "RequestLimitExceeded") refusals.inc({ action });
    },
    observeJob(worker, job) {
      jobs.inc({ worker, outcome: job.outcome });
      jobLatency.observe({ worker }, job.ms / 1000);
    },
    render: () => registry.metrics(),
    startProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry, prefix: "essd_" });
    },
  };
}
