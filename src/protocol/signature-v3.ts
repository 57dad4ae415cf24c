import { createHmac, hash, timingSafeEqual } from "node:crypto";

/** The pieces of a request that TC3-HMAC-SHA256 signs, exactly as they arrived on the wire. */
export interface Tc3Request {
  method: string;
  /** Raw query string (the bytes after `?`), never re-encoded: every SDK signs what it sent. */
  query: string;
  /** Lower-case header name → value; `host` must be present. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Lower-case hex SHA-256 of the payload (or of the literal `UNSIGNED-PAYLOAD`). */
  payloadHash: string;
}

export interface Tc3Scope {
  date: string;
  service: string;
}

export const TC3_ALGORITHM = "TC3-HMAC-SHA256";
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

// One-shot hashing: a third of createHash().update().digest()'s cost on the request path (two hashes per call).
export const sha256Hex = (data: Buffer | string): string => hash("sha256", data, "hex");

export function canonicalHeaders(signedHeaders: readonly string[], headers: Tc3Request["headers"], lowerValues = false, host?: string): string {
  let out = "";
  for (const name of signedHeaders) {
    let value = (name === "host" && host !== undefined ? host : (headers[name] ?? "")).trim();
    if (lowerValues) value = value.toLowerCase();
    out += `${name}:${value}\n`;
  }
  return out;
}

/** `host`, when given, stands for the Host header: the verifier tries each host a client may have signed. */
export function canonicalRequest(req: Tc3Request, signedHeaders: readonly string[], lowerValues = false, host?: string): string {
  return `${req.method.toUpperCase()}\n/\n${req.query}\n${canonicalHeaders(signedHeaders, req.headers, lowerValues, host)}\n${signedHeaders.join(";")}\n${req.payloadHash}`;
}

export function credentialScope(scope: Tc3Scope): string {
  return `${scope.date}/${scope.service}/tc3_request`;
}

export function stringToSign(timestamp: string, scope: Tc3Scope, canonical: string): string {
  return `${TC3_ALGORITHM}\n${timestamp}\n${credentialScope(scope)}\n${sha256Hex(canonical)}`;
}

const hmac = (key: Buffer | string, message: string): Buffer => createHmac("sha256", key).update(message, "utf8").digest();

export function signingKey(secretKey: string, scope: Tc3Scope): Buffer {
  return hmac(hmac(hmac(`TC3${secretKey}`, scope.date), scope.service), "tc3_request");
}

export function signHex(key: Buffer, message: string): string {
  return createHmac("sha256", key).update(message, "utf8").digest("hex");
}

export interface ParsedAuthorization {
  secretId: string;
  scope: Tc3Scope;
  signedHeaders: string[];
  signature: string;
}

// The service part must allow `127` and `localhost:8080`: Node and Java SDKs derive it from the endpoint (reference §1.4).
const AUTHORIZATION_PATTERN =
  /^TC3-HMAC-SHA256\s+Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s]+)\/tc3_request\s*,\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-f]{64})$/;

export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = AUTHORIZATION_PATTERN.exec(header.trim());
  if (!match) return undefined;
  const [, secretId, date, service, signed, signature] = match;
  return { secretId, scope: { date, service }, signedHeaders: signed.split(";"), signature };
}

export function formatAuthorization(secretId: string, scope: Tc3Scope, signedHeaders: readonly string[], signature: string): string {
  return `${TC3_ALGORITHM} Credential=${secretId}/${credentialScope(scope)}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
}

/** The host values a client may have signed: Node signs the hostname without port, the other SDKs keep it. */
export function hostCandidates(host: string, forwardedHost?: string): string[] {
  const candidates = [host, host.replace(/:\d+$/, "")];
  if (forwardedHost) candidates.push(forwardedHost, forwardedHost.replace(/:\d+$/, ""));
  // An absent Host still yields one candidate (""), so verification fails as a signature mismatch.
  return [...new Set(candidates)];
}

export interface Tc3Attempt {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/**
 * Tries every host and value-case variant some official client signs with; returns the matching attempt,
 * or undefined plus the first (most likely) attempt for diagnostics.
 */
export function verifyTc3(
  req: Tc3Request,
  auth: ParsedAuthorization,
  timestamp: string,
  key: Buffer,
  hosts: readonly string[],
): { ok: true } | { ok: false; expected: Tc3Attempt } {
  const given = Buffer.from(auth.signature, "hex");
  let first: Tc3Attempt | undefined;
  for (const host of hosts) {
    let asSent: string | undefined;
    for (const lowerValues of [false, true]) {
      const canonical = canonicalRequest(req, auth.signedHeaders, lowerValues, host);
      // Lower-casing changed nothing: the same canonical request was just refused.
      if (canonical === asSent) continue;
      asSent = canonical;
      const toSign = stringToSign(timestamp, auth.scope, canonical);
      const mac = createHmac("sha256", key).update(toSign, "utf8").digest();
      if (mac.length === given.length && timingSafeEqual(mac, given)) return { ok: true };
      first ??= { canonicalRequest: canonical, stringToSign: toSign, signature: mac.toString("hex") };
    }
  }
  return { ok: false, expected: first! };
}

/** A request as a client signs it: the one place outside the SDKs where essd's code assembles a TC3 signature. */
export interface Tc3Signing {
  method: string;
  /** Exactly the Host signed (Node's SDK signs it without the port, the other SDKs with it). */
  host: string;
  /** Raw query string, without `?`. */
  query?: string;
  payload: Buffer | string;
  contentType: string;
  secretId: string;
  secretKey: string;
  /** UNIX seconds. */
  timestamp: number;
  /** Default `ess` (the Node SDK signs the endpoint's first label instead). */
  service?: string;
  /** Headers signed besides content-type and host, lower-case name → value (the control API's `x-tc-action`). */
  alsoSigned?: Readonly<Record<string, string>>;
}

export interface Tc3Signed {
  scope: Tc3Scope;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

/** The client's side of TC3-HMAC-SHA256 (`essd sign`, tests and benchmarks), over the same functions the server verifies with. */
export function signTc3(request: Tc3Signing): Tc3Signed {
  const scope = { date: new Date(request.timestamp * 1000).toISOString().slice(0, 10), service: request.service ?? "ess" };
  const headers = { "content-type": request.contentType, host: request.host, ...request.alsoSigned };
  const signed = Object.keys(headers).sort();
  const canonical = canonicalRequest({ method: request.method, query: request.query ?? "", headers, payloadHash: sha256Hex(request.payload) }, signed);
  const toSign = stringToSign(String(request.timestamp), scope, canonical);
  const signature = signHex(signingKey(request.secretKey, scope), toSign);
  return { scope, canonicalRequest: canonical, stringToSign: toSign, signature, authorization: formatAuthorization(request.secretId, scope, signed, signature) };
}
