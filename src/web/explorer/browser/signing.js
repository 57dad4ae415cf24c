// @ts-check
// The API Explorer's request signer. It runs in the browser (Web Crypto), so the SecretKey typed into the page
// never leaves it, and in Node (globalThis.crypto.subtle) for signing.test.ts, which checks every function here
// against src/protocol/signature-v3.ts and signature-v1.ts: the two must compute byte-for-byte the same thing.
// Plain JavaScript on purpose: essd serves this file as it is, with no build step; its JSDoc types are checked by
// `npm run typecheck` and are what TypeScript callers (the tests) see.

/** @typedef {{ date: string; service: string }} Scope */
/** @typedef {{ method: string; query: string; headers: Readonly<Record<string, string | undefined>>; payloadHash: string }} CanonicalInput */
/** @typedef {"TC3-HMAC-SHA256" | "HmacSHA256" | "HmacSHA1"} SignMethod */
/** @typedef {Record<string, unknown>} Params */
/** @typedef {ReadonlyArray<readonly [string, string]>} Pairs */
/** @typedef {Uint8Array<ArrayBuffer>} Bytes */

/**
 * @typedef {object} SignOptions
 * @property {string} secretId
 * @property {string} secretKey
 * @property {string} action
 * @property {Params} [params]
 * @property {string} host
 * @property {SignMethod} [signMethod]
 * @property {"POST" | "GET"} [reqMethod]
 * @property {number | string} [timestamp]
 * @property {number | string} [nonce]
 * @property {"zh-CN" | "en-US"} [language]
 * @property {string} [version]
 * @property {string} [service]
 */

/**
 * Every intermediate value of one signature (TC3 or v1; each fills its own), never key material.
 * @typedef {object} SigningSteps
 * @property {string} timestamp
 * @property {string} stringToSign
 * @property {string} signature
 * @property {string} [credentialScope]
 * @property {string} [payloadHash]
 * @property {string} [canonicalRequest]
 * @property {string} [hashedCanonicalRequest]
 * @property {string} [authorization]
 * @property {string} [signatureMethod]
 * @property {string} [sortedParameters]
 */

/**
 * @typedef {object} SignedRequest
 * @property {"TC3" | "v1"} kind
 * @property {SigningSteps} steps
 * @property {{ method: "GET" | "POST"; path: string; headers: Record<string, string>; body: string }} http
 */

/** What essd computed, as a sandbox SignatureFailure message carries it. */
/** @typedef {{ canonicalRequest?: string; stringToSign: string }} Expected */

const encoder = new TextEncoder();

export const TC3_ALGORITHM = "TC3-HMAC-SHA256";
export const SERVICE = "ess";
export const VERSION = "2020-11-11";

/** Web Crypto exists only in secure contexts (https, localhost, 127.0.0.1); the page says so when it is missing. */
export const hasWebCrypto = () => Boolean(globalThis.crypto && globalThis.crypto.subtle);

const bytes = (/** @type {string | Bytes} */ data) => (typeof data === "string" ? encoder.encode(data) : data);

export const toHex = (/** @type {ArrayBuffer | Uint8Array} */ buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

export function toBase64(/** @type {ArrayBuffer | Uint8Array} */ buffer) {
  let binary = "";
  for (const b of new Uint8Array(buffer)) binary += String.fromCharCode(b);
  return btoa(binary);
}

export async function sha256Hex(/** @type {string | Bytes} */ data) {
  return toHex(await crypto.subtle.digest("SHA-256", bytes(data)));
}

/**
 * HMAC of a UTF-8 message. Returns the raw MAC bytes.
 * @param {string | Bytes} key
 * @param {string} message
 * @param {"SHA-256" | "SHA-1"} [hash]
 */
export async function hmac(key, message, hash = "SHA-256") {
  const cryptoKey = await crypto.subtle.importKey("raw", bytes(key), { name: "HMAC", hash }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, bytes(message)));
}

// ---- TC3-HMAC-SHA256 (signature v3): the same steps, in the same order, as src/protocol/signature-v3.ts ----

/**
 * @param {readonly string[]} signedHeaders
 * @param {CanonicalInput["headers"]} headers
 */
export function canonicalHeaders(signedHeaders, headers, lowerValues = false) {
  return signedHeaders
    .map((name) => {
      let value = (headers[name] ?? "").trim();
      if (lowerValues) value = value.toLowerCase();
      return `${name}:${value}\n`;
    })
    .join("");
}

/**
 * `request` is { method, query, headers (lower-case names), payloadHash }, as in the server's Tc3Request.
 * @param {CanonicalInput} request
 * @param {readonly string[]} signedHeaders
 */
export function canonicalRequest(request, signedHeaders, lowerValues = false) {
  return [
    request.method.toUpperCase(),
    "/",
    request.query,
    canonicalHeaders(signedHeaders, request.headers, lowerValues),
    signedHeaders.join(";"),
    request.payloadHash,
  ].join("\n");
}

export const credentialScope = (/** @type {Scope} */ scope) => `${scope.date}/${scope.service}/tc3_request`;

export async function stringToSign(/** @type {string} */ timestamp, /** @type {Scope} */ scope, /** @type {string} */ canonical) {
  return [TC3_ALGORITHM, timestamp, credentialScope(scope), await sha256Hex(canonical)].join("\n");
}

export async function signingKey(/** @type {string} */ secretKey, /** @type {Scope} */ scope) {
  const secretDate = await hmac(`TC3${secretKey}`, scope.date);
  const secretService = await hmac(secretDate, scope.service);
  return hmac(secretService, "tc3_request");
}

export async function signHex(/** @type {Bytes} */ key, /** @type {string} */ message) {
  return toHex(await hmac(key, message));
}

/**
 * @param {string} secretId
 * @param {Scope} scope
 * @param {readonly string[]} signedHeaders
 * @param {string} signature
 */
export function formatAuthorization(secretId, scope, signedHeaders, signature) {
  return `${TC3_ALGORITHM} Credential=${secretId}/${credentialScope(scope)}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
}

// ---- Signature v1 (HmacSHA1 / HmacSHA256): as src/protocol/signature-v1.ts ----

/**
 * @param {string} method
 * @param {string} host
 * @param {Pairs} params
 */
export function v1StringToSign(method, host, params, underscoreToDot = false) {
  const pairs = params
    .filter(([name]) => name !== "Signature")
    .map(([name, value]) => [underscoreToDot ? name.replaceAll("_", ".") : name, value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method.toUpperCase()}${host}/?${pairs.map(([n, v]) => `${n}=${v}`).join("&")}`;
}

export async function v1Sign(/** @type {string} */ secretKey, /** @type {string} */ method, /** @type {string} */ message) {
  return toBase64(await hmac(secretKey, message, method === "HmacSHA256" ? "SHA-256" : "SHA-1"));
}

// ---- Building a whole request ----

/**
 * Flattens parameters the way every official SDK does for GET and v1 (reference §1.5): object members
 * `Operator.UserId`, array elements `SubTaskIds.0`, nested `RegistrationOrganizations.0.AuthorizationTypes.0`.
 * @param {unknown} value
 * @param {string} [prefix]
 * @param {Array<[string, string]>} [out]
 * @returns {Array<[string, string]>}
 */
export function flatten(value, prefix = "", out = []) {
  if (value === undefined || value === null) return out;
  if (Array.isArray(value)) value.forEach((item, i) => flatten(item, prefix ? `${prefix}.${i}` : String(i), out));
  else if (typeof value === "object") for (const [key, member] of Object.entries(value)) flatten(member, prefix ? `${prefix}.${key}` : key, out);
  else out.push([prefix, String(value)]);
  return out;
}

export const encodePairs = (/** @type {Pairs} */ pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

const utcDate = (/** @type {string} */ timestamp) => new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);

/**
 * Signs one call and returns every intermediate step plus the HTTP request to send.
 * options: { secretId, secretKey, action, params, host, signMethod ("TC3-HMAC-SHA256" | "HmacSHA256" | "HmacSHA1"),
 *            reqMethod ("POST" | "GET"), timestamp?, nonce?, language?, version?, service? }
 * The result holds no key material: the signature only.
 * @param {SignOptions} options
 * @returns {Promise<SignedRequest>}
 */
export async function signRequest(options) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const method = options.reqMethod === "GET" ? "GET" : "POST";
  const version = options.version ?? VERSION;
  const params = options.params ?? {};
  if (options.signMethod === "HmacSHA256" || options.signMethod === "HmacSHA1") {
    return signV1({ ...options, signMethod: options.signMethod, timestamp, method, version, params });
  }
  const service = options.service ?? SERVICE;
  const scope = { date: utcDate(timestamp), service };
  const contentType = method === "GET" ? "application/x-www-form-urlencoded" : "application/json";
  const query = method === "GET" ? encodePairs(flatten(params)) : "";
  const body = method === "GET" ? "" : JSON.stringify(params);
  const signedHeaders = ["content-type", "host"];
  const payloadHash = await sha256Hex(body);
  const canonical = canonicalRequest({ method, query, headers: { "content-type": contentType, host: options.host }, payloadHash }, signedHeaders);
  const hashedCanonicalRequest = await sha256Hex(canonical);
  const toSign = await stringToSign(timestamp, scope, canonical);
  const signature = await signHex(await signingKey(options.secretKey, scope), toSign);
  const authorization = formatAuthorization(options.secretId, scope, signedHeaders, signature);
  /** @type {Record<string, string>} */
  const headers = {
    Authorization: authorization,
    "Content-Type": contentType,
    Host: options.host,
    "X-TC-Action": options.action,
    "X-TC-Version": version,
    "X-TC-Timestamp": timestamp,
  };
  if (options.language) headers["X-TC-Language"] = options.language;
  return {
    kind: "TC3",
    steps: { timestamp, credentialScope: credentialScope(scope), payloadHash, canonicalRequest: canonical, hashedCanonicalRequest, stringToSign: toSign, signature, authorization },
    http: { method, path: query ? `/?${query}` : "/", headers, body },
  };
}

/**
 * @param {SignOptions & { signMethod: "HmacSHA256" | "HmacSHA1"; timestamp: string; method: "GET" | "POST"; version: string; params: Params }} options
 * @returns {Promise<SignedRequest>}
 */
async function signV1({ secretId, secretKey, action, host, signMethod, timestamp, method, version, params, nonce, language }) {
  /** @type {Array<[string, string]>} */
  const pairs = [
    ["Action", action],
    ["Version", version],
    ["Timestamp", timestamp],
    // The Node SDK's range; the server keeps the Nonce as a string, so any positive integer works.
    ["Nonce", String(nonce ?? 1 + Math.floor(Math.random() * 65535))],
    ["SecretId", secretId],
    ["SignatureMethod", signMethod],
    ...(language ? /** @type {Array<[string, string]>} */ ([["Language", language]]) : []),
    ...flatten(params),
  ];
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const toSign = v1StringToSign(method, host, pairs);
  const signature = await v1Sign(secretKey, signMethod, toSign);
  const encoded = encodePairs([...pairs, ["Signature", signature]]);
  /** @type {Record<string, string>} */
  const headers = { Host: host };
  if (method === "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
  return {
    kind: "v1",
    steps: { timestamp, signatureMethod: signMethod, sortedParameters: sorted.map(([n, v]) => `${n}=${v}`).join("\n"), stringToSign: toSign, signature },
    http: method === "GET" ? { method, path: `/?${encoded}`, headers, body: "" } : { method, path: "/", headers, body: encoded },
  };
}

/**
 * Reads what essd computed from a sandbox SignatureFailure message (src/protocol/authenticate.ts appends it),
 * or undefined when the message carries none (production mode, another error).
 * @param {unknown} message
 * @returns {Expected | undefined}
 */
export function parseExpected(message) {
  if (typeof message !== "string") return undefined;
  const tc3 = /\n--- CanonicalRequest ---\n([\s\S]*?)\n--- StringToSign ---\n([\s\S]*)$/.exec(message);
  if (tc3) return { canonicalRequest: tc3[1], stringToSign: tc3[2] };
  const v1 = /\n--- StringToSign ---\n([\s\S]*)$/.exec(message);
  return v1 ? { stringToSign: v1[1] } : undefined;
}
