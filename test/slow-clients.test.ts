/**
 * Slow and stuck clients (the settings `--headers-timeout-ms`, `--request-timeout-ms`, `--keep-alive-timeout-ms`,
 * `--max-requests-per-socket`, `--max-connections`, made short here): a slowloris client trickling its headers is
 * cut off and starves no one, a body that trickles is cut off, idle keep-alive connections are closed, and one
 * connection carries a bounded number of requests.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { startEssd, type Harness } from "./support/harness.ts";
import { eventually } from "./support/eventually.ts";

const CAP = 24;
let h: Harness;
let port: number;

before(async () => {
  h = await startEssd({
    autoWork: false,
    settings: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, keepAliveTimeoutMs: 500, maxRequestsPerSocket: 3, maxConnections: CAP },
  });
  port = Number(new URL(h.url).port);
});
after(() => h.close());

interface Slow {
  socket: net.Socket;
  received: string;
  closed: boolean;
}

/** A connection that sends `opening`, then `drip` every 100 ms until essd closes it. */
function slowClient(opening: string, drip: string): Promise<Slow> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const slow: Slow = { socket, received: "", closed: false };
    let timer: NodeJS.Timeout | undefined;
    socket.on("connect", () => {
      socket.write(opening);
      timer = setInterval(() => socket.writable && socket.write(drip), 100);
      resolve(slow);
    });
    socket.on("data", (chunk) => (slow.received += chunk.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(timer);
      slow.closed = true;
    });
  });
}

const healthy = () => fetch(`${h.url}/healthz`).then((r) => r.status).catch(() => 0);

describe("slow and stuck clients", () => {
  it("a slowloris client trickling its headers is cut off; others are served meanwhile", async () => {
    const slow = await Promise.all(Array.from({ length: CAP / 2 }, () => slowClient("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", "X-Slow: 1\r\n")));
    assert.equal(await healthy(), 200, "served while the slow clients are connected");
    await eventually("every slowloris connection closed by essd", () => slow.every((s) => s.closed));
    assert.ok(slow.every((s) => !s.received || s.received.startsWith("HTTP/1.1 408")), slow.map((s) => s.received.slice(0, 40)).join(" | "));
  });

  it("filling the connection cap with slowloris clients delays others only until their headers time out", async () => {
    const slow = await Promise.all(Array.from({ length: CAP }, () => slowClient("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", "X-Slow: 1\r\n")));
    // Beyond the cap essd closes new connections; once the trickling ones are cut off there is room again.
    assert.equal(await eventually("a request served despite the slow clients", async () => ((await healthy()) === 200 ? 200 : 0)), 200);
    await eventually("the slow clients cut off", () => slow.every((s) => s.closed));
  });

  it("a body that trickles in is cut off with 408", async () => {
    const slow = await slowClient("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", " ");
    await eventually("the trickling body cut off", () => slow.closed);
    assert.ok(slow.received === "" || slow.received.startsWith("HTTP/1.1 408"), slow.received.slice(0, 80));
    assert.equal(await healthy(), 200);
  });

  it("an idle keep-alive connection is closed, and one connection carries at most --max-requests-per-socket requests", async () => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    let closed = false;
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("close", () => (closed = true));
    await new Promise((resolve) => socket.on("connect", resolve));
    const request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    for (let n = 1; n <= 3; n++) {
      socket.write(request);
      await eventually(`answer ${n}`, () => received.split("HTTP/1.1 200").length - 1 === n);
    }
    assert.match(received.slice(received.lastIndexOf("HTTP/1.1 200")), /\r\nConnection: close\r\n/i, "the third answer closes the connection");
    await eventually("the connection closed after its third request", () => closed);

    const idle = net.connect(port, "127.0.0.1");
    let idleAnswered = "";
    let idleClosed = false;
    idle.on("data", (chunk) => (idleAnswered += chunk.toString("latin1")));
    idle.on("close", () => (idleClosed = true));
    idle.write(request);
    await eventually("an answer", () => idleAnswered.includes("HTTP/1.1 200"));
    assert.match(idleAnswered, /Keep-Alive: timeout=\d/i);
    await eventually("the idle keep-alive connection closed by essd", () => idleClosed);
  });
});
