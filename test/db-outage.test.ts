import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { openPostgresStore } from "../src/store/postgres.ts";
import { startEssd, type Harness } from "./support/harness.ts";
import { eventually } from "./support/eventually.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { controlCall } from "./support/control-request.ts";
import { signedCall } from "./support/signed-request.ts";
import { TcpProxy } from "./support/tcp-proxy.ts";

const TIMEOUT_MS = 1_000;
// Only a guard against a hang: a call that essd's database timeout does not end would wait for the TCP stack (hours
// for a stalled peer). How long calls take is printed as a diagnostic, never asserted (no timings in tests).
const HANG_GUARD_MS = 30_000;

describe("a PostgreSQL outage under load", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let h: Harness;

  before(async () => {
    database = await createTestDatabase("outage");
    const target = new URL(database.url);
    proxy = await new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }).listen();
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    h = await startEssd({ store: openPostgresStore(viaProxy.toString(), { poolSize: 4, timeoutMs: TIMEOUT_MS }) });
  });
  after(async () => {
    await h.close();
    await proxy.close();
    await database.drop();
  });

  let mobile = 13_900_000_000;
  const addEmployee = async () => {
    const started = Date.now();
    const { json } = await signedCall({
      url: h.url,
      secretId: h.tenant.SecretId,
      secretKey: h.tenant.SecretKey,
      action: "CreateIntegrationEmployees",
      body: { Operator: { UserId: h.tenant.OperatorUserId }, Employees: [{ DisplayName: "王五", Mobile: String(mobile++) }], InvitationNotifyType: "NONE" },
    });
    return { response: json.Response, ms: Date.now() - started };
  };
  const acknowledged: string[] = [];
  const load = async (calls: number) => {
    const results = await Promise.all(Array.from({ length: calls }, addEmployee));
    for (const r of results) {
      const id = r.response.CreateEmployeeResult?.SuccessEmployeeData?.[0]?.UserId;
      if (id) acknowledged.push(id);
    }
    return results;
  };

  it("answers InternalError.Db while connections are cut, and /healthz says so", async (t) => {
    const before = await load(20);
    assert.ok(before.every((r) => r.response.CreateEmployeeResult), "all succeed before the cut");
    const inFlight = load(20);
    proxy.cut();
    const during = [...(await inFlight), ...(await load(20))];
    const failed = during.filter((r) => r.response.Error);
    assert.ok(failed.length > 0, "the cut is felt");
    for (const r of failed) {
      assert.equal(r.response.Error.Code, "InternalError.Db", JSON.stringify(r.response));
      assert.ok(r.response.RequestId);
    }
    t.diagnostic(`slowest call during the cut: ${Math.max(...during.map((r) => r.ms))} ms`);
    assert.equal((await fetch(`${h.url}/healthz`)).status, 503);
    // The control API says the same, with its own status for the code.
    const control = await controlCall(h.url, h.tenant, "GET", "review-policy");
    assert.deepEqual([control.status, control.json.Error.Code], [503, "InternalError.Db"]);
    assert.match(control.json.Error.Message, /RequestId \S+/);
  });

  it("ends calls with InternalError.Db when the database stops answering, instead of hanging", { timeout: HANG_GUARD_MS }, async (t) => {
    proxy.stall();
    const during = await load(10);
    // An answer at all is the database timeout at work: a stalled connection never answers or closes by itself.
    for (const r of during) assert.equal(r.response.Error?.Code, "InternalError.Db", JSON.stringify(r.response));
    t.diagnostic(`slowest call while the database stalls: ${Math.max(...during.map((r) => r.ms))} ms (timeout ${TIMEOUT_MS} ms)`);
  });

  it("recovers by itself, and every acknowledged call is still there", async () => {
    proxy.restore();
    // The pool reconnects on its own time: a call that answers again is the observable recovery.
    await eventually("essd to answer again", async () => !(await load(1))[0]!.response.Error, 15_000);
    assert.equal((await fetch(`${h.url}/healthz`)).status, 200);
    const listed = new Set<string>();
    for (let offset = 0; ; offset += 20) {
      const { json } = await signedCall({
        url: h.url,
        secretId: h.tenant.SecretId,
        secretKey: h.tenant.SecretKey,
        action: "DescribeIntegrationEmployees",
        body: { Operator: { UserId: h.tenant.OperatorUserId }, Offset: offset, Limit: 20 },
      });
      for (const e of json.Response.Employees) listed.add(e.UserId);
      if (json.Response.Employees.length < 20) break;
    }
    const missing = acknowledged.filter((id) => !listed.has(id));
    assert.deepEqual(missing, [], "acknowledged employees lost");
    assert.ok(acknowledged.length >= 21);
  });
});
