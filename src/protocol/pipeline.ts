/**
 * The API request pipeline, in the order the stages run:
 *   1. method and size limits        → UnsupportedProtocol, RequestSizeLimitExceeded
 *   2. signature (TC3 or v1)         → AuthFailure.*
 *   3. Action and Version            → MissingParameter, InvalidAction, NoSuchVersion; the Version picks the
 *                                      service, whose spec actions essd does not implement → UnsupportedOperation
 *   4. rate limit per tenant+action  → RequestLimitExceeded
 *      (sandbox only) an injected fault → the code the tenant asked for
 *   5. parameters rebuilt, validated → MissingParameter, InvalidParameter(Value), UnknownParameter
 *   6. Operator / Agent authorised   → OperationDenied.*, InvalidParameter.InvalidOperatorId
 *   7. the action's handler
 * and every outcome is rendered by `envelope.ts`. Actions never see HTTP; this file never sees a business rule.
 */
import type { DomainDeps } from "../domain/deps.ts";
import { resolveApiKey } from "../domain/api-keys.ts";
import { signatureSeconds } from "../platform/clock.ts";
import type { RegisteredAction } from "./action.ts";
import { specNames, type RegisteredService, type ServiceRegistry } from "./services.ts";
import { pathWith } from "../platform/url.ts";
import { authenticate, type AuthenticatedCall } from "./authenticate.ts";
import { answerableError, errors, type Language } from "../domain/errors.ts";
import { InjectedFault } from "../domain/faults.ts";
import { parseMultipart } from "./multipart.ts";
import { coerceFlattened, unflatten } from "./params.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { parseJsonObject, validateInput } from "./validate.ts";
import { decodeForm, mediaType, rawQuery, type WireRequest } from "./wire-request.ts";

/** Request size limits of reference §1.1, in bytes. */
export const SIZE_LIMITS = { get: 32 * 1024, v1Post: 1024 * 1024, v3Post: 10 * 1024 * 1024 } as const;

export interface PipelineDeps {
  domain: DomainDeps;
  /** Every service essd answers, keyed by version: what a request's Version and Action resolve to. */
  services: ServiceRegistry;
  rateLimiter: RateLimiter;
  explainSignatureFailures: boolean;
  /**
   * Sandbox only (unset in production, which then pays nothing): the error a tenant injected for the next call
   * of an action, consumed by this call; undefined when there is none.
   */
  takeInjectedFault?(organizationId: string, action: string): Promise<InjectedFault | undefined>;
  logError(fields: Record<string, unknown>, message: string): void;
  /** Tests only: sees every successful answer (the version called, the action, the handler's result). */
  observeResult?(version: string, action: string, result: Record<string, unknown>): void;
}

export interface ApiOutcome {
  requestId: string;
  language: Language;
  /** The action name when known, for access logs and metrics. */
  action?: string;
  /** The service the call's Version and Action resolved to (for metrics: only then is `action` one essd serves). */
  service?: string;
  /** The calling organization, once the signature is verified (access logs). */
  organizationId?: string;
  code?: string;
  body: { Response: Record<string, unknown> };
}

export async function runApiRequest(req: WireRequest, deps: PipelineDeps): Promise<ApiOutcome> {
  const requestId = deps.domain.ids.next("requestId");
  let language = languageOf(req);
  let action: string | undefined;
  let service: string | undefined;
  let organizationId: string | undefined;
  try {
    if (req.method !== "GET" && req.method !== "POST") throw errors.unsupportedProtocol({ method: req.method });
    if (req.method === "GET" && Buffer.byteLength(rawQuery(req.rawUrl)) > SIZE_LIMITS.get) {
      throw errors.requestSizeLimitExceeded({ what: { zh: "GET 请求", en: "a GET request" }, limit: "32 KB" });
    }
    const call = await authenticate(req, {
      resolveKey: (secretId) => resolveApiKey(deps.domain, secretId),
      nowSeconds: signatureSeconds(deps.domain.clock),
      explainSignatureFailures: deps.explainSignatureFailures,
    });
    action = call.action;
    organizationId = call.organizationId;
    const { service: resolved, definition } = lookupAction(call, deps.services, deps.domain.publicUrl);
    service = resolved.name;
    checkServiceOfCaller(call, resolved);
    if (!(await deps.rateLimiter.tryConsume(`${call.organizationId}:${definition.name}`))) {
      throw errors.requestLimitExceeded({ action: definition.name, perSecond: deps.rateLimiter.perSecond });
    }
    const injected = await deps.takeInjectedFault?.(call.organizationId, definition.name);
    if (injected) throw injected;
    const input = validateInput(definition.input, definition.jsonSchema, await readParams(call, definition, req));
    const acting = await definition.authorize(deps.domain, call, input);
    const result = await definition.handle(input, { deps: deps.domain, acting, requestId });
    deps.observeResult?.(resolved.version, definition.name, result);
    // Object.assign, not `{ ...result, RequestId }`: a key added to a spread copy is slow on Node 20 (docs/performance.md, "Spread copies").
    return { requestId, language, action, service, organizationId, body: { Response: Object.assign({}, result, { RequestId: requestId }) } };
  } catch (error) {
    return Object.assign(renderError(error, { requestId, language, action }, deps), { service, organizationId });
  }
}

/**
 * The API's one rendering of an error: the Tencent envelope (always HTTP 200) with the code and the message in the
 * caller's language. A tenant's injected fault answers its own code and text; anything not an EssError is logged
 * and becomes InternalError (InternalError.Db when the store is unreachable).
 */
export function renderError(error: unknown, at: { requestId: string; language: Language; action?: string }, deps: Pick<PipelineDeps, "explainSignatureFailures" | "logError" | "domain">): ApiOutcome {
  const envelope = (code: string, message: string): ApiOutcome => Object.assign({}, at, { code, body: { Response: { Error: { Code: code, Message: message }, RequestId: at.requestId } } });
  if (error instanceof InjectedFault) return envelope(error.code, error.text);
  const answer = answerableError(error, () => at.requestId, (e) => deps.domain.store.isUnavailable(e));
  if (answer.unexpected) {
    const what = answer.unexpected.kind === "unavailable" ? "the database is unavailable" : "request failed with an internal error";
    deps.logError({ err: error, requestId: at.requestId, action: at.action }, what);
  }
  return envelope(answer.error.code, answer.error.messageIn(at.language, deps.explainSignatureFailures));
}

/**
 * A platform application's key signs essbasic calls only, an enterprise's key ess calls only; and a signature
 * scope that names one of the two services explicitly (Python, Go) must name the one the Version picked. (The Node
 * SDK signs with the endpoint's first label, e.g. `127` or `essd`, which names neither and so is not compared.)
 */
function checkServiceOfCaller(call: AuthenticatedCall, service: RegisteredService): void {
  if ((service.signedBy === "application") !== (call.applicationId !== null)) {
    throw errors.keyForOtherService({ service: call.applicationId !== null ? "essbasic" : "ess" });
  }
  if (call.scopeService && SERVICE_NAMES.has(call.scopeService) && call.scopeService !== service.name) {
    throw errors.scopeDisagreesWithVersion({ scopeService: call.scopeService, version: service.version, service: service.name });
  }
}
const SERVICE_NAMES = new Set(["ess", "essbasic"]);

function lookupAction(call: AuthenticatedCall, registry: ServiceRegistry, publicUrl: string): { service: RegisteredService; definition: RegisteredAction } {
  const versionName = call.signatureVersion === "TC3" ? "X-TC-Version" : "Version";
  const actionName = call.signatureVersion === "TC3" ? "X-TC-Action" : "Action";
  const action = call.action;
  if (!action) throw errors.missingParameter({ name: actionName });
  // Python upper-cases the first letter of the action (reference §1.2), so compare as the wire spells it.
  if (!registry.knowsAction(action)) throw errors.invalidAction({ action });
  if (!call.version) throw errors.missingParameter({ name: versionName });
  const service = registry.byVersion(call.version);
  if (!service) {
    const servedIn = registry.services.filter((s) => s.actions.has(action) || specNames(s, action)).map((s) => s.version);
    throw errors.noSuchVersion({ version: call.version, supported: servedIn.join(", ") });
  }
  const definition = service.actions.get(action);
  if (definition) return { service, definition };
  // Named by another service's spec only: in this version the action does not exist.
  if (!specNames(service, action)) throw errors.invalidAction({ action });
  throw errors.actionNotImplemented({ action, service: service.name, version: service.version, coverageUrl: pathWith("/coverage", {}, { base: publicUrl }) });
}

async function readParams(call: AuthenticatedCall, definition: RegisteredAction, req: WireRequest): Promise<unknown> {
  switch (call.params.kind) {
    case "json":
      return parseJsonObject(call.params.body.toString("utf8"));
    case "pairs":
      return coerceFlattened(definition.jsonSchema, unflatten(call.params.pairs));
    case "multipart": {
      const fields = await parseMultipart(call.params.body, req.headers["content-type"] ?? "");
      const flat = Object.entries(fields).filter(([, v]) => typeof v === "string") as Array<[string, string]>;
      const structured = Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v !== "string"));
      return { ...(coerceFlattened(definition.jsonSchema, unflatten(flat)) as object), ...structured };
    }
  }
}

function languageOf(req: WireRequest): Language {
  let value = req.headers["x-tc-language"];
  if (value === undefined && (req.method === "GET" || mediaType(req.headers["content-type"]) === "application/x-www-form-urlencoded")) {
    const source = req.method === "GET" ? rawQuery(req.rawUrl) : req.body.length <= SIZE_LIMITS.v1Post ? req.body.toString("utf8") : "";
    value = decodeForm(source).find(([k]) => k === "Language")?.[1];
  }
  return value === "en-US" ? "en-US" : "zh-CN";
}
