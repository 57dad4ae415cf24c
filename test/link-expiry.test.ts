/**
 * Link lifetimes on a manual clock: registration links and the single batch link live 7 days (reference §6.4,
 * §6.6), CreateOrganizationAuthUrl links 30 days; an expired link answers 410 with a page, never a redirect.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { startEssd, type Harness } from "./support/harness.ts";
import { signedCall } from "./support/signed-request.ts";

const T0 = Date.parse("2026-11-24T08:00:00Z");
const DAY = 86_400_000;
const ADMIN = { AdminName: "李四", AdminMobile: "13800138000" };

describe("link expiry on a manual clock", () => {
  const clock = new ManualClock(T0);
  let h: Harness;
  let firstSubTasks: string[] = [];
  const links: Record<string, string> = {};

  const call = async (action: string, body: Record<string, unknown>) => {
    const { json } = await signedCall({
      url: h.url,
      secretId: h.tenant.SecretId,
      secretKey: h.tenant.SecretKey,
      action,
      body: { Operator: { UserId: h.tenant.OperatorUserId }, ...body },
      timestamp: Math.floor(clock.now() / 1000),
    });
    return json.Response;
  };
  const ok = async (action: string, body: Record<string, unknown>) => {
    const response = await call(action, body);
    assert.equal(response.Error, undefined, `${action}: ${JSON.stringify(response.Error)}`);
    return response;
  };
  /** Creates and processes a task of two enterprises; returns its sub-tasks with their links. */
  const processedTask = async (tag: string) => {
    const { TaskId } = await ok("CreateBatchOrganizationRegistrationTasks", {
      RegistrationOrganizations: [
        { OrganizationName: `${tag}甲有限公司`, UniformSocialCreditCode: "9144030071526726XG", LegalName: "张三", ...ADMIN },
        { OrganizationName: `${tag}乙有限公司`, UniformSocialCreditCode: "91110108772551611J", LegalName: "王五", ...ADMIN },
      ],
    });
    assert.equal(await h.worker.runOnce(), 1);
    const { OrganizationAuthUrls } = await ok("DescribeBatchOrganizationRegistrationUrls", { TaskId });
    assert.equal(OrganizationAuthUrls.length, 2);
    return OrganizationAuthUrls as Array<{ SubTaskId: string; AuthUrl: string; OrganizationName: string }>;
  };
  const get = (url: string) => fetch(url, { redirect: "manual" });
  const expectExpired = async (name: string, url: string) => {
    const response = await get(url);
    assert.equal(response.status, 410, `${name}: ${url}`);
    assert.equal(response.headers.get("location"), null, `${name} redirected`);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/, name);
    assert.match(await response.text(), /已过期/, name);
  };

  before(async () => {
    h = await startEssd({ clock, autoWork: false });
  });
  after(async () => {
    await h?.close();
  });

  it("registration and batch links open now and on their last second", async () => {
    const subTasks = await processedTask("过期测试");
    firstSubTasks = subTasks.map((s) => s.SubTaskId);
    links.registration = subTasks[0].AuthUrl;
    assert.ok(links.registration.startsWith(`${h.url}/console/batch-register?token=`), links.registration);
    for (const Endpoint of ["HTTP", "HTTP_SHORT_URL", "QR_CODE"]) {
      const answer = await ok("CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: firstSubTasks, Endpoint });
      assert.deepEqual(answer.ErrorMessages, []);
      assert.equal(answer.ExpireTime, Math.floor(T0 / 1000) + 7 * 86_400);
      links[Endpoint] = answer.AuthUrl;
    }

    const check = async () => {
      const page = await get(links.registration);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /过期测试甲有限公司/);
      const long = await get(links.HTTP);
      assert.equal(long.status, 200);
      assert.match(await long.text(), /过期测试乙有限公司/);
      const short = await get(links.HTTP_SHORT_URL);
      assert.equal(short.status, 302);
      links.shortTarget = new URL(short.headers.get("location")!, h.url).href;
      assert.equal((await get(links.shortTarget)).status, 200);
      const qr = await get(links.QR_CODE);
      assert.equal(qr.status, 200);
      assert.equal(qr.headers.get("content-type"), "image/png");
    };
    await check();
    clock.advance(7 * DAY - 1_000);
    await check();
  });

  it("after 7 days every one of them answers 410 with an expiry page, the short link without redirecting", async () => {
    clock.advance(1_000);
    assert.equal(clock.now(), T0 + 7 * DAY);
    for (const name of ["registration", "HTTP", "HTTP_SHORT_URL", "shortTarget", "QR_CODE"]) await expectExpired(name, links[name]);
  });

  it("CreateBatchOrganizationAuthorizationUrl then names the expired sub-tasks and keeps the fresh ones", async () => {
    const fresh = (await processedTask("新任务")).map((s) => s.SubTaskId);
    const mixed = await ok("CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: [...firstSubTasks, ...fresh] });
    assert.equal(mixed.ErrorMessages.length, 2);
    for (const [i, id] of firstSubTasks.entries()) {
      assert.ok(mixed.ErrorMessages[i].includes(id), mixed.ErrorMessages[i]);
      assert.match(mixed.ErrorMessages[i], /认证链接已过期/);
    }
    assert.equal(mixed.ExpireTime, Math.floor(clock.now() / 1000) + 7 * 86_400);
    assert.equal((await get(mixed.AuthUrl)).status, 200);

    // Without SubTaskIds: all of this admin's sub-tasks, the expired ones reported the same way.
    const all = await ok("CreateBatchOrganizationAuthorizationUrl", ADMIN);
    assert.deepEqual(all.ErrorMessages, mixed.ErrorMessages);

    const onlyExpired = await call("CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: firstSubTasks });
    assert.equal(onlyExpired.Error?.Code, "FailedOperation");
    for (const id of firstSubTasks) assert.ok(onlyExpired.Error.Message.includes(id), onlyExpired.Error.Message);
    assert.match(onlyExpired.Error.Message, /认证链接已过期/);
  });

  it("CreateOrganizationAuthUrl links stay valid for 29 days and expire at 30", async () => {
    const created = clock.now();
    const single: Record<string, string> = {};
    for (const Endpoint of ["PC", "SHORT_URL", "H5"]) {
      const answer = await ok("CreateOrganizationAuthUrl", { OrganizationName: "单链接有限公司", UniformSocialCreditCode: "9131000063159284XQ", Endpoint });
      assert.equal(answer.ExpiredTime, Math.floor(created / 1000) + 30 * 86_400);
      single[Endpoint] = answer.AuthUrl;
    }
    clock.set(created + 29 * DAY);
    assert.equal((await get(single.PC)).status, 200);
    assert.equal((await get(single.H5)).status, 200);
    const short = await get(single.SHORT_URL);
    assert.equal(short.status, 302);
    single.shortTarget = new URL(short.headers.get("location")!, h.url).href;
    const target = await get(single.shortTarget);
    assert.equal(target.status, 200);
    assert.match(await target.text(), /单链接有限公司/);

    clock.set(created + 30 * DAY - 1);
    assert.equal((await get(single.PC)).status, 200, "expired before 30 days");
    clock.set(created + 30 * DAY);
    for (const [name, url] of Object.entries(single)) await expectExpired(name, url);
  });
});
