/**
 * CreateEmployeeChangeUrl through the official SDK, and its page: the employee proves the current mobile, then
 * the new one, and the change is what DescribeIntegrationEmployees then shows; the receiver is told.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { configureCallback, listCallbackDeliveries } from "../domain/callbacks/index.ts";
import { verifyEmployee } from "../domain/employees.ts";
import { ManualClock } from "../platform/clock.ts";
import { csrfOf, PageClient } from "../../test/support/admin-pages.ts";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { codeTextedTo } from "../../test/support/mobile-pages.ts";
import { sdkClient } from "../../test/support/sdk-client.ts";
import { expectSdkError } from "../../test/support/sdk-errors.ts";

const OLD_MOBILE = "13500001111";
const NEW_MOBILE = "13500002222";
const clock = new ManualClock(Date.now());
let h: Harness;
let client: ReturnType<typeof sdkClient>;
let userId = "";
let unverifiedId = "";
const operator = () => ({ UserId: h.tenant.OperatorUserId });

async function employee(name: string, mobile: string): Promise<string> {
  const created = await client.CreateIntegrationEmployees({ Operator: operator(), Employees: [{ DisplayName: name, Mobile: mobile }], InvitationNotifyType: "NONE" });
  const id = created.CreateEmployeeResult!.SuccessEmployeeData![0]!.UserId!;
  return id;
}

/** Opens the MiniAppPath on essd, proves `mobile` and answers the page's token and the page after. */
async function signIn(browser: PageClient, miniAppPath: string, mobile: string) {
  const opened = await browser.follow(await browser.get(miniAppPath));
  assert.equal(opened.status, 200, opened.text);
  const token = /\/h5\/employee-change\/([0-9A-Za-z]+)\/code/.exec(opened.text)![1]!;
  const csrf = csrfOf(opened);
  clock.advance(1000);
  await browser.post(`/h5/employee-change/${token}/code`, { csrf, mobile });
  const verified = await browser.post(`/h5/employee-change/${token}/verify`, { csrf, mobile, code: await codeTextedTo(h, h.tenant.OrganizationId, mobile) });
  assert.equal(verified.status, 303, verified.text);
  return { token, home: await browser.follow(verified) };
}

before(async () => {
  h = await startEssd({ clock });
  client = sdkClient(h);
  await configureCallback(h.domain, h.tenant.OrganizationId, { url: "http://127.0.0.1:9/unreachable" });
  userId = await employee("王小明", OLD_MOBILE);
  await verifyEmployee(h.domain, userId);
  unverifiedId = await employee("李未实名", "13500003333");
});
after(() => h?.close());

describe("happy", () => {
  it("answers a mini-program path valid 7 days, which essd opens as the page", async () => {
    const link = await client.CreateEmployeeChangeUrl({ Operator: operator(), UserId: userId });
    assert.match(link.MiniAppPath!, /^\/pages\/guide\/index\?shortKey=yD[0-9A-Za-z]{18}$/);
    assert.equal(link.ExpireTime, Math.floor(clock.now() / 1000) + 7 * 86_400);
    const opened = await fetch(`${h.url}${link.MiniAppPath}`, { redirect: "manual" });
    assert.equal(opened.status, 302);
    assert.match(opened.headers.get("location")!, /\/h5\/employee-change\/[0-9A-Za-z]{32}$/);
  });

  it("changes the mobile once the employee proved the current one and the new one", async () => {
    const link = await client.CreateEmployeeChangeUrl({ Operator: operator(), UserId: userId, NewMobile: NEW_MOBILE });
    const browser = new PageClient(h.url);
    const { token, home } = await signIn(browser, link.MiniAppPath!, OLD_MOBILE);
    assert.match(home.text, /id="new-mobile"[^>]*readonly/, "the API fixed the new mobile");
    clock.advance(1000);
    const sent = await browser.post(`/h5/employee-change/${token}/new-code`, { csrf: csrfOf(home), newMobile: NEW_MOBILE });
    assert.equal(sent.status, 200, sent.text);
    const code = await codeTextedTo(h, h.tenant.OrganizationId, NEW_MOBILE);
    const wrong = await browser.post(`/h5/employee-change/${token}/confirm`, { csrf: csrfOf(home), newMobile: NEW_MOBILE, code: code === "000000" ? "111111" : "000000" });
    assert.equal(wrong.status, 400);
    assert.equal((await h.domain.store.getEmployee(userId))!.mobileHash, h.domain.box.lookupHash(OLD_MOBILE), "a wrong code changes nothing");
    const done = await browser.post(`/h5/employee-change/${token}/confirm`, { csrf: csrfOf(home), newMobile: NEW_MOBILE, code });
    assert.equal(done.status, 200, done.text);
    assert.match(done.text, /手机号已变更/);
    const listed = await client.DescribeIntegrationEmployees({ Operator: operator(), Filters: [{ Key: "UserId", Values: [userId] }] });
    assert.equal(listed.Employees![0]!.Mobile, "135****2222");
    const message = (await listCallbackDeliveries(h.domain, h.tenant.OrganizationId)).find((m) => m.msgType === "UserMobileChange")!;
    assert.deepEqual(JSON.parse(message.payload).MsgData, { OrganizationId: h.tenant.OrganizationId, UserId: userId, ChangeTime: Math.floor(clock.now() / 1000) });
  });
});

describe("the page refuses", () => {
  it("someone who proves a mobile that is not the employee's", async () => {
    const link = await client.CreateEmployeeChangeUrl({ Operator: operator(), UserId: userId });
    const browser = new PageClient(h.url);
    const { token, home } = await signIn(browser, link.MiniAppPath!, "13500009999");
    assert.equal(home.status, 403);
    const refused = await browser.post(`/h5/employee-change/${token}/new-code`, { csrf: csrfOf(home), newMobile: "13500008888" });
    assert.equal(refused.status, 403);
  });
});

describe("invalid input", () => {
  it("UserId missing, unknown, another organization's, or not verified", async () => {
    await expectSdkError(client.CreateEmployeeChangeUrl({ Operator: operator() }), "MissingParameter", "UserId");
    await expectSdkError(client.CreateEmployeeChangeUrl({ Operator: operator(), UserId: "yDnosuchusernosuchusernosuchuser" }), "InvalidParameterValue", "UserId");
    const other = await h.createTenant("别家公司");
    await expectSdkError(client.CreateEmployeeChangeUrl({ Operator: operator(), UserId: other.OperatorUserId }), "InvalidParameterValue", "UserId");
    await expectSdkError(client.CreateEmployeeChangeUrl({ Operator: operator(), UserId: unverifiedId }), "InvalidParameterValue", "UserId");
  });

  it("NewMobile malformed, the current one, or another employee's", async () => {
    await expectSdkError(client.CreateEmployeeChangeUrl({ Operator: operator(), UserId: userId, NewMobile: "12345" }), "InvalidParameterValue", "NewMobile");
    const current = (await client.DescribeIntegrationEmployees({ Operator: operator(), Filters: [{ Key: "UserId", Values: [userId] }] })).Employees![0]!.Mobile!;
    const mine = current.endsWith("2222") ? NEW_MOBILE : OLD_MOBILE;
    await expectSdkError(client.CreateEmployeeChangeUrl({ Operator: operator(), UserId: userId, NewMobile: mine }), "InvalidParameterValue", "NewMobile");
    await expectSdkError(client.CreateEmployeeChangeUrl({ Operator: operator(), UserId: userId, NewMobile: "13500003333" }), "InvalidParameterValue", "NewMobile");
  });
});
