/**
 * The stack's floor for an API call: the least any essd action must do, on the libraries essd is built on, with
 * nothing of essd's own. node:http (essd answers signed calls before fastify), the whole body read, a
 * TC3-HMAC-SHA256 check done the cheapest known way (signing key cached per SecretId and date, one-shot
 * `crypto.hash`, `timingSafeEqual`), the body parsed, then ONE statement, then a small JSON answer with a fresh
 * RequestId.
 *
 *   node scripts/bench/floor.mjs sqlite-insert|sqlite-select|pg-insert|tc3|page   (env FLOOR_SECRET_ID, FLOOR_SECRET_KEY,
 *   FLOOR_DATA_DIR for SQLite, FLOOR_DATABASE_URL for PostgreSQL, FLOOR_PAGE_BYTES for the page)
 *
 * `tc3` does everything but the statement: the ceiling of any signed call that reads or writes nothing at all.
 *
 * `page` is the floor of a signed-in admin page instead: fastify with @fastify/cookie, a session cookie checked
 * by HMAC, one SELECT of three rows, and an HTML document of FLOOR_PAGE_BYTES (the size of essd's page) with the
 * rows escaped into it.
 *
 * Measured beside the bare server in the same rounds, its ratio is a ceiling for every scenario's ratio: an
 * action that does this and more cannot beat it. Plain JavaScript so it loads no TypeScript hook.
 */
import { createHmac, hash, randomUUID, timingSafeEqual } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";

const mode = process.argv[2];
const secretId = process.env.FLOOR_SECRET_ID;
const secretKey = process.env.FLOOR_SECRET_KEY;
if (!secretId || !secretKey) throw new Error("FLOOR_SECRET_ID and FLOOR_SECRET_KEY are required");

const statement = await openStatement(mode);
const signingKeys = new Map();

function signingKey(date, service) {
  const cacheKey = `${date}/${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    const dateKey = createHmac("sha256", `TC3${secretKey}`).update(date).digest();
    const serviceKey = createHmac("sha256", dateKey).update(service).digest();
    key = createHmac("sha256", serviceKey).update("tc3_request").digest();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

const AUTHORIZATION = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

/** True when the request carries a valid TC3 signature of this body by the one known key. */
function verified(request, body) {
  const match = AUTHORIZATION.exec(request.headers.authorization ?? "");
  if (!match || match[1] !== secretId) return false;
  const [, , date, service, signedHeaders, signature] = match;
  const timestamp = request.headers["x-tc-timestamp"];
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const names = signedHeaders.split(";");
  const canonicalHeaders = names.map((name) => `${name}:${String(request.headers[name] ?? "").trim().toLowerCase()}\n`).join("");
  const canonicalRequest = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${hash("sha256", body)}`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${hash("sha256", canonicalRequest)}`;
  const expected = createHmac("sha256", signingKey(date, service)).update(stringToSign).digest();
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

async function openStatement(which) {
  if (which === "sqlite-insert" || which === "sqlite-select" || which === "page") {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(join(process.env.FLOOR_DATA_DIR ?? mkdtempSync(join(tmpdir(), "essd-floor-")), "floor.db"));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec("CREATE TABLE calls (id INTEGER PRIMARY KEY, request_id TEXT NOT NULL, action TEXT NOT NULL, body TEXT NOT NULL)");
    for (let i = 0; i < 3; i++) db.prepare("INSERT INTO calls (request_id, action, body) VALUES ('seed', 'seed', '{}')").run();
    if (which === "sqlite-insert") {
      const insert = db.prepare("INSERT INTO calls (request_id, action, body) VALUES (?, ?, ?)");
      return async (requestId, action, body) => insert.run(requestId, action, body);
    }
    if (which === "page") {
      const three = db.prepare("SELECT request_id, action, body FROM calls WHERE id <= 3 ORDER BY id");
      return async () => three.all();
    }
    const select = db.prepare("SELECT request_id, action, body FROM calls WHERE id = ?");
    return async () => select.get(1);
  }
  if (which === "tc3") return async () => undefined;
  if (which === "pg-insert") {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });
    await pool.query("CREATE TABLE IF NOT EXISTS floor_calls (id bigserial PRIMARY KEY, request_id text NOT NULL, action text NOT NULL, body jsonb NOT NULL)");
    return (requestId, action, body) => pool.query({ name: "floor-insert", text: "INSERT INTO floor_calls (request_id, action, body) VALUES ($1, $2, $3)", values: [requestId, action, body] });
  }
  throw new Error(`unknown floor mode ${which}: sqlite-insert, sqlite-select, pg-insert, tc3 or page`);
}

/** The API floors answer on node:http itself, as essd's API fast lane does (src/app/api-fast-lane.ts). */
function apiServer() {
  return createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks);
      const requestId = randomUUID();
      let status = 200;
      let answer;
      if (verified(request, body)) {
        const params = JSON.parse(body.toString("utf8"));
        await statement(requestId, String(request.headers["x-tc-action"]), JSON.stringify(params));
        answer = { Response: { AuthUrl: `http://127.0.0.1/floor/${requestId}`, ErrorMessages: [], ExpireTime: 0, RequestId: requestId } };
      } else {
        // A status the load driver counts as an error, so a floor that measured refusals is seen to be wrong.
        status = 401;
        answer = { Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: "bad signature" }, RequestId: requestId } };
      }
      const json = JSON.stringify(answer);
      response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
      response.end(json);
    });
  });
}

let address;
if (mode === "page") {
  // essd's pages are fastify's: the page floor is too.
  const app = Fastify({ logger: false });
  const { default: cookie } = await import("@fastify/cookie");
  await app.register(cookie);
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const filler = `<style>${".x{color:#333}".repeat(Math.max(0, Math.floor((Number(process.env.FLOOR_PAGE_BYTES ?? 9000) - 600) / 13)))}</style>`;
  app.get("/h5/auth/:token", async (request, reply) => {
    const [value, mac] = String(request.cookies.floor_session ?? "").split(".");
    const expected = createHmac("sha256", secretKey).update(value ?? "").digest("base64url");
    if (!mac || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return reply.code(401).send("signed out");
    const rows = (await statement()).map((row) => `<li>${escape(row.request_id)} ${escape(row.action)} ${escape(row.body)}</li>`);
    reply.header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").header("x-frame-options", "DENY");
    return reply.send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(request.params.token)}</title>${filler}</head><body><ul>${rows.join("")}</ul></body></html>`);
  });
  address = await app.listen({ port: 0, host: "127.0.0.1" });
} else {
  const server = apiServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  address = `http://127.0.0.1:${server.address().port}`;
}
console.log(`floor ${mode} on ${address}`);
// Exit, not die, on the bench's SIGTERM, so that `--cpu-prof` writes its profile.
process.on("SIGTERM", () => process.exit(0));
