import type { SpecFacts } from "../../src/protocol/spec/index.ts";
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
  options: { timestampSeconds: number; secretKey?: string; version?: string },
): WireRequest {
  const { init } = presign({
    url: "http://essd.test:8080",
    secretId: key.SecretId,
    secretKey: options.secretKey ?? key.SecretKey,
    action,
    body,
    timestamp: options.timestampSeconds,
    ...(options.version ? { version: options.version } : {}),
  });
  const headers = Object.fromEntries(Object.entries(init.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method: "POST", rawUrl: "/", body: Buffer.from(init.body as string), headers: { ...headers, host: "essd.test:8080" } };
}

/** A made-up service spec naming `actions` (no structures), for registries of test actions. */
export function specWith(actions: string[], at: { service?: string; version?: string } = {}): SpecFacts {
  return {
    service: at.service ?? "ess",
    version: at.version ?? "2020-11-11",
    actions: Object.fromEntries(actions.map((name) => [name, { title: name, status: "online", input: `${name}Request`, output: `${name}Response` }])),
    objects: {},
  };
}
