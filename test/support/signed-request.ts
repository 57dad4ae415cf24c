import { formatAuthorization, sha256Hex, signHex, signingKey, stringToSign, canonicalRequest } from "../../src/protocol/signature-v3.ts";

export interface SignedCall {
  url: string;
  secretId: string;
  secretKey: string;
  action: string;
  /** JSON body (POST) — a string is sent as is, so tests can send invalid JSON. */
  body?: unknown;
  method?: "POST" | "GET";
  /** Query string for GET, without `?`. */
  query?: string;
  timestamp?: number;
  version?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Changes the body after signing (a tampered request). */
  tamper?: (body: string) => string;
  service?: string;
}

/** Builds a TC3-signed request by hand (for the cases an SDK will not produce) and returns the parsed answer. */
export async function signedCall(call: SignedCall): Promise<{ status: number; headers: Headers; json: any }> {
  const { url, init } = presign(call);
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, json: await response.json() };
}

/** The URL and fetch options of a signed call, so a burst can be signed first and sent all at once. */
export function presign(call: SignedCall): { url: string; init: RequestInit } {
  const method = call.method ?? "POST";
  const timestamp = call.timestamp ?? Math.floor(Date.now() / 1000);
  const body = method === "GET" ? "" : typeof call.body === "string" ? call.body : JSON.stringify(call.body ?? {});
  const contentType = call.contentType ?? (method === "GET" ? "application/x-www-form-urlencoded" : "application/json");
  const host = new URL(call.url).host;
  const scope = { date: new Date(timestamp * 1000).toISOString().slice(0, 10), service: call.service ?? "ess" };
  const query = call.query ?? "";
  const headers = { "content-type": contentType, host };
  const canonical = canonicalRequest({ method, query, headers, payloadHash: sha256Hex(body) }, ["content-type", "host"]);
  const signature = signHex(signingKey(call.secretKey, scope), stringToSign(String(timestamp), scope, canonical));
  return {
    url: `${call.url}/${query ? `?${query}` : ""}`,
    init: {
    method,
    headers: {
      "Content-Type": contentType,
      Authorization: formatAuthorization(call.secretId, scope, ["content-type", "host"], signature),
      "X-TC-Action": call.action,
      "X-TC-Version": call.version ?? "2020-11-11",
      "X-TC-Timestamp": String(timestamp),
      ...call.headers,
    },
    body: method === "GET" ? undefined : call.tamper ? call.tamper(body) : body,
    },
  };
}

export interface Caller {
  SecretId: string;
  SecretKey: string;
  OperatorUserId: string;
}

/** Calls `action` as `caller`'s operator (Operator filled in, signed at `timestamp`) and returns `Response`. */
export async function callAs(
  url: string,
  caller: Caller,
  action: string,
  body: Record<string, unknown>,
  options: { timestamp?: number; operatorUserId?: string } = {},
): Promise<any> {
  const { status, json } = await signedCall({
    url,
    secretId: caller.SecretId,
    secretKey: caller.SecretKey,
    action,
    body: { Operator: { UserId: options.operatorUserId ?? caller.OperatorUserId }, ...body },
    timestamp: options.timestamp,
  });
  if (status !== 200) throw new Error(`${action} answered HTTP ${status}`);
  return json.Response;
}
