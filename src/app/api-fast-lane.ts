/**
 * The signed API call, `POST /` with a JSON body of a stated length, read and answered on the node:http server
 * before fastify. Every SDK sends exactly this, and for it fastify's request lifecycle (request and reply objects, a
 * child logger, routing, the content-type parser, hooks) only carries the bytes to runApiRequest. Everything else
 * (GET, form-encoded v1 calls, chunked or oversized bodies, a node that is stopping) goes to fastify untouched, and
 * its API route answers through the same pipeline and the same writer (build-app.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { SIZE_LIMITS } from "../protocol/pipeline.ts";
import type { RequestListener, StoppingFlag } from "../web/link-fast-lane.ts";

/** Answers a call whose whole body has arrived. */
export type CallAnswerer = (req: IncomingMessage, res: ServerResponse, body: Buffer, startedAt: bigint) => void;

/** Whether the request is the plain signed call this lane answers (before any of its body is read). */
function isPlainCall(req: IncomingMessage, gate: StoppingFlag): boolean {
  if (gate.stopping || req.method !== "POST" || req.url !== "/") return false;
  if (req.headers["transfer-encoding"] !== undefined) return false;
  const length = Number(req.headers["content-length"]);
  if (!(length >= 0 && length <= SIZE_LIMITS.v3Post)) return false;
  // What the SDKs send; any other spelling (a list, odd parameters) is fastify's parser's to judge.
  return PLAIN_JSON.test(req.headers["content-type"] ?? "");
}

const PLAIN_JSON = /^application\/json(?:; ?charset=utf-8)?$/i;

export function withApiFastLane(gate: StoppingFlag, answer: CallAnswerer, onClientGone: (req: IncomingMessage, error: Error & { code?: string }) => void, next: RequestListener): RequestListener {
  return (req, res) => {
    if (!isPlainCall(req, gate)) return next(req, res);
    const startedAt = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => answer(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), startedAt));
    // The client went away mid-body: nobody is left to read an answer.
    req.on("error", (error) => {
      onClientGone(req, error);
      res.destroy();
    });
  };
}
