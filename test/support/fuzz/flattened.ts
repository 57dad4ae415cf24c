/**
 * Hostile flattened parameters (GET queries signed with TC3, form POSTs signed with v1): a plausible body flattened
 * as the SDKs flatten it, plus names and values no SDK sends — `A.99999`, `A..B`, `A.0.__proto__.x`, names
 * thousands of levels deep, thousands of names, a name twice, scalars beside their own members, broken escapes.
 */
import type { JsonSchema } from "../../../src/protocol/params.ts";
import { v1Sign, v1StringToSign } from "../../../src/protocol/signature-v1.ts";
import { decodeForm } from "../../../src/protocol/wire-request.ts";
import { plausible } from "./bodies.ts";
import type { Random } from "./random.ts";

export function flatten(value: unknown, prefix = "", out: Array<[string, string]> = []): Array<[string, string]> {
  if (value && typeof value === "object") {
    for (const [key, member] of Object.entries(value)) flatten(member, prefix ? `${prefix}.${key}` : key, out);
  } else out.push([prefix, value === null || value === undefined ? "" : String(value)]);
  return out;
}

const enc = encodeURIComponent;

/** Encoded `name=value` pairs, some of them hostile, for an action with input `schema`, acting as `acting` says. */
export function hostilePairs(schema: JsonSchema, acting: Record<string, string>, random: Random, budget: number): string[] {
  const roots = new Set(Object.keys(acting).map((path) => path.split(".")[0]));
  const pairs = flatten(plausible(schema, random)).filter(([name]) => !roots.has(name.split(".")[0]));
  const out = [...Object.entries(acting).map(([n, v]) => `${n}=${enc(v)}`), ...pairs.map(([n, v]) => `${enc(n)}=${enc(v)}`)];
  const field = pairs.length ? random.pick(pairs)[0].split(".")[0]! : "Limit";
  for (let n = 1 + random.int(3); n > 0; n--) {
    switch (random.int(14)) {
      case 0: out.push(`${field}.99999=x`, `${field}.${2 ** 32}=y`); break;
      case 1: out.push(`${field}..B=1`, random.pick([".A=1", "A.=1", ".=1", "=1", "==", "&&"])); break;
      case 2: out.push(`${field}.0.__proto__.polluted=1`, "__proto__.polluted=1", "constructor.prototype.polluted=1", "__proto__=1"); break;
      case 3: out.push(`${Array(Math.min(budget / 2, 1_000 + random.int(4_000))).fill("a").join(".")}=1`); break;
      case 4: for (let i = 0; i < Math.min(budget / 12, 1_500); i++) out.push(`K.${i}=1`); break;
      case 5: out.push(`${field}=1`, `${field}=2`); break;
      case 6: out.push("Operator.UserId.0=x", "Operator=y"); break;
      case 7: out.push(`${field}=1e309`, "Limit=99999999999999999999", "Offset=-0", "Limit=0x10"); break;
      case 8: out.push("%ff=%fe", "%00=%00", "a%2eb=1", "%=%", "%zz=1", "%E4%B8=1"); break;
      case 9: out.push(`${field}=%ED%A0%80`, `${field}.0=%F0%9F`); break; // a lone surrogate as UTF-8, a cut-off emoji
      case 10: out.push(`${field}.0=a`, `${field}.1.x=b`, `${field}.x=c`); break;
      case 11: out.push(`${enc("界".repeat(50))}=${enc("😀".repeat(100))}`); break;
      case 12: out.push(`${field}=${"A".repeat(Math.min(budget / 2, 20_000))}`); break;
      default: out.push(`Agent.ProxyOrganizationId=${random.text(random.int(40))}`, "Agent=", "Agent.0=1");
    }
  }
  return out;
}

/** A v1-signed form body: the common parameters plus `pairs`, signed over their decoded values as essd decodes them. */
export function v1Form(pairs: string[], key: { SecretId: string; SecretKey: string }, action: string, version: string, host: string, random: Random): string {
  const common = [`Action=${action}`, `Version=${version}`, `Timestamp=${Math.floor(Date.now() / 1000)}`, `Nonce=${1 + random.int(1e9)}`, `SecretId=${key.SecretId}`, "SignatureMethod=HmacSHA256"];
  const encoded = [...common, ...pairs].join("&");
  const decoded = decodeForm(encoded);
  const signature = v1Sign(key.SecretKey, "HmacSHA256", v1StringToSign("POST", host, decoded));
  return `${encoded}&Signature=${encodeURIComponent(signature)}`;
}
