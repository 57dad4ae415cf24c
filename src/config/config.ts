import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULT_PREPARED_STATEMENTS } from "../store/pg-prepared.ts";

/** One setting: its value's schema (with the default), its environment variable, its flag's argument and its doc. */
export interface Setting<S extends z.ZodType = z.ZodType> {
  schema: S;
  env: string;
  /** The flag's argument name (`--db-pool-size <n>`); no flag at all for secrets kept out of process listings. */
  arg: string | false;
  /** One line for `--help` and the README. */
  doc: string;
  /** Also accepted by the admin commands (which open the store but serve nothing). */
  store?: true;
}

const setting = <S extends z.ZodType>(schema: S, rest: Omit<Setting<S>, "schema">): Setting<S> => ({ schema, ...rest });

/**
 * Every setting essd reads, declared once: the flags, `--help`, the environment variables, the defaults and the
 * README's table are all derived from here. Flags win over environment variables, which win over defaults;
 * nothing else in essd reads `process.env`.
 */
export const SETTINGS = {
  // Loopback by default: essd is a development and CI server first.
  host: setting(z.string().min(1).default("127.0.0.1"), { env: "ESSD_HOST", arg: "host", doc: "interface to listen on" }),
  port: setting(z.coerce.number().int().min(0).max(65535).default(8080), { env: "ESSD_PORT", arg: "port", doc: "TCP port (0 = any free port)" }),
  dataDir: setting(z.string().min(1).default("./.essd"), {
    env: "ESSD_DATA_DIR",
    arg: "dir",
    doc: "data directory of the embedded store (and of master.key, the admin token and the demo tenant's credentials)",
    store: true,
  }),
  databaseUrl: setting(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(), {
    env: "DATABASE_URL",
    arg: "url",
    doc: "run on PostgreSQL (several nodes may share it) instead of the embedded store",
    store: true,
  }),
  redisUrl: setting(z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(), { env: "REDIS_URL", arg: "url", doc: "share the rate-limit budget between nodes through Redis" }),
  redisPrefix: setting(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/).default("essd"), {
    env: "ESSD_REDIS_PREFIX",
    arg: "prefix",
    doc: "prefix of essd's Redis keys (installations sharing one Redis)",
  }),
  dbPoolSize: setting(z.coerce.number().int().min(1).max(500).default(10), { env: "ESSD_DB_POOL_SIZE", arg: "n", doc: "PostgreSQL connections per node" }),
  dbPreparedStatements: setting(z.coerce.number().int().min(0).max(10_000).default(DEFAULT_PREPARED_STATEMENTS), {
    env: "ESSD_DB_PREPARED_STATEMENTS",
    arg: "n",
    doc: "distinct statements prepared once per PostgreSQL connection (0: none, for a PgBouncer in transaction mode without max_prepared_statements)",
  }),
  dbTimeoutMs: setting(z.coerce.number().int().min(100).max(600_000).default(5000), {
    env: "ESSD_DB_TIMEOUT_MS",
    arg: "ms",
    doc: "longest a database call may take before answering InternalError.Db",
  }),
  workerLeaseMs: setting(z.coerce.number().int().min(100).max(3_600_000).default(30_000), {
    env: "ESSD_WORKER_LEASE_MS",
    arg: "ms",
    doc: "how long a claimed task stays claimed; a dead node's tasks are taken over after it",
  }),
  publicUrl: setting(z.url().optional(), { env: "ESSD_PUBLIC_URL", arg: "url", doc: "base of every link essd hands out (default http://HOST:PORT)" }),
  // ESS documents 20.
  rateLimit: setting(z.coerce.number().int().min(1).max(1_000_000).default(20), { env: "ESSD_RATE_LIMIT", arg: "n", doc: "requests per second per action per tenant" }),
  mode: setting(z.enum(["sandbox", "production"]).default("sandbox"), {
    env: "ESSD_MODE",
    arg: "mode",
    doc: "sandbox (diagnostics in errors) or production",
  }),
  // Never a flag: a key on the command line would show in every process listing.
  masterKey: setting(z.string().optional(), {
    env: "ESSD_MASTER_KEY",
    arg: false,
    doc: "64 hex or 44 base64 characters; during a master-key rotation several, comma-separated, the active one first; otherwise <data-dir>/master.key is used or created",
    store: true,
  }),
  idChecks: setting(z.enum(["strict", "format", "off"]).default("strict"), {
    env: "ESSD_ID_CHECKS",
    arg: "mode",
    doc: "strict: checksums and dates of credit codes and IDs; format: shapes only; off",
  }),
  registry: setting(z.string().optional(), { env: "ESSD_REGISTRY", arg: "file", doc: "CSV or JSON of known enterprises (default: the sandbox registry and its test values)" }),
  // ESS allows 8000.
  dailyLimit: setting(z.coerce.number().int().min(1).default(8000), { env: "ESSD_DAILY_LIMIT", arg: "n", doc: "enterprises one organization may submit per Beijing day" }),
  review: setting(z.enum(["manual", "auto-approve", "auto-reject"]).default("manual"), {
    env: "ESSD_REVIEW",
    arg: "policy",
    doc: "submitted powers of attorney: a reviewer decides (manual) or essd does after --review-delay",
  }),
  reviewDelay: setting(z.coerce.number().int().min(0).max(86_400).default(0), { env: "ESSD_REVIEW_DELAY", arg: "seconds", doc: "how long an automatic review waits" }),
  /**
   * `loopback` (a proxy on the same machine), a comma-separated list of addresses, CIDRs or the names
   * loopback/linklocal/uniquelocal, a hop count, `true` (anyone) or `false` (no one). The answer decides the
   * cookies' Secure flag and the logged client address.
   */
  trustProxy: setting(
    z.string().refine(isTrustProxySetting, "expected true, false, a hop count, or addresses/CIDRs/loopback/linklocal/uniquelocal separated by commas").default("loopback"),
    { env: "ESSD_TRUST_PROXY", arg: "who", doc: "whose X-Forwarded-Proto/-For to believe: loopback, addresses/CIDRs, a hop count, true or false" },
  ),
  // Slow and stuck clients: a client that trickles its headers or body, or sits on idle connections, is cut off
  // instead of holding a connection (and the memory behind it) for as long as it likes.
  headersTimeoutMs: setting(z.coerce.number().int().min(100).max(600_000).default(10_000), {
    env: "ESSD_HEADERS_TIMEOUT_MS",
    arg: "ms",
    doc: "longest wait for a request's headers (a slowloris client is cut off after it)",
  }),
  requestTimeoutMs: setting(z.coerce.number().int().min(100).max(3_600_000).default(120_000), {
    env: "ESSD_REQUEST_TIMEOUT_MS",
    arg: "ms",
    doc: "longest wait for a whole request, body included (10 MB over a slow mobile link fits)",
  }),
  // Longer than the 60 s idle timeout of common load balancers: a proxy must never reuse a connection essd just closed.
  keepAliveTimeoutMs: setting(z.coerce.number().int().min(100).max(600_000).default(72_000), {
    env: "ESSD_KEEP_ALIVE_TIMEOUT_MS",
    arg: "ms",
    doc: "how long an idle keep-alive connection stays open (above a load balancer's idle timeout)",
  }),
  maxRequestsPerSocket: setting(z.coerce.number().int().min(1).max(1_000_000).default(1_000), {
    env: "ESSD_MAX_REQUESTS_PER_SOCKET",
    arg: "n",
    doc: "requests one keep-alive connection may carry before essd closes it",
  }),
  maxConnections: setting(z.coerce.number().int().min(1).max(1_000_000).default(2_000), { env: "ESSD_MAX_CONNECTIONS", arg: "n", doc: "open connections at once; more are refused" }),
  deliveryConcurrency: setting(z.coerce.number().int().min(1).max(256).default(8), {
    env: "ESSD_DELIVERY_CONCURRENCY",
    arg: "n",
    doc: "callbacks (and SMS webhook POSTs) in flight at once per node, so a receiver that hangs holds up no other",
  }),
  deliveryTimeoutMs: setting(z.coerce.number().int().min(100).max(120_000).default(10_000), {
    env: "ESSD_DELIVERY_TIMEOUT_MS",
    arg: "ms",
    doc: "longest wait for a callback or SMS receiver's answer (then the attempt failed and is retried)",
  }),
  smsWebhook: setting(z.url().optional(), { env: "ESSD_SMS_WEBHOOK", arg: "url", doc: "production: POST every SMS here for real delivery (the sandbox keeps an outbox)" }),
  // Never logged.
  smsWebhookToken: setting(z.string().min(1).optional(), {
    env: "ESSD_SMS_WEBHOOK_TOKEN",
    arg: "token",
    doc: "sign every SMS webhook POST: Content-Signature sha256=HMAC-SHA256(token, body), as callbacks",
  }),
  stopTimeoutMs: setting(z.coerce.number().int().min(0).max(600_000).default(10_000), {
    env: "ESSD_STOP_TIMEOUT_MS",
    arg: "ms",
    doc: "on SIGTERM/SIGINT, longest wait for requests in flight and workers' items in hand before closing anyway",
  }),
  stopGraceMs: setting(z.coerce.number().int().min(0).max(60_000).default(0), {
    env: "ESSD_STOP_GRACE_MS",
    arg: "ms",
    doc: "on SIGTERM/SIGINT, keep listening this long first, answering every call ServiceUnavailable, so that clients and load balancers move to other nodes before connections are refused",
  }),
  metrics: setting(z.enum(["on", "off"]).default("on"), { env: "ESSD_METRICS", arg: "state", doc: "serve Prometheus metrics at GET /metrics" }),
  // Never logged.
  metricsToken: setting(z.string().min(1).optional(), {
    env: "ESSD_METRICS_TOKEN",
    arg: "token",
    doc: "require Authorization: Bearer <token> on GET /metrics",
  }),
  logFormat: setting(z.enum(["json", "pretty"]).default("json"), { env: "ESSD_LOG_FORMAT", arg: "format", doc: "json: one JSON object per line; pretty: coloured lines for a terminal" }),
  logLevel: setting(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"), { env: "ESSD_LOG_LEVEL", arg: "level", doc: "log level" }),
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;
type Shape = { [K in SettingName]: (typeof SETTINGS)[K]["schema"] };

const ConfigSchema = z
  .strictObject(Object.fromEntries(Object.entries(SETTINGS).map(([name, s]) => [name, s.schema])) as Shape)
  .readonly();

export type Config = z.infer<typeof ConfigSchema> & { publicUrl: string };

/** `--data-dir` for `dataDir`. */
export const flagOf = (name: string): string => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The value a setting takes when neither its flag nor its variable is given (undefined: unset). */
export function defaultOf(name: SettingName): unknown {
  const parsed = SETTINGS[name].schema.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

/** The values an enumerated setting accepts. */
export function choicesOf(name: SettingName): readonly string[] | undefined {
  let schema: z.ZodType = SETTINGS[name].schema;
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
  return schema instanceof z.ZodEnum ? (schema.options as string[]) : undefined;
}

/** Builds the frozen configuration, listing every invalid setting at once. */
export function loadConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Config {
  const merged: Record<string, unknown> = {};
  for (const [name, { env: variable }] of Object.entries(SETTINGS)) {
    const value = flags[name] ?? env[variable];
    if (value !== undefined && value !== "" && value !== false) merged[name] = value;
  }
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const named = (name: string) => `${flagOf(name)} / ${SETTINGS[name as SettingName]?.env ?? "?"}`;
    const lines = parsed.error.issues.map((i) => `  ${named(String(i.path[0]))}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  if (parsed.data.mode === "production" && parsed.data.review !== "manual") {
    throw new Error(`invalid configuration:\n  --review / ESSD_REVIEW: ${parsed.data.review} serves sandboxes; in --mode production a reviewer decides (manual)`);
  }
  if (parsed.data.headersTimeoutMs > parsed.data.requestTimeoutMs) {
    throw new Error(`invalid configuration:\n  --headers-timeout-ms / ESSD_HEADERS_TIMEOUT_MS: ${parsed.data.headersTimeoutMs} is longer than --request-timeout-ms (${parsed.data.requestTimeoutMs}), which includes the headers`);
  }
  const publicUrl = (parsed.data.publicUrl ?? `http://${hostForUrl(parsed.data.host)}:${parsed.data.port}`).replace(/\/+$/, "");
  return Object.freeze({ ...parsed.data, publicUrl });
}

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
