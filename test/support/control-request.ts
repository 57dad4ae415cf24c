import { signTc3 } from "../../src/protocol/signature-v3.ts";

export interface ControlKey {
  SecretId: string;
  SecretKey: string;
}

/**
 * Calls the sandbox control API as a tenant: TC3-HMAC-SHA256 over the raw JSON body, with `X-TC-Action` set to
 * the path after `/_essd/` and signed. `options.action` and `options.signAction` forge the mismatches.
 */
export async function controlCall(
  baseUrl: string,
  key: ControlKey,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
  options: { action?: string; signAction?: boolean; timestamp?: number; language?: string } = {},
): Promise<{ status: number; json: any }> {
  const payload = method === "GET" ? "" : JSON.stringify(body ?? {});
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  // A query (GET outbox?mobile=…) is signed as TC3's canonical query; X-TC-Action names the path alone.
  const [pathOnly, query = ""] = path.split("?", 2) as [string, string?];
  const action = options.action ?? pathOnly;
  const { authorization } = signTc3({
    method,
    host: new URL(baseUrl).host,
    query,
    payload,
    contentType: "application/json",
    secretId: key.SecretId,
    secretKey: key.SecretKey,
    timestamp,
    alsoSigned: options.signAction === false ? {} : { "x-tc-action": action },
  });
  const response = await fetch(`${baseUrl}/_essd/${path}`, {
    method,
    headers: {
      "Content-Type": "application/json",
      Authorization: authorization,
      "X-TC-Action": action,
      "X-TC-Timestamp": String(timestamp),
      ...(options.language ? { "X-TC-Language": options.language } : {}),
    },
    body: method === "GET" ? undefined : payload,
  });
  return { status: response.status, json: await response.json() };
}

/** Calls the control API as the installation's admin: `Authorization: Bearer <token>`, acting for `organizationId`. */
export async function controlCallAsAdmin(
  baseUrl: string,
  adminToken: string,
  organizationId: string | undefined,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const response = await fetch(`${baseUrl}/_essd/${path}`, {
    method,
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${adminToken}`,
      ...(organizationId === undefined ? {} : { "X-Essd-Organization": organizationId }),
    },
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
  });
  return { status: response.status, json: await response.json() };
}
