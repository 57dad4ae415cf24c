/**
 * Two-tenant isolation of the surfaces the employee, group, initialisation, change and essbasic work added: tenant
 * B (and application Y) naming tenant A's (application X's) employees, enterprises, links and records through the
 * API and the sandbox control API sees nothing of them, changes nothing of them, and gets the answer an unknown
 * id gets. test/tenant-isolation.test.ts covers the registration family.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPlatform, type CreatedApplication } from "../src/domain/platforms/platforms.ts";
import type { CreatedTenant } from "../src/domain/tenants.ts";
import { controlCall } from "./support/control-request.ts";
import { essbasicClient } from "./support/essbasic-client.ts";
import { startEssd, type Harness } from "./support/harness.ts";
import { CREDIT_CODES, freshCreditCode } from "./support/identities.ts";
import { callAs } from "./support/signed-request.ts";
import { verifiedEnterprise } from "./support/verified-enterprise.ts";

const UNKNOWN = `yD${"0".repeat(28)}42`;
const A_EMPLOYEE = { DisplayName: "甲方员工", Mobile: "13300000007", OpenId: "crmA7" };

let h: Harness;
let a: CreatedTenant;
let b: CreatedTenant;
let aEmployee: string;
let aEnterprise: string;

/** A signed call's Response, as tenant `as` with its own operator unless `body` names another. */
const call = (as: CreatedTenant, action: string, body: Record<string, unknown> = {}) => callAs(h.url, as, action, { Operator: { UserId: as.OperatorUserId }, ...body });
/** An error without the parts that name the id asked about: code and wording must match an unknown id's. */
const shape = (response: { Error?: { Code: string; Message: string } }, id: string) => ({ code: response.Error?.Code, message: response.Error?.Message.replaceAll(id, "<id>") });
const noTrace = (value: unknown, ...secrets: string[]) => {
  const text = JSON.stringify(value);
  for (const s of secrets) assert.ok(!text.includes(s), `leaked ${s}: ${text}`);
};
/** B naming A's id must answer exactly as B naming an id that exists nowhere. */
async function likeUnknown(action: string, body: (id: string) => Record<string, unknown>, foreignId: string) {
  const foreign = await call(b, action, body(foreignId));
  const unknown = await call(b, action, body(UNKNOWN));
  assert.deepEqual(shape(foreign, foreignId), shape(unknown, UNKNOWN), `${action}: ${JSON.stringify(foreign)}`);
  noTrace(foreign, "甲方员工", "甲方引导");
  return foreign;
}
const aEmployeeRow = async () => (await h.domain.store.getEmployee(aEmployee))!;

before(async () => {
  h = await startEssd();
  a = h.tenant;
  b = await h.createTenant("乙方无关有限公司");
  const created = await call(a, "CreateIntegrationEmployees", { Employees: [A_EMPLOYEE] });
  aEmployee = created.CreateEmployeeResult.SuccessEmployeeData[0].UserId;
  aEnterprise = (await verifiedEnterprise(h, a, { name: "甲方引导科技有限公司", creditCode: freshCreditCode(), adminMobile: "13300000008" })).organizationId;
});
after(() => h?.close());

describe("ess: B names A's employees", () => {
  it("DescribeIntegrationEmployees by A's UserId or OpenId finds nothing", async () => {
    for (const Filters of [[{ Key: "UserId", Values: [aEmployee] }], [{ Key: "StaffOpenId", Values: ["crmA7"] }]]) {
      const response = await call(b, "DescribeIntegrationEmployees", { Limit: 20, Offset: 0, Filters });
      assert.deepEqual(response.Employees ?? [], [], JSON.stringify(response));
      noTrace(response, "甲方员工", aEmployee);
    }
  });

  it("UpdateIntegrationEmployees and DeleteIntegrationEmployees fail for A's employee as for an unknown one, and A's employee is unchanged", async () => {
    const before = await aEmployeeRow();
    for (const [action, member] of [["UpdateIntegrationEmployees", { DisplayName: "改名" }], ["DeleteIntegrationEmployees", {}]] as const) {
      const foreign = await call(b, action, { Employees: [{ UserId: aEmployee, ...member }] });
      const unknown = await call(b, action, { Employees: [{ UserId: UNKNOWN, ...member }] });
      const strip = (r: unknown, id: string) => JSON.stringify(r).replaceAll(id, "<id>").replace(/"RequestId":"[^"]*"/, "");
      assert.equal(strip(foreign, aEmployee), strip(unknown, UNKNOWN), action);
      noTrace(foreign, "甲方员工");
    }
    assert.deepEqual(await aEmployeeRow(), before);
  });

  it("Bind, Unbind and CreateEmployeeChangeUrl answer for A's UserId as for an unknown one, and change nothing", async () => {
    await likeUnknown("BindEmployeeUserIdWithClientOpenId", (id) => ({ UserId: id, OpenId: "crmB1" }), aEmployee);
    await likeUnknown("UnbindEmployeeUserIdWithClientOpenId", (id) => ({ UserId: id, OpenId: "crmA7" }), aEmployee);
    await likeUnknown("CreateEmployeeChangeUrl", (id) => ({ UserId: id, NewMobile: "13300000009" }), aEmployee);
    assert.equal((await aEmployeeRow()).openId, "crmA7");
  });

  it("B's key with A's operator is refused", async () => {
    const response = await callAs(h.url, b, "DescribeIntegrationEmployees", { Operator: { UserId: a.OperatorUserId }, Limit: 20 });
    assert.equal(response.Error?.Code, "OperationDenied.UserNotInOrganization");
  });
});

describe("ess: B names A's enterprises", () => {
  it("CreateBatchInitOrganizationUrl over A's guided enterprise fails as for an unknown one", async () => {
    await likeUnknown("CreateBatchInitOrganizationUrl", (id) => ({ OperateTypes: ["CREATE_SEAL"], OrganizationIds: [id] }), aEnterprise);
  });

  it("DescribeOrganizationGroupOrganizations by A's enterprise id lists nothing", async () => {
    const response = await call(b, "DescribeOrganizationGroupOrganizations", { Limit: 10, Offset: 0, Id: aEnterprise });
    assert.equal(response.Error, undefined, JSON.stringify(response));
    assert.ok(!(response.List ?? []).some((o: { OrganizationId: string }) => o.OrganizationId === aEnterprise));
    noTrace(response, "甲方引导");
  });

  for (const action of ["DescribeOrganizationVerifyStatus", "CreateOrganizationAuthFile", "CreateEmployeeChangeUrl", "CreateOrganizationInfoChangeUrl"]) {
    it(`${action} with Agent.ProxyOrganizationId = A (or A's enterprise) answers as for an unknown organization`, async () => {
      const extra: Record<string, unknown> =
        action === "CreateOrganizationAuthFile"
          ? { OrganizationCommonInfo: { OrganizationName: "测试科技有限公司", UniformSocialCreditCode: CREDIT_CODES[0], LegalName: "鹅鹅子", AdminName: "典子谦", AdminMobile: "13200000001" } }
          : action === "CreateEmployeeChangeUrl"
            ? { UserId: aEmployee }
            : action === "CreateOrganizationInfoChangeUrl"
              ? { ChangeType: 2 }
              : {};
      for (const org of [a.OrganizationId, aEnterprise]) {
        const response = await likeUnknown(action, (id) => ({ ...extra, Agent: { ProxyOrganizationId: id } }), org);
        assert.equal(response.Error?.Code, "OperationDenied.SubOrgNotJoin");
      }
    });
  }
});

describe("control API: B reads and opens nothing of A's", () => {
  const control = (as: CreatedTenant, method: "GET" | "POST", path: string, body?: unknown) => controlCall(h.url, as, method, path, body);

  it("A's initialisations, organization changes, callbacks, outbox and faults are not in B's lists", async () => {
    const link = await call(a, "CreateBatchInitOrganizationUrl", { OperateTypes: ["CREATE_SEAL"], OrganizationIds: [aEnterprise] });
    assert.equal(link.Error, undefined, JSON.stringify(link));
    await h.domain.store.insertInitializations([{ linkCode: "a-link", targetOrganizationId: aEnterprise, operateType: "CREATE_SEAL", organizationId: a.OrganizationId, detail: {}, doneAt: Date.now() }]);
    assert.equal((await control(a, "POST", "faults", { kind: "enterprise-verification", organizationName: "甲方故障科技有限公司", message: "注入" })).status, 200);
    assert.ok(((await control(a, "GET", "initializations")).json.initializations ?? []).length >= 1, "A sees its own");
    for (const path of ["initializations", "organization-changes", "callbacks", "outbox", "faults"]) {
      const { status, json } = await control(b, "GET", path);
      assert.equal(status, 200, `${path}: ${JSON.stringify(json)}`);
      noTrace(json, a.OrganizationId, aEnterprise, aEmployee, "甲方", "13300000007", "13300000008");
    }
  });

  it("links/open with A's links answers as for a link essd never issued", async () => {
    const links = [
      (await call(a, "CreateBatchInitOrganizationUrl", { OperateTypes: ["CREATE_SEAL"], OrganizationIds: [aEnterprise] })).OperateLongUrl,
      (await call(a, "CreateOrganizationGroupInvitationLink", { ExpireTime: Math.floor(Date.now() / 1000) + 3600 })).Link,
      (await call(a, "CreateEmployeeChangeUrl", { UserId: a.OperatorUserId, NewMobile: "13300000009" })).MiniAppPath,
    ];
    for (const url of links) {
      assert.ok(url, JSON.stringify(links));
      const foreign = await control(b, "POST", "links/open", { url: new URL(url, h.url).href });
      const unknown = await control(b, "POST", "links/open", { url: new URL(url.replace(/[A-Za-z0-9]{10,}(?=[^A-Za-z0-9]*$)/, (m: string) => "Z".repeat(m.length)), h.url).href });
      const own = await control(a, "POST", "links/open", { url: new URL(url, h.url).href });
      assert.equal(own.status, 200, `A opens its own ${url}: ${JSON.stringify(own.json)}`);
      assert.notEqual(foreign.status, 200);
      assert.equal(foreign.status, unknown.status, `${url}: ${JSON.stringify(foreign.json)} vs ${JSON.stringify(unknown.json)}`);
      assert.equal(foreign.json.Error?.Code ?? foreign.json.code, unknown.json.Error?.Code ?? unknown.json.code);
      noTrace(foreign.json, aEnterprise, aEmployee, "甲方");
    }
  });

  it("B cannot review A's organization change, nor see A's flows", async () => {
    const review = await control(b, "POST", `organization-changes/${UNKNOWN}/review`, { decision: "approve" });
    assert.notEqual(review.status, 200);
    const [flow] = await h.domain.store.findAuthFlows(a.OrganizationId, {});
    const foreign = await control(b, "GET", `flows/${flow!.id}`);
    const unknown = await control(b, "GET", `flows/${UNKNOWN}`);
    assert.equal(foreign.status, unknown.status);
    noTrace(foreign.json, "甲方");
  });
});

describe("essbasic: application Y with X's OpenIds meets none of X's data", () => {
  let x: CreatedApplication;
  let y: CreatedApplication;
  const agentOf = (app: CreatedApplication) => ({ AppId: app.AppId, ProxyOrganizationOpenId: "shared-org", ProxyOperator: { OpenId: "shared-op" } });

  before(async () => {
    x = await createPlatform(h.domain, { name: "平台甲" });
    y = await createPlatform(h.domain, { name: "平台乙" });
    await essbasicClient(h, x).SyncProxyOrganization({ Agent: agentOf(x), ProxyOrganizationName: "平台甲的子客科技有限公司", UniformSocialCreditCode: freshCreditCode() });
    await essbasicClient(h, x).CreateConsoleLoginUrl({ Agent: agentOf(x), ProxyOrganizationName: "平台甲的子客科技有限公司", ProxyOperatorName: "甲经办", ProxyOperatorMobile: "13300000010" });
  });

  it("Y's sub-enterprise of the same OpenId is its own: syncing it leaves X's name, and Y's console link names Y's", async () => {
    await essbasicClient(h, y).SyncProxyOrganization({ Agent: agentOf(y), ProxyOrganizationName: "平台乙的子客科技有限公司" });
    const ofX = await h.domain.store.getProxyOrganization(x.AppId, "shared-org");
    const ofY = await h.domain.store.getProxyOrganization(y.AppId, "shared-org");
    assert.equal(ofX?.name, "平台甲的子客科技有限公司");
    assert.equal(ofY?.name, "平台乙的子客科技有限公司");
    assert.notEqual(ofX?.id, ofY?.id);
    assert.equal(await h.domain.store.getProxyOperator(y.AppId, "shared-org", "shared-op"), undefined, "X's operator is not Y's");
  });

  it("Y's DescribeChannelOrganizations and ChannelDescribeEmployees answer nothing of X's", async () => {
    for (const call of [
      () => essbasicClient(h, y).DescribeChannelOrganizations({ Agent: agentOf(y), Limit: 10 }),
      () => essbasicClient(h, y).ChannelDescribeEmployees({ Agent: agentOf(y), Limit: 10 }),
      () => essbasicClient(h, y).SyncProxyOrganizationOperators({ Agent: agentOf(y), OperatorType: "RESIGN", ProxyOrganizationOperators: [{ Id: "shared-op" }] }),
    ]) {
      const answer = await call().then((r) => r, (e: Error) => ({ error: e.message }));
      noTrace(answer, "平台甲", "甲经办", "13300000010");
    }
    assert.equal((await h.domain.store.getProxyOperator(x.AppId, "shared-org", "shared-op"))?.status, "active", "X's operator did not resign");
  });

  it("Y's control calls list none of X's callbacks and flows", async () => {
    for (const path of ["callbacks", "outbox", "faults", "initializations"]) {
      const { status, json } = await controlCall(h.url, y, "GET", path);
      assert.equal(status, 200, `${path}: ${JSON.stringify(json)}`);
      noTrace(json, "平台甲", "甲经办");
    }
  });
});
