import { errors } from "../domain/errors.ts";
import { hostCandidates, parseAuthorization, sha256Hex, signingKey, UNSIGNED_PAYLOAD, verifyTc3, type Tc3Scope } from "./signature-v3.ts";
import { v1Method, verifyV1 } from "./signature-v1.ts";
import { decodeForm, mediaType, rawQuery, type WireRequest } from "./wire-request.ts";

/** What the signature stage establishes: who signed, and what they asked for, before any parameter is read. */
export interface AuthenticatedCall {
  secretId: string;
  organizationId: string;
  /** The platform application whose key signed, or null for an enterprise's key. */
  applicationId: string | null;
  /** The service the TC3 credential scope names (v1 names none). */
  scopeService?: string;
  action: string | undefined;
  version: string | undefined;
  signatureVersion: "TC3" | "v1";
  /** Business parameters: a parsed JSON object, or flattened pairs still to be rebuilt. */
  params: { kind: "json"; body: Buffer } | { kind: "pairs"; pairs: Array<[string, string]> } | { kind: "multipart"; body: Buffer };
}

export interface KeyResolver {
  (secretId: string): Promise<{ organizationId: string; applicationId: string | null; secretKey: string } | undefined>;
}

export interface AuthenticateOptions {
  resolveKey: KeyResolver;
  nowSeconds: number;
  /** Sandbox mode adds essd's own canonical request and string to sign to a SignatureFailure message. */
  explainSignatureFailures: boolean;
}

const SKEW_SECONDS = 300;

// Parameters every v1 request carries beside the business ones (reference §1.3).
const V1_COMMON = new Set(["Action", "Version", "Region", "Timestamp", "Nonce", "SecretId", "Signature", "SignatureMethod", "Token", "Language", "RequestClient"]);

export async function authenticate(req: WireRequest, options: AuthenticateOptions): Promise<AuthenticatedCall> {
  const authorization = req.headers["authorization"];
  if (authorization !== undefined) return authenticateTc3(req, authorization, options);
  const type = mediaType(req.headers["content-type"]);
  const pairs = req.method === "GET" ? decodeForm(rawQuery(req.rawUrl)) : type === "application/x-www-form-urlencoded" ? decodeForm(req.body.toString("utf8")) : [];
  if (pairs.some(([k]) => k === "Signature" || k === "SecretId")) return authenticateV1(req, pairs, options);
  throw errors.invalidAuthorization({
    why: {
      zh: "缺少 Authorization 请求头（签名方法 v3），也没有 SecretId/Signature 参数（签名方法 v1）。",
      en: "the Authorization header (signature v3) is missing, and there are no SecretId/Signature parameters (signature v1).",
    },
  });
}

async function authenticateTc3(req: WireRequest, authorization: string, options: AuthenticateOptions): Promise<AuthenticatedCall> {
  const auth = parseAuthorization(authorization);
  if (!auth) {
    throw errors.invalidAuthorization({
      why: {
        zh: "应为 `TC3-HMAC-SHA256 Credential=<SecretId>/<Date>/<Service>/tc3_request, SignedHeaders=<...>, Signature=<64位十六进制>`。",
        en: "expected `TC3-HMAC-SHA256 Credential=<SecretId>/<Date>/<Service>/tc3_request, SignedHeaders=<...>, Signature=<64 hex>`.",
      },
    });
  }
  if (!auth.signedHeaders.includes("host") || !auth.signedHeaders.includes("content-type")) {
    throw errors.invalidAuthorization({ why: { zh: "SignedHeaders 至少包含 content-type 和 host。", en: "SignedHeaders must include at least content-type and host." } });
  }
  const key = await options.resolveKey(auth.secretId);
  if (!key) throw errors.secretIdNotFound({ secretId: auth.secretId });

  const timestamp = req.headers["x-tc-timestamp"];
  if (timestamp === undefined) throw errors.missingParameter({ name: "X-TC-Timestamp" });
  checkTimestamp("X-TC-Timestamp", timestamp, options.nowSeconds);
  const timestampDate = new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
  if (timestampDate !== auth.scope.date) {
    throw errors.signatureFailure({
      why: {
        zh: `Credential 中的日期 ${auth.scope.date} 与 X-TC-Timestamp 的 UTC 日期 ${timestampDate} 不一致`,
        en: `the date ${auth.scope.date} in Credential is not the UTC date ${timestampDate} of X-TC-Timestamp`,
      },
    });
  }

  const unsigned = req.headers["x-tc-content-sha256"] === UNSIGNED_PAYLOAD;
  const payloadHash = sha256Hex(unsigned ? UNSIGNED_PAYLOAD : req.body);
  const result = verifyTc3(
    { method: req.method, query: rawQuery(req.rawUrl), headers: req.headers, payloadHash },
    auth,
    timestamp,
    cachedSigningKey(key, auth.scope),
    hostCandidates(req.headers["host"] ?? "", req.headers["x-forwarded-host"]),
  );
  if (!result.ok) {
    throw errors.signatureFailure({ why: { zh: "签名不匹配", en: "the signature does not match" } }).withDebug(
      options.explainSignatureFailures
        ? `essd expected (host as received; the port-less host is tried too):\n--- CanonicalRequest ---\n${result.expected.canonicalRequest}\n--- StringToSign ---\n${result.expected.stringToSign}`
        : undefined,
    );
  }

  const type = mediaType(req.headers["content-type"]);
  let params: AuthenticatedCall["params"];
  if (req.method === "GET") params = { kind: "pairs", pairs: decodeForm(rawQuery(req.rawUrl)) };
  else if (type === "application/json") params = { kind: "json", body: req.body };
  else if (type === "multipart/form-data") params = { kind: "multipart", body: req.body };
  else if (type === "application/x-www-form-urlencoded") params = { kind: "pairs", pairs: decodeForm(req.body.toString("utf8")) };
  else {
    throw errors.invalidParameter({
      name: "Content-Type",
      why: {
        zh: `不支持 ${type || "（空）"}；签名方法 v3 的 POST 请使用 application/json 或 multipart/form-data。`,
        en: `${type || "(empty)"} is not supported; a v3 POST uses application/json or multipart/form-data.`,
      },
    });
  }
  return {
    secretId: auth.secretId,
    organizationId: key.organizationId,
    applicationId: key.applicationId,
    scopeService: auth.scope.service,
    action: req.headers["x-tc-action"],
    version: req.headers["x-tc-version"],
    signatureVersion: "TC3",
    params,
  };
}

async function authenticateV1(req: WireRequest, pairs: Array<[string, string]>, options: AuthenticateOptions): Promise<AuthenticatedCall> {
  const single = (name: string): string | undefined => {
    const values = pairs.filter(([k]) => k === name);
    if (values.length > 1) throw errors.invalidParameter({ name, why: { zh: "参数重复。", en: "it is given more than once." } });
    return values[0]?.[1];
  };
  const required = (name: string): string => {
    const value = single(name);
    if (value === undefined || value === "") throw errors.missingParameter({ name });
    return value;
  };
  const secretId = required("SecretId");
  const signature = required("Signature");
  const timestamp = required("Timestamp");
  // Nonce stays a string: Python and Go send values beyond 2^53 (reference §1.3).
  const nonce = required("Nonce");
  if (!/^\d+$/.test(nonce)) throw errors.invalidParameter({ name: "Nonce", why: { zh: "类型错误，应为正整数。", en: "type error, expected a positive integer." } });

  const key = await options.resolveKey(secretId);
  if (!key) throw errors.secretIdNotFound({ secretId });
  checkTimestamp("Timestamp", timestamp, options.nowSeconds);

  const method = v1Method(single("SignatureMethod"));
  const result = verifyV1(key.secretKey, method, req.method, hostCandidates(req.headers["host"] ?? "", req.headers["x-forwarded-host"]), pairs, signature);
  if (!result.ok) {
    throw errors.signatureFailure({ why: { zh: `${method} 签名不匹配`, en: `the ${method} signature does not match` } }).withDebug(
      options.explainSignatureFailures ? `essd expected:\n--- StringToSign ---\n${result.expected.stringToSign}` : undefined,
    );
  }
  return {
    secretId,
    organizationId: key.organizationId,
    applicationId: key.applicationId,
    action: single("Action"),
    version: single("Version"),
    signatureVersion: "v1",
    params: { kind: "pairs", pairs: pairs.filter(([k]) => !V1_COMMON.has(k)) },
  };
}

// The derived key changes only with the date (and the service a client names): three HMACs saved per call. Keyed
// on the resolved key object, so a revoked or replaced key takes its derived keys with it.
const derivedKeys = new WeakMap<object, Map<string, Buffer>>();
const MAX_SCOPES_PER_KEY = 16;

function cachedSigningKey(key: { secretKey: string }, scope: Tc3Scope): Buffer {
  let scopes = derivedKeys.get(key);
  if (!scopes) derivedKeys.set(key, (scopes = new Map()));
  const name = `${scope.date}/${scope.service}`;
  let derived = scopes.get(name);
  if (!derived) {
    if (scopes.size >= MAX_SCOPES_PER_KEY) scopes.clear();
    derived = signingKey(key.secretKey, scope);
    scopes.set(name, derived);
  }
  return derived;
}

function checkTimestamp(name: string, value: string, nowSeconds: number): void {
  if (!/^\d{1,12}$/.test(value)) throw errors.invalidParameter({ name, why: { zh: "类型错误，应为 UNIX 秒级时间戳。", en: "type error, expected a UNIX time in seconds." } });
  if (Math.abs(nowSeconds - Number(value)) > SKEW_SECONDS) throw errors.signatureExpire({ param: name, timestamp: value, serverTime: nowSeconds });
}

