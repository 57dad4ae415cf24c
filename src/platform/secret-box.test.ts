import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring, keyIdOf, loadMasterKeys, writeKeyFile } from "./master-key.ts";
import { SEALED_PATTERN, SecretBox } from "./secret-box.ts";

/** A value as essd sealed them before values named their key: `v1.<iv>.<tag>.<body>`. */
function sealFirstFormat(masterKey: Buffer, plaintext: string): string {
  const key = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "essd encryption v1", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

describe("SecretBox over a keyring", () => {
  const older = randomBytes(32);
  const newer = randomBytes(32);

  it("seals under the active key, naming it, and opens values of every key held, the first format included", () => {
    const before = new SecretBox(older);
    const sealedBefore = before.seal("13800000001");
    assert.match(sealedBefore, new RegExp(`^v2\\.${keyIdOf(older)}\\.`));
    const legacy = sealFirstFormat(older, "11010519491231002X");
    const both = new SecretBox(new Keyring([newer, older]));
    assert.match(both.seal("x"), new RegExp(`^v2\\.${keyIdOf(newer)}\\.`));
    assert.equal(both.open(sealedBefore), "13800000001");
    assert.equal(both.open(legacy), "11010519491231002X");
    assert.equal(both.keyIdOf(legacy), `v1:${keyIdOf(older)}`);
    assert.throws(() => new SecretBox(newer).open(sealedBefore), /does not hold/);
    assert.throws(() => new SecretBox(newer).open(legacy), /none of the keys/);
  });

  it("re-seals every sealed value inside a text once, leaving the rest of the text and values under the active key alone", () => {
    const before = new SecretBox(older);
    const json = JSON.stringify({ type: 1, details: before.seal('{"mobile":"13800000001"}'), other: sealFirstFormat(older, "甲"), note: "v1.not-sealed" });
    const both = new SecretBox(new Keyring([newer, older]));
    const once = both.resealIn(json);
    const parsed = JSON.parse(once);
    assert.deepEqual([both.open(parsed.details), both.open(parsed.other), parsed.note, parsed.type], ['{"mobile":"13800000001"}', "甲", "v1.not-sealed", 1]);
    assert.deepEqual((once.match(SEALED_PATTERN) ?? []).map((s) => both.keyIdOf(s)), [keyIdOf(newer), keyIdOf(newer)]);
    assert.equal(both.resealIn(once), once);
  });

  it("keeps the lookup key it is given whatever the master keys, so hashes survive a rotation", () => {
    const lookupKey = randomBytes(32);
    assert.equal(new SecretBox(older, lookupKey).lookupHash("13800000001"), new SecretBox(new Keyring([newer, older]), lookupKey).lookupHash("13800000001"));
    assert.notEqual(new SecretBox(older).lookupHash("13800000001"), new SecretBox(newer).lookupHash("13800000001"));
  });

  it("reads a key file again when it changes: a new first key seals, a value under an unknown key makes it look at once", () => {
    const dir = mkdtempSync(join(tmpdir(), "essd-keyring-"));
    try {
      const loaded = loadMasterKeys(undefined, dir);
      const box = new SecretBox(Keyring.of(loaded));
      const first = box.keyring.active.id;
      const other = new SecretBox(newer).seal("新");
      writeKeyFile(loaded.file!, [newer, ...loaded.keys]);
      assert.equal(box.open(other), "新", "an unknown key id re-reads the file");
      assert.deepEqual(box.keyring.all().map((k) => k.id), [keyIdOf(newer), first]);
      assert.match(box.seal("x"), new RegExp(`^v2\\.${keyIdOf(newer)}\\.`));
      writeFileSync(loaded.file!, "not a key\n");
      box.keyring.refresh(true);
      assert.equal(box.keyring.active.id, keyIdOf(newer), "a broken file keeps the keys held");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes several keys from ESSD_MASTER_KEY, comma- or space-separated, the active first", () => {
    const { keys } = loadMasterKeys(`${newer.toString("hex")}, ${older.toString("base64")}\n`, "/nonexistent");
    assert.deepEqual(keys.map(keyIdOf), [keyIdOf(newer), keyIdOf(older)]);
    assert.throws(() => loadMasterKeys("abcd", "/nonexistent"), /32-byte/);
  });
});
