import type { WireRequest } from "../../src/protocol/wire-request.ts";
import { presign } from "./signed-request.ts";

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
  const { init } = presign({
    url: "http://essd.test:8080",
    secretId: key.SecretId,
    secretKey: options.secretKey ?? key.SecretKey,
    action,
    body,
    timestamp: options.timestampSeconds,
  });
  const headers = Object.fromEntries(Object.entries(init.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method: "POST", rawUrl: "/", body: Buffer.from(init.body as string), headers: { ...headers, host: "essd.test:8080" } };
}
