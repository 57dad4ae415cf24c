import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createDecipheriv, createHmac } from "node:crypto";
import { callbackBody, encryptCallback, isCallbackKey, signCallback } from "./crypto.ts";

const KEY = "0123456789ABCDEFabcdef0123456789"; // 32 ASCII characters, as the ESS console issues CallbackUrlKeys

/** Written as a receiver does it (Tencent's dispatcher, `decryptAES256CBC`): key bytes, IV = their first 16. */
function receiverDecrypt(key: string, encrypted: string): string {
  const keyBytes = Buffer.from(key);
  const decipher = createDecipheriv("aes-256-cbc", keyBytes, keyBytes.subarray(0, 16));
  return Buffer.concat([decipher.update(Buffer.from(encrypted, "base64")), decipher.final()]).toString("utf8");
}

describe("callback encryption and signature (reference §7.1)", () => {
  it("encrypts so that a receiver's AES-256-CBC decryption with IV = key[:16] gives the message back", () => {
    const message = JSON.stringify({ MsgId: "yD" + "0".repeat(30), MsgType: "OrganizationAuthorization", MsgVersion: "CustomApp", MsgData: { OrganizationName: "示例科技有限公司（深圳）" } });
    const encrypted = encryptCallback(KEY, message);
    assert.match(encrypted, /^[A-Za-z0-9+/]+={0,2}$/, "standard Base64");
    assert.equal(receiverDecrypt(KEY, encrypted), message);
    assert.throws(() => receiverDecrypt("X" + KEY.slice(1), encrypted), "another key does not decrypt it");
  });

  it("pads with PKCS#7: a message of whole blocks gets one full block of 0x10", () => {
    const keyBytes = Buffer.from(KEY);
    const decipher = createDecipheriv("aes-256-cbc", keyBytes, keyBytes.subarray(0, 16)).setAutoPadding(false);
    const raw = Buffer.concat([decipher.update(Buffer.from(encryptCallback(KEY, "a".repeat(32)), "base64")), decipher.final()]);
    assert.equal(raw.length, 48);
    assert.deepEqual(raw.subarray(32), Buffer.alloc(16, 0x10));
  });

  it("wraps ciphertext as {\"encrypt\": …} and sends plaintext JSON when no key is configured", () => {
    const message = '{"MsgId":"m"}';
    const body = JSON.parse(callbackBody(message, KEY));
    assert.deepEqual(Object.keys(body), ["encrypt"]);
    assert.equal(receiverDecrypt(KEY, body.encrypt), message);
    assert.equal(callbackBody(message, null), message);
  });

  it("signs the raw body as sha256=<lowercase hex HMAC-SHA256(token, body)>", () => {
    // RFC-style known vector, so the header is checked against a value not computed by the code under test.
    assert.equal(signCallback("key", "The quick brown fox jumps over the lazy dog"), "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    const body = callbackBody('{"MsgId":"m"}', KEY);
    assert.equal(signCallback("tok", body), `sha256=${createHmac("sha256", "tok").update(body).digest("hex")}`);
  });

  it("accepts only keys of exactly 32 ASCII characters", () => {
    assert.equal(isCallbackKey(KEY), true);
    assert.equal(isCallbackKey(KEY.slice(1)), false);
    assert.equal(isCallbackKey(KEY + "x"), false);
    assert.equal(isCallbackKey("密".repeat(32)), false, "32 characters but 96 bytes");
    assert.equal(isCallbackKey(" ".repeat(32)), false);
  });
});
