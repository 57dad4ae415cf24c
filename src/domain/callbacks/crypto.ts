import { createCipheriv, createHmac } from "node:crypto";

/**
 * The callback wire format of reference §7.1: AES-256-CBC with the CallbackUrlKey's UTF-8 bytes as the key and
 * its first 16 bytes as the IV, PKCS#7 padding (Node's default), standard Base64. The fixed IV is Tencent's
 * choice, not ours; receivers decrypt exactly this way, so essd must encrypt exactly this way.
 */
export function encryptCallback(key: string, json: string): string {
  const keyBytes = Buffer.from(key, "utf8");
  const cipher = createCipheriv("aes-256-cbc", keyBytes, keyBytes.subarray(0, 16));
  return Buffer.concat([cipher.update(json, "utf8"), cipher.final()]).toString("base64");
}

/** The `Content-Signature` header: `sha256=` and the lowercase hex HMAC-SHA256 of the raw body under the token. */
export function signCallback(token: string, body: string): string {
  return `sha256=${createHmac("sha256", token).update(body, "utf8").digest("hex")}`;
}

/** The request body: `{"encrypt": …}` when a key is configured, else the message itself ("去掉即为关闭…发送明文"). */
export function callbackBody(messageJson: string, key: string | null): string {
  return key === null ? messageJson : JSON.stringify({ encrypt: encryptCallback(key, messageJson) });
}

/** AES-256 takes a 32-byte key and the wire takes its UTF-8 bytes, so exactly 32 printable ASCII characters. */
export const isCallbackKey = (key: string): boolean => /^[\x21-\x7e]{32}$/.test(key);
