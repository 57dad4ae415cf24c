import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The master keys an installation knows, newest first: the first seals everything written from now on, the
 * others only open what they sealed before (a rotation in progress, or not yet run). They come from
 * ESSD_MASTER_KEY (comma-separated) or from `<dataDir>/master.key` (one hex key per line). A key is named by its
 * id, a short keyed digest of the key: sealed values carry it, so each is opened with the key that sealed it.
 */
export interface MasterKeys {
  keys: Buffer[];
  /** "ESSD_MASTER_KEY" or the key file's path. */
  source: string;
  /** The key file, when the keys come from one (rotation may then write the new key into it). */
  file?: string;
}

export const keyFileOf = (dataDir: string) => join(dataDir, "master.key");

/** 8 hex characters naming the key; a digest keyed by the key itself, so it tells nothing about it. */
export function keyIdOf(key: Buffer): string {
  return createHmac("sha256", key).update("essd master key id").digest("hex").slice(0, 8);
}

const heldKey = (key: Buffer) => ({ id: keyIdOf(key), key });

function decode(text: string, where: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32) throw new Error(`${where} must hold 32-byte keys, as 64 hex characters or base64`);
  return key;
}

/** The keys of a key file: one hex key per line, the active one first; blank lines and `#` comments ignored. */
export function readKeyFile(path: string): Buffer[] {
  const lines = readFileSync(path, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  if (!lines.length) throw new Error(`${path} holds no master key`);
  return lines.map((line) => {
    const key = Buffer.from(line, "hex");
    if (key.length !== 32 || !/^[0-9a-fA-F]{64}$/.test(line)) throw new Error(`${path} does not hold 32-byte hex master keys, one a line`);
    return key;
  });
}

/** Replaces the key file in one rename, so a process reading it sees the old list or the new one, never half. */
export function writeKeyFile(path: string, keys: readonly Buffer[]): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, keys.map((k) => k.toString("hex")).join("\n") + "\n", { mode: 0o600 });
  renameSync(temporary, path);
}

/**
 * Decodes ESSD_MASTER_KEY, or reads `<dataDir>/master.key`, creating it with one new key (mode 0600) unless
 * `create` is false (the doctor must not hide a missing key by making one).
 */
export function loadMasterKeys(configured: string | undefined, dataDir: string, { create = true } = {}): MasterKeys {
  if (configured) {
    // Commas or any white space: `ESSD_MASTER_KEY=$(cat master.key)` carries a key file's every key.
    const keys = configured.split(/[\s,]+/).filter(Boolean).map((part) => decode(part, "ESSD_MASTER_KEY"));
    return { keys, source: "ESSD_MASTER_KEY" };
  }
  const path = keyFileOf(dataDir);
  if (!existsSync(path)) {
    if (!create) throw new Error(`neither ESSD_MASTER_KEY nor ${path}: give essd the key this store was created with`);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, randomBytes(32).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process (a CLI command beside a starting server) created it first; use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return { keys: readKeyFile(path), source: path, file: path };
}

const RELOAD_EVERY_MS = 1_000;

/**
 * The keys a running process holds. A key file is read again when it changed (checked at most once a second,
 * and at once when a value names a key not held), so `essd master-key rotate` beside a running server switches
 * its writes to the new key and lets it read what the rotation re-sealed, without a restart. Keys given in the
 * environment are fixed for the process's life.
 */
export class Keyring {
  /** Active first. */
  private held: Array<{ id: string; key: Buffer }>;
  private stamp = "";
  private checkedAt = 0;

  constructor(
    keys: readonly Buffer[],
    private readonly file?: string,
  ) {
    if (!keys.length) throw new Error("a keyring needs a key");
    for (const key of keys) if (key.length !== 32) throw new Error("the master key must be 32 bytes");
    this.held = keys.map(heldKey);
    if (file) this.stamp = this.fileStamp();
    this.checkedAt = Date.now();
  }

  static of(loaded: MasterKeys): Keyring {
    return new Keyring(loaded.keys, loaded.file);
  }

  /** The key new values are sealed with. */
  get active(): { id: string; key: Buffer } {
    this.refresh(false);
    return this.held[0]!;
  }

  /** Every key held, active first. */
  all(): Array<{ id: string; key: Buffer }> {
    this.refresh(false);
    return [...this.held];
  }

  byId(id: string): Buffer | undefined {
    const find = () => this.held.find((held) => held.id === id)?.key;
    return find() ?? (this.refresh(true) ? find() : undefined);
  }

  /** Reads the key file again if it changed; answers whether the keys changed. */
  refresh(force: boolean): boolean {
    if (!this.file) return false;
    const now = Date.now();
    if (!force && now - this.checkedAt < RELOAD_EVERY_MS) return false;
    this.checkedAt = now;
    const stamp = this.fileStamp();
    if (stamp === this.stamp) return false;
    try {
      this.held = readKeyFile(this.file).map(heldKey);
      this.stamp = stamp;
      return true;
    } catch {
      // A file being replaced or broken: keep the keys held; the next check tries again.
      return false;
    }
  }

  private fileStamp(): string {
    try {
      const s = statSync(this.file!);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return "";
    }
  }
}
