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

/** Characters of a time prefix: milliseconds since the epoch in base 62, modulo 62⁷ (about 111 years). */
const TIME_CHARS = 7;
const TIME_MODULUS = 62 ** TIME_CHARS;
let prefixMs = -1;
let prefix = "";

/**
 * The current millisecond as TIME_CHARS characters of the alphabet, which sorts as its numbers do (ASCII "0-9A-Za-z"),
 * so ids drawn one after another sort one after another. An index on random ids puts each new row on a page of
 * its own, each a 4 KB frame of the WAL to write and checkpoint; ids that sort by time go onto the index's last
 * page, which commits share (docs/performance.md, "Ids that sort by time").
 */
export function timePrefix(nowMs: number): string {
  if (nowMs === prefixMs) return prefix;
  let n = ((Math.floor(nowMs) % TIME_MODULUS) + TIME_MODULUS) % TIME_MODULUS;
  for (let i = TIME_CHARS - 1; i >= 0; i--) {
    drawn[i] = ALPHANUMERIC_CODES[n % 62]!;
    n = Math.floor(n / 62);
  }
  prefixMs = nowMs;
  prefix = drawn.toString("latin1", 0, TIME_CHARS);
  return prefix;
}

/**
 * Production ids: ESS-style 32-character `yD…` resource ids and 20-character shortKeys (a time prefix, then 23 and
 * 11 random characters: 136 and 65 bits), Tencent-style `AKID…` key ids, UUID request ids. Secrets (SecretKey, SMS
 * codes) and the 10-character short code stay wholly random: a prefix would take most of the short code's entropy.
 */
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
        return `yD${timePrefix(Date.now())}${randomAlphanumeric(18 - TIME_CHARS)}`;
      case "smsCode":
        return String(randomInt(0, 1_000_000)).padStart(6, "0");
      default:
        return `yD${timePrefix(Date.now())}${randomAlphanumeric(30 - TIME_CHARS)}`;
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
