/**
 * Requests only a raw socket sends: truncated bodies, a Content-Length that lies, invalid UTF-8, duplicate and
 * oversized headers, every Content-Type, methods no SDK uses, broken chunked encoding, HTTP/1.0, garbage.
 * Each is sent with `Connection: close`; the answer is whatever comes back before essd closes the connection.
 */
import net from "node:net";
import type { Random } from "./random.ts";

export interface RawAnswer {
  /** The status line's code, or undefined when essd closed without answering (its answer to broken HTTP). */
  status?: number;
  text: string;
}

const CONTENT_TYPES = [
  "application/json", "application/json; charset=latin1", "APPLICATION/JSON", "application/x-www-form-urlencoded", "multipart/form-data",
  "multipart/form-data; boundary=", "multipart/form-data; boundary=x", "text/plain", "application/octet-stream", "application/xml", "*/*", "", ";;;", "application/json, text/html",
];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "QUERY", "CONNECT", "get", "P0ST", "SEARCH"];
const PATHS = ["/", "/?", "//", "/?Action=x", "/review/login", "/h5/auth/x", "/_essd/clock/advance", "/s/x", "/explorer/snippets", "*", "http://evil/", "/%", "/%ff", "/..%2f..%2f"];

/** One hostile request as bytes; the body may be cut short (the socket is then half-closed by the sender). */
export function rawRequest(random: Random): Buffer {
  const method = random.pick(METHODS);
  const path = random.pick(PATHS);
  const body = random.pick([Buffer.from('{"Operator":{"UserId":"x"}}'), Buffer.from([0xff, 0xfe, 0xfd, 0xc3, 0x28]), random.bytes(random.int(4_000)), Buffer.alloc(0), Buffer.from("a=1&a=2&%ff=%fe")]);
  const headers: string[] = [`Host: ${random.pick(["127.0.0.1", "", "a".repeat(300), "127.0.0.1:1, 127.0.0.1:2"])}`, "Connection: close"];
  const type = random.pick(CONTENT_TYPES);
  if (type) headers.push(`Content-Type: ${type}`);
  let declared = String(body.length);
  switch (random.int(12)) {
    case 0: declared = String(body.length + 1 + random.int(100)); break; // a body shorter than declared
    case 1: declared = String(Math.max(0, body.length - 1 - random.int(10))); break; // longer than declared
    case 2: declared = random.pick(["-1", "abc", "1e3", "99999999999999999999", " 5", "0x10"]); break;
    case 3: headers.push(`Content-Length: ${body.length}`); break; // given twice
    case 4: headers.push("Content-Type: text/plain", "Authorization: a", "Authorization: b", "X-TC-Action: A", "X-TC-Action: B"); break;
    case 5: headers.push(`X-Big: ${"a".repeat(random.pick([8_000, 70_000, 200_000]))}`); break;
    case 6: for (let i = 0; i < 300; i++) headers.push(`X-H${i}: ${i}`); break;
    case 7: headers.push("Transfer-Encoding: chunked"); declared = ""; break;
    case 8: headers.push("X-Bad: a\u0001b", "Bad Header: x"); break;
    case 9: headers.push("Authorization: TC3-HMAC-SHA256 Credential=, SignedHeaders=, Signature=", "X-TC-Timestamp: 1e309", "X-TC-Version: 2020-11-11"); break;
    case 10: headers.push("Expect: 100-continue", "Content-Encoding: gzip"); break;
    default: break;
  }
  if (declared) headers.push(`Content-Length: ${declared}`);
  const version = random.pick(["HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1 extra"]);
  const chunked = headers.includes("Transfer-Encoding: chunked");
  const payload = chunked ? Buffer.from(random.pick(["5\r\nab\r\n0\r\n\r\n", "zz\r\nab\r\n", "ffffffffffff\r\nab", "0\r\n\r\n"])) : body;
  const head = random.chance(0.02) ? random.bytes(200) : Buffer.from(`${method} ${path} ${version}\r\n${headers.join("\r\n")}\r\n\r\n`, "latin1");
  return Buffer.concat([head, payload]);
}

/** Sends `bytes`, half-closes, and collects what comes back until essd closes the connection (or `timeoutMs`). */
export function sendRaw(port: number, bytes: Buffer, timeoutMs: number): Promise<RawAnswer | "timeout"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, "127.0.0.1");
    const timer = setTimeout(() => {
      socket.destroy();
      resolve("timeout");
    }, timeoutMs);
    socket.on("connect", () => socket.end(bytes));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => {}); // a reset is one of essd's answers to garbage; what arrived before it counts
    socket.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("utf8");
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : undefined, text });
    });
  });
}
