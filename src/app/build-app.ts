import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import Fastify, { LogController, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from "fastify";
import { services } from "../actions/services.ts";
import { trustProxyOption, type Config } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { errors } from "../domain/errors.ts";
import { clientWentAway, httpLayerFault } from "./request-faults.ts";
import { takeNextCallFault } from "../domain/faults.ts";
import { registerServices } from "../protocol/services.ts";
import { renderError, runApiRequest, SIZE_LIMITS, type ApiOutcome, type PipelineDeps } from "../protocol/pipeline.ts";
import { memoryRateLimiter, type RateLimiter } from "../protocol/rate-limit.ts";
import type { WireRequest } from "../protocol/wire-request.ts";
import { CONTROL_PREFIX } from "../web/control/control-auth.ts";
import { CONTROL_BODY_LIMIT, registerControlRoutes, sendControlError } from "../web/control/routes.ts";
import { registerPages } from "../web/pages.ts";
import { inFrontOf, installLinkFastLane } from "../web/link-fast-lane.ts";
import { withApiFastLane } from "./api-fast-lane.ts";
import { loggerOption } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import { registerMetricsRoute } from "./metrics-route.ts";

export interface AppOptions {
  config: Config;
  domain: DomainDeps;
  rateLimiter?: RateLimiter;
  /** pino options, or false for silence (tests). */
  logger?: boolean | Record<string, unknown>;
  /** Set by the runtime's stop(): from then on every new call is refused (ServiceUnavailable) and connections close. */
  stopGate?: StopGate;
  /** Tests only: sees every successful API answer (see PipelineDeps.observeResult). */
  observeResult?: PipelineDeps["observeResult"];
  /** Counts every call and serves `GET /metrics` (unless `--metrics off`). */
  metrics?: Metrics;
}

export interface StopGate {
  stopping: boolean;
}

const API_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] as const;

type Compilers = NonNullable<NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]>;

/**
 * fastify loads ajv and fast-json-stringify when an instance is built (≈ 10 % of a start's CPU), yet essd's routes
 * check their parameters with zod (src/web/request-schema.ts) and declare no response schema, so neither is needed.
 * These factories load fastify's own defaults the first time a route asks for one, so a route that declares a JSON
 * Schema without a zod compiler still gets it checked as fastify would have.
 */
function lazyCompilers(): Compilers {
  type Build = (...args: unknown[]) => unknown;
  const lazy = (module: string): Build => {
    let build: Build | undefined;
    return (...args) => (build ??= (createRequire(import.meta.resolve("fastify"))(module) as () => Build)())(...args);
  };
  return {
    buildValidator: lazy("@fastify/ajv-compiler") as Compilers["buildValidator"],
    buildSerializer: lazy("@fastify/fast-json-stringify-compiler") as Compilers["buildSerializer"],
  };
}

/** Builds the HTTP edge (API endpoint, health checks, web pages) without listening. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, domain } = options;
  const app = Fastify({
    ...(await loggerOption(config, options.logger)),
    // Access logs are ours (one line, no parameters); fastify's would log URLs that carry v1 signatures.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: SIZE_LIMITS.v3Post,
    // Node's default 16 KB header limit would refuse GET queries before the 32 KB API limit could answer.
    // Timeouts are checked every second at most, so a slow client is cut off near its deadline, not 30 s after.
    http: {
      maxHeaderSize: 64 * 1024,
      headersTimeout: config.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.max(100, Math.floor(config.headersTimeoutMs / 2))),
    },
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    maxRequestsPerSocket: config.maxRequestsPerSocket,
    trustProxy: trustProxyOption(config.trustProxy),
    // While stopping, our hook answers in the Tencent envelope; fastify's own 503 is JSON no SDK parses.
    return503OnClosing: false,
    schemaController: { compilersFactory: lazyCompilers() },
  });
  // Beyond the cap a new connection is closed at once: memory stays bounded whatever connects.
  app.server.maxConnections = config.maxConnections;
  const gate = options.stopGate ?? { stopping: false };
  // A short link's redirect and a QR image are answered before fastify when nothing about them needs it.
  installLinkFastLane(app.server, domain, gate);
  const changes = domain.store.changes;
  const pipeline: PipelineDeps = {
    domain,
    services: registerServices(services),
    rateLimiter: options.rateLimiter ?? memoryRateLimiter(config.rateLimit),
    explainSignatureFailures: config.mode === "sandbox",
    ...(domain.mode === "sandbox" ? { takeInjectedFault: (organizationId: string, action: string) => takeNextCallFault(domain, organizationId, action) } : {}),
    logError: (fields, message) => app.log.error(fields, message),
    ...(options.observeResult ? { observeResult: options.observeResult } : {}),
  };

  // The signature covers the exact bytes, so every body is kept raw and parsed by the pipeline itself.
  app.removeAllContentTypeParsers();
  const keepRaw = (_req: FastifyRequest, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body);
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "buffer", bodyLimit: SIZE_LIMITS.v1Post }, keepRaw);
  app.addContentTypeParser("*", { parseAs: "buffer" }, keepRaw);

  /** A call's answer headers; counts it and writes its access-log line, whichever way it arrived. */
  const answerHeaders = (outcome: ApiOutcome, traceId: unknown, startedAt: bigint, log: { info: (fields: object, message: string) => void }) => {
    // Exactly `application/json`: the Python SDK ignores errors under any other spelling (reference §4.3).
    const headers: Record<string, string | number> = { "content-type": "application/json", "x-tc-requestid": outcome.requestId };
    if (typeof traceId === "string") headers["x-tc-traceid"] = traceId;
    const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
    options.metrics?.observeCall(outcome, ms / 1000);
    // One line per call: what an operator searches by. Never parameters: they carry personal data and keys.
    log.info({ requestId: outcome.requestId, action: outcome.action, tenant: outcome.organizationId, code: outcome.code ?? "OK", ms }, "api");
    return headers;
  };

  /**
   * Writes a finished answer straight to the socket: fastify's reply machinery (onSend hooks, header bookkeeping)
   * costs ≈ 5 µs a call and adds nothing to a finished JSON body.
   */
  const writeAnswer = (res: ServerResponse, headers: Record<string, string | number>, json: string) => {
    // What the onSend hook does for fastify's answers: while this node stops, every answer closes its connection.
    if (gate.stopping) headers.connection = "close";
    headers["content-length"] = Buffer.byteLength(json);
    res.writeHead(200, headers);
    // Node encodes the string into the socket write itself: no Buffer made for it here.
    res.end(json);
  };

  /**
   * Answers a call through fastify: HTTP 200, the envelope as JSON. The route's own answers (`direct`) are written
   * to the socket at once; answers from a hook or the error handler go through fastify, as it expects there.
   */
  const send = (reply: import("fastify").FastifyReply, req: FastifyRequest, outcome: ApiOutcome, startedAt: bigint, direct = false) => {
    const headers = answerHeaders(outcome, req.headers["x-tc-traceid"], startedAt, req.log);
    const json = JSON.stringify(outcome.body);
    // A Buffer keeps the header exactly as set; fastify appends "; charset=utf-8" to string JSON bodies.
    if (!direct) return reply.code(200).headers(headers).send(Buffer.from(json));
    reply.hijack();
    writeAnswer(reply.raw, headers, json);
    return undefined;
  };

  // The plain signed call (POST / with a JSON body) is read and answered before fastify (api-fast-lane.ts).
  inFrontOf(app.server, (next) =>
    withApiFastLane(
      gate,
      (req, res, body, startedAt) => {
        const wire: WireRequest = { method: "POST", rawUrl: "/", headers: singleValued(req.headers), body };
        runApiRequest(wire, pipeline).then(
          (outcome) => writeAnswer(res, answerHeaders(outcome, req.headers["x-tc-traceid"], startedAt, app.log), JSON.stringify(outcome.body)),
          (error: unknown) => {
            app.log.error({ err: error }, "api call failed");
            res.destroy();
          },
        );
      },
      (req, error) => app.log.info({ code: error.code, method: req.method }, "client went away before its request was read"),
      next,
    ),
  );
  // A request arrived (to a fast lane or fastify): the read cache's next answer looks for other processes'
  // commits first (the CLI on the SQLite file), so whatever they committed before it arrived is seen.
  if (changes?.newCall) app.server.prependListener("request", () => changes.newCall!());

  app.route({
    method: [...API_METHODS],
    url: "/",
    handler: async (req, reply) => {
      const startedAt = process.hrtime.bigint();
      const wire: WireRequest = {
        method: req.method,
        rawUrl: req.raw.url ?? "/",
        headers: singleValued(req.headers),
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      };
      return send(reply, req, await runApiRequest(wire, pipeline), startedAt, true);
    },
  });

  app.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, req, reply) => {
    // A client that goes away mid-body (closed tab, dropped mobile connection, timeout) is not a failure of essd's:
    // one info line, no stack, and no answer anyone could read.
    if (clientWentAway(error, req)) {
      req.log.info({ code: error.code, method: req.method }, "client went away before its request was read");
      return reply.code(400).header("connection", "close").send();
    }
    const isApi = req.url === "/" || req.url.startsWith("/?");
    if (!isApi) {
      const tooLarge = error.code === "FST_ERR_CTP_BODY_TOO_LARGE";
      if (tooLarge) reply.header("connection", "close");
      if (req.url.startsWith(CONTROL_PREFIX)) {
        const mapped = tooLarge ? errors.requestSizeLimitExceeded({ what: { zh: "控制接口请求", en: "a control call" }, limit: `${CONTROL_BODY_LIMIT / 1024 / 1024} MB` }) : (httpLayerFault(error) ?? error);
        return sendControlError(req, reply, mapped, domain);
      }
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      // The client's mistake (too large, malformed) is no server error: no stack in the error log for it.
      if (status < 500) req.log.info({ code: error.code, status }, "web request refused");
      else req.log.error({ err: error }, "web request failed");
      return reply.code(status).type("text/plain; charset=utf-8").send("请求失败 / request failed");
    }
    const requestId = domain.ids.next("requestId");
    const language = req.headers["x-tc-language"] === "en-US" ? "en-US" : "zh-CN";
    let mapped: unknown = error;
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
      mapped = isForm
        ? errors.requestSizeLimitExceeded({ what: { zh: "签名方法 v1 的 POST 请求", en: "a signature-v1 POST" }, limit: "1 MB" })
        : errors.requestSizeLimitExceeded({ what: { zh: "签名方法 v3 的 POST 请求", en: "a signature-v3 POST" }, limit: "10 MB" });
      // The rest of an oversized body is not read: close the connection instead of draining it.
      reply.header("connection", "close");
    } else {
      mapped = httpLayerFault(error) ?? error;
    }
    return send(reply, req, renderError(mapped, { requestId, language }, pipeline), process.hrtime.bigint());
  });

  // A call that arrives while this node stops is not run: the caller may retry it elsewhere. Every answer sent
  // meanwhile (in-flight ones too) closes its connection, so keep-alive clients reconnect to a live node.
  // Callback hooks: the two checks run on every request, and an async hook costs a promise each.
  app.addHook("onRequest", (req, reply, done) => {
    // Injected requests (tests) reach no server listener: the same mark as below.
    changes?.newCall?.();
    if (!gate.stopping) return done();
    reply.header("connection", "close");
    if (req.url === "/" || req.url.startsWith("/?")) {
      const language = req.headers["x-tc-language"] === "en-US" ? "en-US" : "zh-CN";
      const outcome = renderError(errors.serviceStopping(), { requestId: domain.ids.next("requestId"), language }, pipeline);
      send(reply, req, outcome, process.hrtime.bigint());
      return;
    }
    reply.code(503).header("retry-after", "1").type("text/plain; charset=utf-8").send("服务正在停止 / service stopping");
  });
  app.addHook("onSend", (_req, reply, payload, done) => {
    if (gate.stopping) reply.header("connection", "close");
    done(null, payload);
  });

  // Migrations run before the app is built, so a store that answers is also a migrated one.
  const probe = (ready: string) => async (_req: FastifyRequest, reply: import("fastify").FastifyReply) => {
    try {
      await domain.store.ping();
      return { status: ready };
    } catch {
      return reply.code(503).send({ status: "store unreachable" });
    }
  };
  app.get("/healthz", probe("ok"));
  app.get("/readyz", probe("ready"));

  if (options.metrics) registerMetricsRoute(app, options.metrics, config.metricsToken);
  await registerPages(app, { config, domain, services: pipeline.services });
  registerControlRoutes(app, { config, domain });
  return app;
}

/**
 * The headers with every value a string. Node joins repeated headers itself except `set-cookie` (an array), which
 * no client sends to an API: only then is a copy made.
 */
function singleValued(headers: FastifyRequest["headers"] | IncomingHttpHeaders): Record<string, string | undefined> {
  if (headers["set-cookie"] === undefined) return headers as Record<string, string | undefined>;
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}
