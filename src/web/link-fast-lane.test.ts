/**
 * The fast lane (link-fast-lane.ts) answers a short link's redirect and a QR image before fastify: exactly as
 * fastify's routes do, only for the plain case, and hands everything else over untouched.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { issueLink, type IssuedLink } from "../domain/links.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { QR_IMAGE_PATH } from "../domain/registration/urls.ts";
import { ManualClock } from "../platform/clock.ts";
import { pathWith } from "../platform/url.ts";
import { withLinkFastLane, type RequestListener } from "./link-fast-lane.ts";

const DAY = 86_400_000;
const qrPath = (link: IssuedLink, suffix = ".png") => pathWith(QR_IMAGE_PATH, { file: `${link.token}${suffix}` });
const issue = (h: Harness, kind = "batch-authorization", ttlMs = DAY) =>
  issueLink(h.domain, { kind, organizationId: h.tenant.OrganizationId, target: { subTaskIds: [] }, ttlMs });

/** What a client sees of an answer, without what differs by the moment or the connection. */
function comparable(status: number, headers: Record<string, string>, body: Buffer) {
  const { date: _date, connection: _connection, "keep-alive": _keepAlive, ...rest } = headers;
  return { status, headers: rest, body: body.toString("base64") };
}

describe("the link fast lane", () => {
  const clock = new ManualClock(Date.parse("2026-03-02T02:00:00Z"));
  let h: Harness;
  before(async () => (h = await startEssd({ clock })));
  after(() => h.close());

  it("answers a redirect and a QR image (GET and HEAD) exactly as fastify's routes do", async () => {
    const link = await issue(h);
    for (const path of [`/s/${link.shortCode}`, qrPath(link), qrPath(link, "")]) {
      for (const method of ["GET", "HEAD"] as const) {
        const lane = await fetch(`${h.url}${path}`, { method, redirect: "manual" });
        // inject() never meets the server's request listener: this is fastify's route.
        const route = await h.app.inject({ method, url: path });
        const headers = Object.fromEntries(lane.headers);
        assert.deepEqual(
          comparable(lane.status, headers, Buffer.from(await lane.arrayBuffer())),
          comparable(route.statusCode, route.headers as Record<string, string>, route.rawPayload),
          `${method} ${path}`,
        );
        assert.ok([200, 302].includes(lane.status));
      }
    }
  });

  describe("what it answers itself and what it hands over", () => {
    const gate = { stopping: false };
    let server: Server;
    let base: string;
    let handedOver: string[] = [];
    // The lane under test reads through `deps`, which a test may swap for a store that misbehaves.
    let deps: DomainDeps;
    before(async () => {
      deps = h.domain;
      // Whatever reaches "fastify" here is answered 599, so the answer says which way it went.
      const fastify: RequestListener = (req, res) => {
        handedOver.push(`${req.method} ${req.url}`);
        res.writeHead(599).end();
      };
      server = createServer((req, res) => withLinkFastLane(deps, gate, fastify)(req, res));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const status = async (path: string, init: RequestInit = {}) => {
      handedOver = [];
      const response = await fetch(`${base}${path}`, { redirect: "manual", ...init });
      await response.arrayBuffer();
      return response;
    };
    /** A GET with a body, which fetch() will not send. */
    const getWithBody = (path: string) =>
      new Promise<number>((resolve, reject) => {
        handedOver = [];
        const req = request(`${base}${path}`, { method: "GET", headers: { "content-type": "text/plain", "content-length": "2" } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on("error", reject);
        req.end("{}");
      });

    it("answers the plain case itself", async () => {
      const link = await issue(h);
      assert.equal((await status(`/s/${link.shortCode}`)).status, 302);
      assert.equal((await status(`/s/${link.shortCode}`, { method: "HEAD" })).status, 302);
      const image = await status(qrPath(link));
      assert.equal(image.status, 200);
      assert.equal(image.headers.get("content-type"), "image/png");
      assert.equal((await status(qrPath(link, ""))).status, 200);
      assert.deepEqual(handedOver, []);
    });

    it("hands over what fastify must answer or check", async () => {
      const link = await issue(h);
      const expiring = await issue(h, "batch-authorization", 1_000);
      const invitation = await issue(h, "employee-invitation");
      clock.advance(2_000);
      const cases: Array<[string, RequestInit?]> = [
        ["/s/ZZZZZZZZZZ"], // unknown
        [`/s/${expiring.shortCode}`], // expired: fastify's 410 page
        [qrPath(expiring)],
        [`/s/${link.shortCode}?lang=en`], // a query to validate
        [`/s/${link.shortCode}/`],
        [`/s/%41${link.shortCode}`],
        [`/s/${link.token}`], // a token is no short code
        [qrPath(invitation)], // only batch links have QR images
        [`${qrPath(link)}?x=1`],
        [`/s/${link.shortCode}`, { method: "POST" }],
        [`/S/${link.shortCode}`],
        ["/"],
      ];
      for (const [path, init] of cases) {
        assert.equal((await status(path, init)).status, 599, `${init?.method ?? "GET"} ${path} was answered by the lane`);
        assert.equal(handedOver.length, 1);
      }
      assert.equal(await getWithBody(`/s/${link.shortCode}`), 599);
    });

    it("hands everything over while the node stops, and closes the connection of an answer given meanwhile", async () => {
      const link = await issue(h);
      gate.stopping = true;
      try {
        assert.equal((await status(`/s/${link.shortCode}`)).status, 599);
      } finally {
        gate.stopping = false;
      }
      // The node starts stopping while the link is read: the answer goes out, closing its connection.
      const real = deps;
      deps = { ...real, store: { ...real.store, getAliasedLink: (code) => ((gate.stopping = true), real.store.getAliasedLink(code)) } };
      try {
        const response = await status(`/s/${link.shortCode}`);
        assert.equal(response.status, 302);
        assert.equal(response.headers.get("connection"), "close");
      } finally {
        gate.stopping = false;
        deps = real;
      }
    });

    it("hands a store error over (fastify's route answers and logs it)", async () => {
      const link = await issue(h);
      const real = deps;
      deps = { ...real, store: { ...real.store, getAliasedLink: () => Promise.reject(new Error("store down")) } };
      try {
        assert.equal((await status(`/s/${link.shortCode}`)).status, 599);
        assert.deepEqual(handedOver, [`GET /s/${link.shortCode}`]);
      } finally {
        deps = real;
      }
    });
  });
});
