/**
 * A callback receiver or SMS webhook that accepts the connection and never answers holds up only the deliveries
 * it receives: the others go out meanwhile (deliveries run `concurrency` at a time), and the stuck one ends as a
 * failed attempt after the per-delivery timeout, to be retried.
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { openDomain } from "../src/app/compose.ts";
import { loadConfig } from "../src/config/config.ts";
import { configureCallback, emitCallback, listCallbackDeliveries } from "../src/domain/callbacks/index.ts";
import type { DomainDeps } from "../src/domain/deps.ts";
import { sendSms } from "../src/domain/sms/outbox.ts";
import { createTenant } from "../src/domain/tenants.ts";
import { sequentialIds } from "../src/platform/ids.ts";
import { systemClock } from "../src/platform/clock.ts";
import { openSqliteStore } from "../src/store/sqlite.ts";
import { CallbackWorker } from "../src/worker/callback-worker.ts";
import { SmsWorker } from "../src/worker/sms-worker.ts";
import { when } from "./support/when.ts";

const KEY = "abcdefghijklmnopqrstuvwxyz012345";
/** Long enough that a delivery stuck behind a hanging one could never arrive within the wait below. */
const TIMEOUT_MS = 60_000;

/** A receiver that never answers requests whose body contains `hangOn`, and answers 200 to the others. */
async function selectiveReceiver(hangOn: string) {
  const answered: string[] = [];
  const hanging: ServerResponse[] = [];
  const events = new EventEmitter();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (body.includes(hangOn)) hanging.push(res);
      else {
        answered.push(body);
        res.writeHead(200).end("ok");
      }
      events.emit("request");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const wait = (what: string, check: () => boolean) =>
    when(events, "request", () => (check() ? true : undefined), { timeoutMs: 20_000, failure: (reason) => `${what}: ${reason} (${answered.length} answered, ${hanging.length} hanging)` });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    answered,
    hanging,
    wait,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("a receiver that hangs", () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  const open = async (settings: Record<string, unknown>): Promise<DomainDeps> => {
    const domain = await openDomain(loadConfig({ logLevel: "silent", ...settings }, {}), { store: openSqliteStore(":memory:"), clock: systemClock, ids: sequentialIds() });
    closers.push(() => domain.store.close());
    return domain;
  };

  it("holds up no other tenant's callbacks, and its own end as failed attempts after the timeout", async () => {
    const stuck = await selectiveReceiver("");
    const fine = await selectiveReceiver("never");
    closers.push(stuck.close, fine.close);
    const domain = await open({});
    const a = await createTenant(domain, { name: "卡住回调有限公司" });
    const b = await createTenant(domain, { name: "正常回调有限公司" });
    // Everything sent to a's receiver hangs, and a's messages are the oldest: claimed first.
    await configureCallback(domain, a.OrganizationId, { url: stuck.url, key: KEY, token: "t" });
    await configureCallback(domain, b.OrganizationId, { url: fine.url, key: KEY, token: "t" });
    for (let i = 0; i < 3; i++) await emitCallback(domain, a.OrganizationId, "OrganizationAuthorization", { AuthorizationId: `a${i}` });
    await emitCallback(domain, b.OrganizationId, "OrganizationAuthorization", { AuthorizationId: "b" });

    const worker = new CallbackWorker(domain, { timeoutMs: TIMEOUT_MS, concurrency: 4 });
    closers.push(() => worker.stop());
    const pass = worker.runOnce();
    await stuck.wait("a's three deliveries are hanging", () => stuck.hanging.length === 3);
    await fine.wait("b's delivery arrives while a's hang", () => fine.answered.length === 1);
    // The hanging receiver goes away: a's attempts end (as a timeout would end them) and are retried later.
    await stuck.close();
    assert.equal(await pass, 4);
    assert.equal((await listCallbackDeliveries(domain, b.OrganizationId))[0]!.state, "delivered");
    const aDeliveries = await listCallbackDeliveries(domain, a.OrganizationId);
    assert.equal(aDeliveries.length, 3, "a's deliveries were lost");
    for (const delivery of aDeliveries) {
      assert.equal(delivery.state, "pending", "retried later, not lost");
      assert.equal(delivery.attemptLog.length, 1);
    }
  });

  it("ends a callback attempt that gets no answer after the per-delivery timeout", async () => {
    const stuck = await selectiveReceiver("");
    closers.push(stuck.close);
    const domain = await open({});
    const a = await createTenant(domain, { name: "超时回调有限公司" });
    await configureCallback(domain, a.OrganizationId, { url: stuck.url, key: KEY, token: "t" });
    await emitCallback(domain, a.OrganizationId, "OrganizationAuthorization", { AuthorizationId: "a" });
    const worker = new CallbackWorker(domain, { timeoutMs: 300 });
    closers.push(() => worker.stop());
    assert.equal(await worker.runOnce(), 1);
    const [delivery] = await listCallbackDeliveries(domain, a.OrganizationId);
    assert.equal(delivery!.state, "pending");
    assert.match(String(delivery!.attemptLog[0]!.error), /no answer within 0\.3 s/);
  });

  it("an SMS webhook stuck on one message still receives the others", async () => {
    const webhook = await selectiveReceiver("13900000001");
    closers.push(webhook.close);
    const domain = await open({ mode: "production", smsWebhook: webhook.url });
    const org = await createTenant(domain, { name: "短信卡住有限公司" });
    for (const mobile of ["13900000001", "13900000002", "13900000003"]) {
      await sendSms(domain, { organizationId: org.OrganizationId, mobile, purpose: "admin-code", body: `【腾讯电子签】您的验证码为 ${mobile.slice(-6)}。` });
    }
    const worker = new SmsWorker(domain, { timeoutMs: TIMEOUT_MS, concurrency: 2 });
    closers.push(() => worker.stop());
    const pass = worker.runOnce();
    await webhook.wait("the other two messages arrive while the first hangs", () => webhook.hanging.length === 1 && webhook.answered.length === 2);
    await webhook.close();
    assert.equal(await pass, 3);
  });
});
