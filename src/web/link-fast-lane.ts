/**
 * The two routes every scanned QR code and tapped SMS hits, `/s/<code>` and a batch link's QR image, answered on
 * the node:http server before fastify: for an answer this small, fastify's request lifecycle (request and reply
 * objects, a child logger, the page scope's hooks and cookie parser, schema validation) costs more than the
 * answer itself. Only the plain case is answered here: GET or HEAD without a body, a path of letters and digits
 * and nothing else (no query to validate, no escapes to decode), a link that redirects or an image, while the node
 * is not stopping. Everything else (an unknown or expired link, a query, a store error) is handed to fastify as it
 * came, and its routes (link-pages.ts) answer as always. Both ways answer from link-answers.ts with the same
 * headers; link-fast-lane.test.ts holds them side by side.
 */
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from "node:http";
import type { DomainDeps } from "../domain/deps.ts";
import { QR_IMAGE_PATH } from "../domain/registration/urls.ts";
import { linkAnswers } from "./link-answers.ts";

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** What the runtime's stop() sets (src/app/build-app.ts): from then on fastify answers everything. */
export interface StoppingFlag {
  readonly stopping: boolean;
}

const MAX_CODE = 64;
const SHORT_LINK = new RegExp(`^/s/([0-9A-Za-z]{1,${MAX_CODE}})$`);
if (!QR_IMAGE_PATH.endsWith("/:file") || /[^a-z_/:]/.test(QR_IMAGE_PATH)) throw new Error(`QR_IMAGE_PATH changed shape: ${QR_IMAGE_PATH}`);
const QR_IMAGE = new RegExp(`^${QR_IMAGE_PATH.slice(0, -":file".length)}([0-9A-Za-z]{1,${MAX_CODE}})(?:\\.png)?$`);

/**
 * `fastify`, with the fast lane in front: answers the plain case itself, hands everything else over. A request is
 * handed over untouched (its body unread), so fastify sees it exactly as it would have.
 */
export function withLinkFastLane(deps: DomainDeps, gate: StoppingFlag, fastify: RequestListener): RequestListener {
  const answers = linkAnswers(deps);

  // `headers` are shared by every answer of a link (node reads them, never writes them).
  const send = (res: ServerResponse, status: number, headers: Readonly<OutgoingHttpHeaders>, body?: Buffer) => {
    // As fastify's onSend hook does: an answer given while the node stops closes its connection.
    res.writeHead(status, gate.stopping ? { ...headers, connection: "close" } : (headers as OutgoingHttpHeaders));
    res.end(body);
    return true;
  };

  /** Answers the request, or says (false, or no promise at all) that fastify must. */
  const answer = (req: IncomingMessage, res: ServerResponse): Promise<boolean> | undefined => {
    if (gate.stopping || (req.method !== "GET" && req.method !== "HEAD")) return undefined;
    if (req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined) return undefined;
    const url = req.url ?? "";
    const short = SHORT_LINK.exec(url);
    if (short) {
      return answers.shortLink(short[1]!).then((a) => a.state === "redirect" && send(res, 302, a.headers));
    }
    const qr = QR_IMAGE.exec(url);
    if (qr) {
      return answers.qrImage(qr[1]!).then((a) => a.state === "image" && send(res, 200, a.headers, a.png));
    }
    return undefined;
  };

  return (req, res) => {
    const answering = answer(req, res);
    if (!answering) return fastify(req, res);
    answering.then(
      (answered) => answered || fastify(req, res),
      // A store error: fastify's route meets it too, and answers and logs it as every page's error is.
      () => res.headersSent || fastify(req, res),
    );
  };
}

/** Puts `lane` in front of the server's one request listener (fastify's, or a lane already in front of it). */
export function inFrontOf(server: Server, lane: (next: RequestListener) => RequestListener): void {
  const listeners = server.listeners("request") as RequestListener[];
  if (listeners.length !== 1) throw new Error(`expected one request listener, found ${listeners.length}`);
  server.removeListener("request", listeners[0]!);
  server.on("request", lane(listeners[0]!));
}

/** Puts the fast lane in front of the one request listener fastify set on its server. */
export function installLinkFastLane(server: Server, deps: DomainDeps, gate: StoppingFlag): void {
  inFrontOf(server, (fastify) => withLinkFastLane(deps, gate, fastify));
}
