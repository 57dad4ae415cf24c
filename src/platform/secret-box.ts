import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Encryption at rest for secrets and personal data (SecretKeys, mobiles, ID numbers), and keyed hashes so
 * those values can still be looked up without being decrypted. One 32-byte master key drives both, through
 * separate derived keys.
 */
export class SecretBox {
  private readonly encryptionKey: Buffer;
  private readonly lookupKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error("the master key must be 32 bytes");
    this.encryptionKey = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "essd encryption v1", 32));
    this.lookupKey = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "essd lookup v1", 32));
  }

  /** AES-256-GCM; output `v1.<iv>.<tag>.<ciphertext>` in base64url so it fits a text column on any store. */
  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || !body) throw new Error("sealed value has an unknown format");
    const decipher = createDecipheriv("aes-256-gcm", this.encryptionKey, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  }

  /** Deterministic keyed hash for equality lookups (e.g. "is this mobile already an employee?"). */
  lookupHash(value: string): string {
    return createHmac("sha256", this.lookupKey).update(value, "utf8").digest("base64url");
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
