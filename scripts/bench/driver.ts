/**
 * The load generator: keep-alive TCP connections replaying one precomputed HTTP/1.1 request, timing each answer
 * with the monotonic clock in microseconds (autocannon's histogram rounds to whole milliseconds, which hides
 * every difference the budgets are about). It parses only what it must: the status line, Content-Length or a
 * chunked body. Closed-loop by default (each connection sends again as soon as it has an answer); with `rate`
 * the sends are paced to that many requests per second overall, and latency counts from the planned send time
 * so a stalled server is not hidden by the pacing (no coordinated omission).
 */
import { connect, type Socket } from "node:net";

export interface LoadRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  url: string;
  request: LoadRequest;
  connections: number;
  seconds: number;
  /** Requests per second overall; closed loop when absent. */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 2xx/3xx, and socket errors. */
  errors: number;
  /** The first unexpected status, to say what went wrong. */
  firstError?: string;
}

/** The request's bytes, addressed to `url`'s host. */
export function encodeRequest(url: string, request: LoadRequest): Buffer {
  const { host } = new URL(url);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `host: ${host}`, "connection: keep-alive"];
  for (const [name, value] of Object.entries(request.headers)) if (name.toLowerCase() !== "host") lines.push(`${name}: ${value}`);
  if (request.method === "POST") lines.push(`content-length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), body]);
}

const HEADER_END = Buffer.from("\r\n\r\n");

/** Splits a byte stream into HTTP responses; answers the status of each complete one. */
class ResponseReader {
  private buffer: Buffer = Buffer.alloc(0);
  private need: ({ status: number; bodyEnd: number } | { status: number; chunked: true; at: number }) & { close: boolean } | undefined;

  push(chunk: Buffer, onResponse: (status: number, close: boolean) => void): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (!this.need) {
        const end = this.buffer.indexOf(HEADER_END);
        if (end < 0) return;
        const head = this.buffer.toString("latin1", 0, end);
        const status = Number(head.slice(9, 12));
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        const close = /\r\nconnection:\s*close/i.test(head);
        if (length) this.need = { status, close, bodyEnd: end + 4 + Number(length[1]) };
        else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) this.need = { status, close, chunked: true, at: end + 4 };
        else this.need = { status, close, bodyEnd: end + 4 };
      }
      if ("bodyEnd" in this.need) {
        if (this.buffer.length < this.need.bodyEnd) return;
        this.buffer = this.buffer.subarray(this.need.bodyEnd);
      } else {
        // Chunked: walk size lines until the zero-size chunk and its trailing CRLF.
        let at = this.need.at;
        for (;;) {
          const lineEnd = this.buffer.indexOf("\r\n", at);
          if (lineEnd < 0) return;
          const size = parseInt(this.buffer.toString("latin1", at, lineEnd), 16);
          const next = lineEnd + 2 + size + 2;
          if (this.buffer.length < next) return;
          at = next;
          if (size === 0) break;
        }
        this.buffer = this.buffer.subarray(at);
      }
      const { status, close } = this.need;
      this.need = undefined;
      onResponse(status, close);
    }
  }
}

export function percentileOf(sorted: Float64Array | number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { hostname, port } = new URL(options.url);
  const bytes = encodeRequest(options.url, options.request);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const startedAt = performance.now();
  const endsAt = startedAt + options.seconds * 1000;
  const interval = options.rate ? 1000 / options.rate : 0;
  let nextSlot = startedAt;
  const sockets: Socket[] = [];

  // One client connection: a socket the server closes (keep-alive limits answer `connection: close`) is replaced,
  // as an HTTP client would, until the run ends.
  const connection = () =>
    new Promise<void>((resolve) => {
      const open = () => {
        const socket = connect({ host: hostname, port: Number(port), noDelay: true });
        sockets.push(socket);
        const reader = new ResponseReader();
        let sentAt = 0;
        let closing = false;
        const send = () => {
          const now = performance.now();
          if (now >= endsAt) return void socket.end();
          if (!interval) {
            sentAt = now;
            socket.write(bytes);
            return;
          }
          // Paced: take the next slot of the overall schedule; wait for it when it lies ahead.
          const slot = nextSlot;
          nextSlot += interval;
          if (slot >= endsAt) return void socket.end();
          const wait = slot - now;
          sentAt = slot;
          if (wait <= 0) return void socket.write(bytes);
          // A timer may fire before the slot (it counts from the event loop's cached clock): latency then counts
          // from the actual send, so an early send is not credited with the time it did not wait.
          setTimeout(() => {
            sentAt = Math.min(slot, performance.now());
            socket.write(bytes);
          }, wait);
        };
        socket.on("connect", send);
        socket.on("data", (chunk) =>
          reader.push(chunk, (status, close) => {
            latencies.push(performance.now() - sentAt);
            if (status < 200 || status >= 400) {
              errors++;
              firstError ??= `HTTP ${status}`;
            }
            if (close) {
              closing = true;
              socket.end();
            } else send();
          }),
        );
        socket.on("error", (error) => {
          errors++;
          firstError ??= error.message;
        });
        socket.on("close", () => {
          if (closing && performance.now() < endsAt) open();
          else resolve();
        });
      };
      open();
    });

  await Promise.all(Array.from({ length: options.connections }, connection));
  for (const socket of sockets) socket.destroy();
  const elapsed = (performance.now() - startedAt) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50Ms: percentileOf(sorted, 50),
    p99Ms: percentileOf(sorted, 99),
    errors,
    ...(firstError ? { firstError } : {}),
  };
}
