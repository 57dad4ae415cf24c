import { signTc3 } from "../../src/protocol/signature-v3.ts";

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
export function presign(call: SignedCall): { url: string; init: RequestInit & { headers: Record<string, string> } } {
  const method = call.method ?? "POST";
  const timestamp = call.timestamp ?? Math.floor(Date.now() / 1000);
  const body = method === "GET" ? "" : typeof call.body === "string" ? call.body : JSON.stringify(call.body ?? {});
  const contentType = call.contentType ?? (method === "GET" ? "application/x-www-form-urlencoded" : "application/json");
  const query = call.query ?? "";
  const { authorization } = signTc3({
    method,
    host: new URL(call.url).host,
    query,
    payload: body,
    contentType,
    secretId: call.secretId,
    secretKey: call.secretKey,
    timestamp,
    service: call.service,
  });
  return {
    url: `${call.url}/${query ? `?${query}` : ""}`,
    init: {
      method,
      headers: {
        "Content-Type": contentType,
        Authorization: authorization,
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
