import { isIP } from "node:net";
import { z } from "zod";

/**
 * Every setting essd reads, with its default. Flags win over environment variables, which win over defaults;
 * nothing else in essd reads `process.env`.
 */
const ConfigSchema = z
  .strictObject({
    /** Interface to listen on (ESSD_HOST). Loopback by default: essd is a development and CI server first. */
    host: z.string().min(1).default("127.0.0.1"),
    /** TCP port (ESSD_PORT); 0 picks a free one. */
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Where the embedded store, master key and demo credentials live (ESSD_DATA_DIR). */
    dataDir: z.string().min(1).default("./.essd"),
    /** Base of every link essd hands out (ESSD_PUBLIC_URL); defaults to http://host:port. */
    publicUrl: z.url().optional(),
    /** Requests per second per action per tenant (ESSD_RATE_LIMIT); ESS documents 20. */
    rateLimit: z.coerce.number().int().min(1).max(1_000_000).default(20),
    /** sandbox: diagnostics in errors; production: none of the sandbox's conveniences (ESSD_MODE). */
    mode: z.enum(["sandbox", "production"]).default("sandbox"),
    /** 64 hex chars or 44 base64 chars (ESSD_MASTER_KEY); otherwise `<data-dir>/master.key` is used or created. */
    masterKey: z.string().optional(),
    /** strict: checksums and dates of credit codes and IDs; format: shapes only; off: presence only (ESSD_ID_CHECKS). */
    idChecks: z.enum(["strict", "format", "off"]).default("strict"),
    /** A CSV or JSON file of known enterprises; unset means the sandbox registry (ESSD_REGISTRY). */
    registry: z.string().optional(),
    /** Enterprises one organization may submit per Beijing day (ESSD_DAILY_LIMIT); ESS allows 8000. */
    dailyLimit: z.coerce.number().int().min(1).default(8000),
    /** PostgreSQL instead of the embedded store (DATABASE_URL); every node of an installation uses the same one. */
    databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
    /** Redis for what nodes share fast: the rate-limit budget (REDIS_URL). */
    redisUrl: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
    /** Prefix of essd's Redis keys, so installations can share one Redis (ESSD_REDIS_PREFIX). */
    redisPrefix: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/).default("essd"),
    /** PostgreSQL connections per node (ESSD_DB_POOL_SIZE). */
    dbPoolSize: z.coerce.number().int().min(1).max(500).default(10),
    /** Longest a database call may take before it fails with InternalError.Db (ESSD_DB_TIMEOUT_MS). */
    dbTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(5000),
    /** How long a worker's claim on a task lasts; a dead node's tasks are taken over after it (ESSD_WORKER_LEASE_MS). */
    workerLeaseMs: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    /** What happens to a submitted power of attorney (ESSD_REVIEW): a reviewer decides, or essd does after --review-delay. */
    review: z.enum(["manual", "auto-approve", "auto-reject"]).default("manual"),
    /** Seconds an automatic review waits before deciding (ESSD_REVIEW_DELAY). */
    reviewDelay: z.coerce.number().int().min(0).max(86_400).default(0),
    /** Production: where SMS messages are POSTed for real delivery (ESSD_SMS_WEBHOOK); the sandbox keeps an outbox. */
    smsWebhook: z.url().optional(),
    /** Signs each SMS webhook POST with `Content-Signature`, as callbacks are (ESSD_SMS_WEBHOOK_TOKEN); never logged. */
    smsWebhookToken: z.string().min(1).optional(),
    /**
     * Whose X-Forwarded-Proto/-For essd believes (ESSD_TRUST_PROXY): `loopback` (a proxy on the same machine), a
     * comma-separated list of addresses, CIDRs or the names loopback/linklocal/uniquelocal, a hop count, `true`
     * (anyone) or `false` (no one). The answer decides the cookies' Secure flag and the logged client address.
     */
    trustProxy: z.string().refine(isTrustProxySetting, "expected true, false, a hop count, or addresses/CIDRs/loopback/linklocal/uniquelocal separated by commas").default("loopback"),
    /** pino level (ESSD_LOG_LEVEL). */
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .readonly();

export type Config = z.infer<typeof ConfigSchema> & { publicUrl: string };

const ENV: Record<string, string> = {
  host: "ESSD_HOST",
  port: "ESSD_PORT",
  dataDir: "ESSD_DATA_DIR",
  publicUrl: "ESSD_PUBLIC_URL",
  rateLimit: "ESSD_RATE_LIMIT",
  mode: "ESSD_MODE",
  masterKey: "ESSD_MASTER_KEY",
  logLevel: "ESSD_LOG_LEVEL",
  idChecks: "ESSD_ID_CHECKS",
  registry: "ESSD_REGISTRY",
  dailyLimit: "ESSD_DAILY_LIMIT",
  databaseUrl: "DATABASE_URL",
  redisUrl: "REDIS_URL",
  redisPrefix: "ESSD_REDIS_PREFIX",
  dbPoolSize: "ESSD_DB_POOL_SIZE",
  dbTimeoutMs: "ESSD_DB_TIMEOUT_MS",
  workerLeaseMs: "ESSD_WORKER_LEASE_MS",
  review: "ESSD_REVIEW",
  reviewDelay: "ESSD_REVIEW_DELAY",
  smsWebhook: "ESSD_SMS_WEBHOOK",
  smsWebhookToken: "ESSD_SMS_WEBHOOK_TOKEN",
  trustProxy: "ESSD_TRUST_PROXY",
};

/** Builds the frozen configuration, listing every invalid setting at once. */
export function loadConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Config {
  const merged: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(ENV)) {
    const value = flags[key] ?? env[variable];
    if (value !== undefined && value !== "" && value !== false) merged[key] = value;
  }
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  --${kebab(String(i.path[0]))} / ${ENV[String(i.path[0])] ?? "?"}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  if (parsed.data.mode === "production" && parsed.data.review !== "manual") {
    throw new Error(`invalid configuration:\n  --review / ESSD_REVIEW: ${parsed.data.review} serves sandboxes; in --mode production a reviewer decides (manual)`);
  }
  const publicUrl = (parsed.data.publicUrl ?? `http://${hostForUrl(parsed.data.host)}:${parsed.data.port}`).replace(/\/+$/, "");
  return Object.freeze({ ...parsed.data, publicUrl });
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const hostForUrl = (host: string) => (host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host);

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isTrustProxySetting(value: string): boolean {
  if (/^(true|false|\d{1,2})$/.test(value)) return true;
  return value.split(",").every((entry) => {
    const [address, prefix, ...rest] = entry.trim().split("/");
    if (PROXY_NAMES.has(address!) && prefix === undefined) return true;
    const family = isIP(address ?? "");
    if (!family || rest.length) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
}

/** The setting as fastify's trustProxy option takes it. */
export function trustProxyOption(setting: string): boolean | string | ((address: string, hop: number) => boolean) {
  if (setting === "true" || setting === "false") return setting === "true";
  if (!/^\d+$/.test(setting)) return setting;
  // A hop count, as proxy-addr reads one (fastify's types omit the number form).
  const hops = Number(setting);
  return (_address, hop) => hop < hops;
}
