import { describe, it, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createDecipheriv } from "node:crypto";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { configureCallback, emitCallback, listCallbackDeliveries, resendCallback, signCallback, CALLBACK_RETRY_WINDOW_MS } from "../domain/callbacks/index.ts";
import { authorizeOperator, type ActingContext } from "../domain/operators.ts";
import { clearAuthFlows } from "../domain/registration/clear-flows.ts";
import { createRegistrationTask } from "../domain/registration/tasks.ts";
import { createTenant } from "../domain/tenants.ts";
import { ManualClock } from "../platform/clock.ts";
import { sequentialIds } from "../platform/ids.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { driveTwoRetriesToAcceptance } from "../../test/support/retry-schedule.ts";
import { startReceiver } from "../../test/support/callback-receiver.ts";
import { CallbackWorker } from "./callback-worker.ts";
import { RegistrationWorker } from "./registration-worker.ts";

const NOW = Date.parse("2026-11-24T08:00:00Z");
const KEY = "abcdefghijklmnopqrstuvwxyz012345";
const TOKEN = "签名令牌-token";
const HOUR = 3_600_000;

const decrypt = (body: string) => {
  const key = Buffer.from(KEY);
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(JSON.parse(body).encrypt, "base64")), decipher.final()]).toString("utf8"));
};

describe("callback delivery", () => {
  let domain: DomainDeps;
  let clock: ManualClock;
  let orgId: string;
  let acting: ActingContext;
  let worker: CallbackWorker;
  const closers: Array<() => Promise<void>> = [];

  const receiver = async (statuses: number[] = []) => {
    const r = await startReceiver(statuses);
    closers.push(r.close);
    return r;
  };
  const log = async () => (await listCallbackDeliveries(domain, orgId))[0];

  beforeEach(async () => {
    clock = new ManualClock(NOW);
    domain = await openDomain(loadConfig({ logLevel: "silent" }, {}), { store: openSqliteStore(":memory:"), clock, ids: sequentialIds() });
    const tenant = await createTenant(domain, { name: "回调测试有限公司" });
    orgId = tenant.OrganizationId;
    acting = await authorizeOperator(domain, orgId, tenant.OperatorUserId);
    worker = new CallbackWorker(domain);
  });
  afterEach(async () => {
    await worker.stop();
    for (const close of closers.splice(0)) await close();
    await domain.store.close();
  });

  it("a receiver that fails twice then succeeds gets exactly one accepted delivery; the log shows three attempts", async () => {
    const r = await receiver([500, 500, 200]);
    await configureCallback(domain, orgId, { url: r.url, key: KEY, token: TOKEN });
    const msgId = await emitCallback(domain, orgId, "OrganizationAuthorization", { AuthorizationId: "a1" });
    assert.ok(msgId);

    await driveTwoRetriesToAcceptance(worker, clock, CALLBACK_RETRY_WINDOW_MS);

    assert.deepEqual(r.received.map((x) => x.answered), [500, 500, 200]);
    assert.equal(r.received.filter((x) => x.answered === 200).length, 1, "exactly one accepted delivery");
    for (const request of r.received) {
      assert.equal(request.method, "POST");
      assert.equal(request.headers["content-type"], "application/json");
      assert.equal(request.headers["content-signature"], signCallback(TOKEN, request.body));
      assert.equal(decrypt(request.body).MsgId, msgId, "every attempt carries the same MsgId");
    }
    const delivery = await log();
    assert.deepEqual([delivery.id, delivery.state, delivery.deliveredAt, delivery.lastStatus], [msgId, "delivered", NOW + 30_000, 200]);
    assert.deepEqual(
      delivery.attemptLog.map((a) => [a.attempt, a.at, a.httpStatus, a.error, a.url]),
      [
        [1, NOW, 500, "HTTP 500", r.url],
        [2, NOW + 10_000, 500, "HTTP 500", r.url],
        [3, NOW + 30_000, 200, null, r.url],
      ],
    );
  });

  it("retries for 24 h with doubling delays capped at an hour, makes a last attempt at the window's end, then fails", async () => {
    const r = await receiver(Array(100).fill(503));
    await configureCallback(domain, orgId, { url: r.url });
    await emitCallback(domain, orgId, "OrgAuthorizationFileInvalid", { Reason: "test" });
    for (let i = 0; i < 100 && (await worker.runOnce()) > 0; i++) {
      const d = await domain.store.getCallbackDelivery((await log()).id);
      if (d?.state === "pending") clock.set(d.nextAttemptAt);
    }
    const delivery = await log();
    assert.equal(delivery.state, "failed");
    const times = delivery.attemptLog.map((a) => a.at - NOW);
    assert.deepEqual(times.slice(0, 4), [0, 10_000, 30_000, 70_000]);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    assert.ok(gaps.every((g) => g <= HOUR), "no gap over an hour");
    assert.equal(times.at(-1), CALLBACK_RETRY_WINDOW_MS, "the last attempt is at the end of the 24 h window");
    assert.equal(r.received.length, delivery.attemptLog.length, "every request is logged");
    // 9 doubling gaps (10 s … 2560 s, 5110 s in all), 22 hourly ones, and the last one pulled back to 24 h.
    assert.equal(delivery.attemptLog.length, 33);
    clock.advance(CALLBACK_RETRY_WINDOW_MS);
    assert.equal(await worker.runOnce(), 0);
  });

  it("re-sends a failed or delivered message with the same MsgId, now, with the attempt numbers going on", async () => {
    const r = await receiver([404]);
    await configureCallback(domain, orgId, { url: r.url });
    const msgId = (await emitCallback(domain, orgId, "OrganizationAuthorization", {}))!;
    await worker.runOnce();
    clock.advance(CALLBACK_RETRY_WINDOW_MS);
    await worker.runOnce();
    assert.equal((await log()).state, "delivered");
    await resendCallback(domain, msgId);
    assert.equal((await log()).state, "pending");
    assert.equal(await worker.runOnce(), 1);
    const delivery = await log();
    assert.deepEqual(delivery.attemptLog.map((a) => [a.attempt, a.httpStatus]), [[1, 404], [2, 200], [3, 200]]);
    assert.deepEqual(r.received.map((x) => JSON.parse(x.body).MsgId), [msgId, msgId, msgId], "plaintext JSON without a key");
    assert.equal(r.received[0].headers["content-signature"], undefined, "no signature without a token");
    await assert.rejects(resendCallback(domain, "yD" + "9".repeat(30)), /No callback message/);
  });

  it("logs an unreachable receiver as an attempt without status, and queues nothing for an organization without a receiver", async () => {
    assert.equal(await emitCallback(domain, orgId, "OrganizationAuthorization", {}), undefined);
    assert.equal((await listCallbackDeliveries(domain, orgId)).length, 0);
    const r = await receiver();
    await r.close();
    await configureCallback(domain, orgId, { url: r.url });
    await emitCallback(domain, orgId, "OrganizationAuthorization", {});
    assert.equal(await worker.runOnce(), 1);
    const [attempt] = (await log()).attemptLog;
    assert.equal(attempt.httpStatus, null);
    assert.match(attempt.error ?? "", /ECONNREFUSED/);
    assert.equal((await log()).state, "pending");
  });

  it("emits OrganizationAuthorization when the worker creates a flow and when DeleteOrganizationAuthorizations clears it, without personal data", async () => {
    const r = await receiver();
    await configureCallback(domain, orgId, { url: r.url, key: KEY });
    const { taskId } = await createRegistrationTask(domain, acting, {
      organizations: [{ OrganizationName: "回调企业有限公司", UniformSocialCreditCode: "9144030071526726XG", LegalName: "张三", AdminName: "李四", AdminMobile: "13800000009", AuthorizationTypes: [2] }],
      endpoint: "PC",
      batchAuthMethod: 0,
    });
    await new RegistrationWorker(domain).runOnce();
    const [flow] = await domain.store.findAuthFlows(orgId, { taskId });
    clock.advance(5_000);
    await clearAuthFlows(domain, acting, { authorizationIds: [flow.id] });
    assert.equal(await worker.runOnce(), 2);
    const messages = r.received.map((x) => decrypt(x.body));
    assert.deepEqual(messages.map((m) => [m.MsgType, m.MsgVersion, m.MsgData.FlowStatus]), [
      ["OrganizationAuthorization", "CustomApp", "Created"],
      ["OrganizationAuthorization", "CustomApp", "Invalidated"],
    ]);
    assert.deepEqual(messages[1].MsgData, {
      AuthorizationId: flow.id,
      SubTaskId: flow.subTaskId,
      OrganizationName: "回调企业有限公司",
      UniformSocialCreditCode: "9144030071526726XG",
      OperatorUserId: acting.operator.id,
      FlowStatus: "Invalidated",
      Reason: "DeleteOrganizationAuthorizations",
      CreatedOn: NOW / 1000,
      UpdatedOn: NOW / 1000 + 5,
    });
    for (const d of await listCallbackDeliveries(domain, orgId)) assert.ok(!d.payload.includes("13800000009") && !d.payload.includes("李四"), "no mobile or admin name");
  });
});
