import assert from "node:assert/strict";
import { createDecipheriv, createHmac, timingSafeEqual } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { when } from "./when.ts";

export interface ReceivedCallback {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status this request was answered with. */
  answered: number;
}

export interface Receiver {
  url: string;
  received: ReceivedCallback[];
  /** Resolves once `count` requests have arrived (at once if they have); fails after `timeoutMs`. */
  until(count: number, timeoutMs?: number): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

/** A callback receiver on 127.0.0.1 that answers the scripted statuses in turn (then 200) and keeps every request. */
export async function startReceiver(statuses: number[] = []): Promise<Receiver> {
  const script = [...statuses];
  const received: ReceivedCallback[] = [];
  const arrivals = new EventEmitter();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answered = script.shift() ?? 200;
      received.push({ method: req.method ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), answered });
      res.writeHead(answered, { "Content-Type": "text/plain" }).end(answered === 200 ? "ok" : "try again");
      arrivals.emit("request");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const until = (count: number, timeoutMs = 15_000) =>
    when(arrivals, "request", () => (received.length >= count ? received : undefined), {
      timeoutMs,
      failure: (reason) => `${received.length} of ${count} requests arrived: ${reason}`,
    });
  return {
    url: `http://127.0.0.1:${port}/ess/callback`,
    received,
    until,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * What an integrator's receiver does with a request, written from reference §7.1 rather than from essd's code:
 * check `Content-Signature` (HMAC-SHA256 of the raw body with the token), then AES-256-CBC-decrypt `encrypt`
 * (key = CallbackUrlKey, IV = its first 16 bytes, PKCS#7).
 */
export function openCallback(request: Pick<ReceivedCallback, "headers" | "body">, secrets: { key: string; token: string }): any {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secrets.token).update(request.body).digest("hex")}`);
  const given = Buffer.from(String(request.headers["content-signature"] ?? ""));
  assert.ok(given.length === expected.length && timingSafeEqual(given, expected), "Content-Signature verifies");
  const key = Buffer.from(secrets.key, "utf8");
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(JSON.parse(request.body).encrypt, "base64")), decipher.final()]).toString("utf8"));
}
