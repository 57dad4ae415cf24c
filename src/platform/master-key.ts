import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

/** Decodes ESSD_MASTER_KEY (64 hex or base64 of 32 bytes), or reads / creates `<dataDir>/master.key` (mode 0600). */
export function loadMasterKey(configured: string | undefined, dataDir: string): { key: Buffer; source: string } {
  if (configured) {
    const key = /^[0-9a-fA-F]{64}$/.test(configured) ? Buffer.from(configured, "hex") : Buffer.from(configured, "base64");
    if (key.length !== 32) throw new Error("ESSD_MASTER_KEY must be 32 bytes, as 64 hex characters or base64");
    return { key, source: "ESSD_MASTER_KEY" };
  }
  const path = join(dataDir, "master.key");
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, randomBytes(32).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process (a CLI command beside a starting server) created it first; use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const key = Buffer.from(readFileSync(path, "utf8").trim(), "hex");
  if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte hex master key`);
  return { key, source: path };
}
