import { canonicalRequest, formatAuthorization, sha256Hex, signHex, signingKey, stringToSign } from "../../src/protocol/signature-v3.ts";
import type { WireRequest } from "../../src/protocol/wire-request.ts";

/**
 * A TC3-signed POST as the pipeline receives it (no HTTP in between), for unit tests of `runApiRequest`.
 * `secretKey` other than the tenant's forges a wrong signature.
 */
export function signedWireRequest(
  key: { SecretId: string; SecretKey: string },
  action: string,
  body: unknown,
  options: { timestampSeconds: number; secretKey?: string },
): WireRequest {
  const raw = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { "content-type": "application/json", host: "essd.test:8080" };
  const timestamp = options.timestampSeconds;
  const scope = { date: new Date(timestamp * 1000).toISOString().slice(0, 10), service: "ess" };
  const canonical = canonicalRequest({ method: "POST", query: "", headers, payloadHash: sha256Hex(raw) }, ["content-type", "host"]);
  const signature = signHex(signingKey(options.secretKey ?? key.SecretKey, scope), stringToSign(String(timestamp), scope, canonical));
  return {
    method: "POST",
    rawUrl: "/",
    body: raw,
    headers: {
      ...headers,
      authorization: formatAuthorization(key.SecretId, scope, ["content-type", "host"], signature),
      "x-tc-action": action,
      "x-tc-version": "2020-11-11",
      "x-tc-timestamp": String(timestamp),
    },
  };
}
