import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { Keyring } from "./master-key.ts";

const B64 = "[A-Za-z0-9_-]";
/**
 * One sealed value wherever it sits, alone in a `*_sealed` column or inside a JSON text: `v2.<key id>.<iv>.<tag>.<body>`
 * (or the first format, `v1.<iv>.<tag>.<body>`, which names no key). base64url and dots need no JSON escaping.
 */
export const SEALED_PATTERN = new RegExp(`(?<![\\w.-])(?:v2\\.[0-9a-f]{8}\\.|v1\\.)${B64}{16}\\.${B64}{22}\\.${B64}*`, "g");

const deriveEncryptionKey = (masterKey: Buffer) => Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "essd encryption v1", 32));

/** The lookup key essd derived from its master key before lookup keys were kept in the store (see lookup-key.ts). */
export const derivedLookupKey = (masterKey: Buffer) => Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "essd lookup v1", 32));

/**
 * Encryption at rest for secrets and personal data (SecretKeys, mobiles, ID numbers), and keyed hashes so
 * those values can still be looked up without being decrypted. Values are sealed with the keyring's active
 * master key and name it, so a rotation can re-seal them one by one while every reader opens both. The lookup
 * key is separate and survives rotations (it is kept sealed in the store), so hashes never need recomputing.
 */
export class SecretBox {
  readonly keyring: Keyring;
  private readonly lookupKey: Buffer;
  private readonly derived = new Map<string, Buffer>();

  constructor(keys: Buffer | Keyring, lookupKey?: Buffer) {
    this.keyring = keys instanceof Keyring ? keys : new Keyring([keys]);
    this.lookupKey = lookupKey ?? derivedLookupKey(this.keyring.active.key);
  }

  private encryptionKey(id: string, masterKey: Buffer): Buffer {
    let key = this.derived.get(id);
    if (!key) this.derived.set(id, (key = deriveEncryptionKey(masterKey)));
    return key;
  }

  /** AES-256-GCM under the active key: `v2.<key id>.<iv>.<tag>.<ciphertext>`, base64url, fits a text column anywhere. */
  seal(plaintext: string): string {
    const { id, key } = this.keyring.active;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.encryptionKey(id, key), iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v2", id, ...[iv, cipher.getAuthTag(), body].map((p) => p.toString("base64url"))].join(".");
  }

  open(sealed: string): string {
    const parts = sealed.split(".");
    if (parts[0] === "v2" && parts.length === 5 && parts[4]) {
      const key = this.keyring.byId(parts[1]!);
      if (!key) throw new Error(`sealed value under master key ${parts[1]}, which this process does not hold: give it every key not yet retired`);
      return this.decrypt(this.encryptionKey(parts[1]!, key), parts[2]!, parts[3]!, parts[4]);
    }
    if (parts[0] === "v1" && parts.length === 4 && parts[3]) {
      const opened = this.openFirstFormat(parts);
      if (!opened) throw new Error("sealed value (first format) that none of the keys held opens");
      return opened.text;
    }
    throw new Error("sealed value has an unknown format");
  }

  private decrypt(key: Buffer, iv: string, tag: string, body: string): string {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  }

  /** The first format names no key: the authentication tag tells which held key sealed it, if any. */
  private openFirstFormat(parts: string[]): { id: string; text: string } | undefined {
    for (const { id, key } of this.keyring.all()) {
      try {
        return { id, text: this.decrypt(this.encryptionKey(id, key), parts[1]!, parts[2]!, parts[3]!) };
      } catch {
        // not this key
      }
    }
    return undefined;
  }

  /** The id of the key a sealed value is under; for the first format, of the held key that opens it, else "v1". */
  keyIdOf(sealed: string): string {
    const parts = sealed.split(".");
    if (parts[0] === "v2") return parts[1]!;
    const opened = this.openFirstFormat(parts);
    return opened ? `v1:${opened.id}` : "v1";
  }

  /**
   * `text` with every sealed value in it sealed again under the active key (values already under it kept as
   * they are, so running this twice changes nothing more). Throws when a value cannot be opened.
   */
  resealIn(text: string): string {
    const active = this.keyring.active.id;
    return text.replace(SEALED_PATTERN, (sealed) => (sealed.startsWith(`v2.${active}.`) ? sealed : this.seal(this.open(sealed))));
  }

  /** Deterministic keyed hash for equality lookups (e.g. "is this mobile already an employee?"). */
  lookupHash(value: string): string {
    return createHmac("sha256", this.lookupKey).update(value, "utf8").digest("base64url");
  }

  /** The lookup key, to keep it sealed in the store. */
  exportLookupKey(): string {
    return this.lookupKey.toString("base64url");
  }

  /** A value stored beside the data that tells whether a node was started with the same master key. */
  keyCheck(): string {
    return this.lookupHash("essd master key check");
  }

  matchesKeyCheck(stored: string): boolean {
    const mine = Buffer.from(this.keyCheck());
    const theirs = Buffer.from(stored);
    return mine.length === theirs.length && timingSafeEqual(mine, theirs);
  }
}
