import { createHmac, timingSafeEqual } from "node:crypto";

export type V1Method = "HmacSHA1" | "HmacSHA256";

/** Signature v1 only uses SHA-256 when asked for by name; everything else is SHA-1 (reference §3). */
export const v1Method = (signatureMethod: string | undefined): V1Method =>
  signatureMethod === "HmacSHA256" ? "HmacSHA256" : "HmacSHA1";

/**
 * `METHOD + host + "/?" + sorted k=v pairs`, values decoded. Python and Java replace `_` with `.` in names,
 * so callers try both spellings.
 */
export function v1StringToSign(method: string, host: string, params: ReadonlyArray<[string, string]>, underscoreToDot = false): string {
  const pairs = params
    .filter(([name]) => name !== "Signature")
    .map(([name, value]) => [underscoreToDot ? name.replaceAll("_", ".") : name, value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method.toUpperCase()}${host}/?${pairs.map(([n, v]) => `${n}=${v}`).join("&")}`;
}

export function v1Sign(secretKey: string, method: V1Method, stringToSign: string): string {
  return createHmac(method === "HmacSHA256" ? "sha256" : "sha1", secretKey).update(stringToSign, "utf8").digest("base64");
}

export function verifyV1(
  secretKey: string,
  method: V1Method,
  httpMethod: string,
  hosts: readonly string[],
  params: ReadonlyArray<[string, string]>,
  signature: string,
): { ok: true } | { ok: false; expected: { stringToSign: string; signature: string } } {
  const given = Buffer.from(signature, "utf8");
  let first: { stringToSign: string; signature: string } | undefined;
  for (const host of hosts) {
    for (const underscoreToDot of [false, true]) {
      const toSign = v1StringToSign(httpMethod, host, params, underscoreToDot);
      const computed = v1Sign(secretKey, method, toSign);
      first ??= { stringToSign: toSign, signature: computed };
      const expected = Buffer.from(computed, "utf8");
      if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true };
    }
  }
  return { ok: false, expected: first! };
}
