import { randomFillSync, randomInt, randomUUID } from "node:crypto";

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Kinds of identifier essd hands out; each kind has the length and shape ESS uses on the wire (reference §8). */
export type IdKind = "organization" | "user" | "role" | "secretId" | "secretKey" | "requestId" | "linkToken" | "shortCode" | "shortKey" | "msgId" | "smsCode" | "fault" | "platform" | "application" | "proxy" | "change";

export interface Ids {
  next(kind: IdKind): string;
}

/**
 * Random bytes are drawn from the CSPRNG 4 KB at a time and each byte used once (as randomUUID does with its own
 * cache): a call to the generator per id cost more than the id.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;
function randomByte(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++]!;
}

/** The characters of an id being drawn; ids are written here and read out as one string (not one per character). */
const drawn = Buffer.alloc(64);
const ALPHANUMERIC_CODES = Buffer.from(ALPHANUMERIC, "latin1");

export function randomAlphanumeric(length: number): string {
  if (length > drawn.length) return randomAlphanumeric(drawn.length) + randomAlphanumeric(length - drawn.length);
  // 62 does not divide 256; rejecting bytes ≥ 248 keeps every character equally likely.
  let n = 0;
  while (n < length) {
    const byte = randomByte();
    if (byte < 248) drawn[n++] = ALPHANUMERIC_CODES[byte % 62]!;
  }
  return drawn.toString("latin1", 0, n);
}

/** Production ids: ESS-style 32-character `yD…` resource ids, Tencent-style `AKID…` key ids, UUID request ids. */
export const randomIds: Ids = {
  next(kind) {
    switch (kind) {
      case "requestId":
        return randomUUID();
      case "secretId":
        return `AKID${randomAlphanumeric(32)}`;
      case "secretKey":
        return randomAlphanumeric(32);
      case "shortCode":
        return randomAlphanumeric(10);
      case "shortKey":
        return `yD${randomAlphanumeric(18)}`;
      case "smsCode":
        return String(randomInt(0, 1_000_000)).padStart(6, "0");
      default:
        return `yD${randomAlphanumeric(30)}`;
    }
  },
};

const SHAPES: Record<IdKind, { prefix: string; length: number }> = {
  organization: { prefix: "yD", length: 32 },
  user: { prefix: "yD", length: 32 },
  role: { prefix: "yD", length: 32 },
  linkToken: { prefix: "yD", length: 32 },
  msgId: { prefix: "yD", length: 32 },
  secretId: { prefix: "AKID", length: 36 },
  secretKey: { prefix: "", length: 32 },
  shortCode: { prefix: "", length: 10 },
  shortKey: { prefix: "yD", length: 20 },
  requestId: { prefix: "00000000-0000-4000-8000-", length: 36 },
  smsCode: { prefix: "", length: 6 },
  fault: { prefix: "yD", length: 32 },
  platform: { prefix: "yD", length: 32 },
  application: { prefix: "yD", length: 32 },
  proxy: { prefix: "yD", length: 32 },
  change: { prefix: "yD", length: 32 },
};

/** Deterministic ids for tests: the same lengths and prefixes as production ids, numbered per kind. */
export function sequentialIds(): Ids {
  const counters = new Map<IdKind, number>();
  return {
    next(kind) {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      const { prefix, length } = SHAPES[kind];
      return prefix + String(n).padStart(length - prefix.length, "0");
    },
  };
}
