/**
 * The sandbox's tenant reset (`POST /_essd/tenants/reset`) against every table essd owns: two tenants leave rows
 * through the actions, pages and control calls (links of every kind, SMS codes of the mobile pages, initialisations,
 * callback deliveries, quotas, OpenId bindings…); after tenant A's reset none of A's rows remain in a table the reset
 * clears, A's employees have no OpenId binding, and B's rows are exactly as they were. Every table is classified,
 * so a table added later must say whether a reset clears it.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sendAdminCode } from "../src/domain/admin-verification.ts";
import { configureCallback, emitCallback } from "../src/domain/callbacks/index.ts";
import type { CreatedTenant } from "../src/domain/tenants.ts";
import { TABLES } from "../src/store/copy.ts";
import type { Database } from "../src/store/schema.ts";
import { openSqliteStore } from "../src/store/sqlite.ts";
import { controlCall } from "./support/control-request.ts";
import { startEssd, type Harness } from "./support/harness.ts";
import { CREDIT_CODES, freshCreditCode } from "./support/identities.ts";
import { sdkClient } from "./support/sdk-client.ts";

/** Tables that hold the tenant itself and what stays by design: its organization, people, keys, settings. */
const KEPT = ["settings", "organizations", "roles", "employees", "employee_roles", "api_keys", "blobs", "callback_configs", "platforms", "applications", "proxy_organizations", "proxy_operators"];
const CLEARED = [
  "links",
  "quota_counters",
  "registration_tasks",
  "auth_flows",
  "callback_deliveries",
  "callback_attempts",
  "sms_messages",
  "link_verifications",
  "sandbox_faults",
  "review_policies",
  "initializations",
  "organization_changes",
];

const store = openSqliteStore(":memory:");
let h: Harness;
let a: CreatedTenant;
let b: CreatedTenant;

type Row = Record<string, unknown>;
const rowsOf = async (table: keyof Database): Promise<Row[]> => (await store.kysely.withoutPlugins().selectFrom(table).selectAll().execute()) as Row[];

/** A tenant's rows of a table: those naming its organization, and the attempts of its deliveries. */
async function ownedRows(table: keyof Database, tenant: CreatedTenant): Promise<Row[]> {
  const rows = await rowsOf(table);
  if (table === "callback_attempts") {
    const deliveries = new Set((await ownedRows("callback_deliveries", tenant)).map((d) => d.id));
    return rows.filter((r) => deliveries.has(r.delivery_id));
  }
  if (table === "quota_counters") {
    const flows = new Set((await ownedRows("auth_flows", tenant)).map((f) => `bank-amount-wrong:${f.id}`));
    return rows.filter((r) => String(r.key).includes(tenant.OrganizationId) || flows.has(String(r.key)));
  }
  return rows.filter((r) => JSON.stringify(r).includes(tenant.OrganizationId));
}

/** Leaves rows in every table the reset clears, through the API, the pages' domain calls and the control API. */
async function leaveTraces(tenant: CreatedTenant, n: number) {
  const client = sdkClient(h, tenant);
  const Operator = { UserId: tenant.OperatorUserId };
  const org = { OrganizationName: `重置测试${n}科技有限公司`, UniformSocialCreditCode: freshCreditCode(), LegalName: "鹅鹅子" };
  await client.CreateBatchOrganizationRegistrationTasks({ Operator, RegistrationOrganizations: [{ ...org, AdminName: "典子谦", AdminMobile: "13200000001", AuthorizationTypes: [2] }] });
  const single = await client.CreateOrganizationAuthUrl({ Operator, OrganizationName: `重置单链${n}科技有限公司` });
  assert.ok(single.AuthUrl);
  await client.CreateOrganizationAuthFile({ Operator, OrganizationCommonInfo: { OrganizationName: "测试科技有限公司", UniformSocialCreditCode: CREDIT_CODES[0], LegalName: "鹅鹅子", AdminName: "典子谦", AdminMobile: "13200000001" } });
  await client.CreateOrganizationGroupInvitationLink({ Operator, ExpireTime: Math.floor(Date.now() / 1000) + 3600 });
  await client.CreateEmployeeChangeUrl({ Operator, UserId: tenant.OperatorUserId, NewMobile: `1390000000${n}` });
  await client.BindEmployeeUserIdWithClientOpenId({ Operator, UserId: tenant.OperatorUserId, OpenId: `crm${n}` });
  // A mobile page's code check is keyed by a hash of link and mobile, not by a link code.
  await sendAdminCode(h.domain, { linkCode: `employee-change|hash-of-link-and-mobile-${n}`, organizationId: tenant.OrganizationId, mobile: "13900000009" });
  await h.domain.store.insertOrganizationChange({
    id: `change-${n}`, organizationId: tenant.OrganizationId, targetOrganizationId: tenant.OrganizationId, linkCode: `change-link-${n}`, changeType: 2, state: "reviewing",
    oldName: org.OrganizationName, newName: `${org.OrganizationName}新`, creditCode: org.UniformSocialCreditCode, legalName: "鹅鹅子", address: "", oldAdminId: null, newAdminId: null, reason: "", createdAt: Date.now(), updatedAt: Date.now(),
  });
  await h.domain.store.insertInitializations([{ linkCode: `init-link-${n}`, targetOrganizationId: `target-${n}`, operateType: "CREATE_SEAL", organizationId: tenant.OrganizationId, detail: {}, doneAt: Date.now() }]);
  await configureCallback(h.domain, tenant.OrganizationId, { url: "http://127.0.0.1:9/unreachable" });
  const msgId = await emitCallback(h.domain, tenant.OrganizationId, "VerifyStaffInfo", { n });
  await h.domain.store.insertCallbackAttempt({ deliveryId: msgId!, attempt: 1, at: Date.now(), url: "http://127.0.0.1:9/unreachable", httpStatus: null, error: "refused", durationMs: 1 });
  const [flow] = await h.domain.store.findAuthFlows(tenant.OrganizationId, {});
  await h.domain.store.addToQuota(`bank-amount-wrong:${flow!.id}`, 1, Number.MAX_SAFE_INTEGER, Date.now());
  const control = (path: string, body: unknown) => controlCall(h.url, tenant, "POST", path, body);
  assert.equal((await control("faults", { kind: "enterprise-verification", organizationName: org.OrganizationName, message: "注入" })).status, 200);
  assert.equal((await control("review-policy", { policy: "auto-approve" })).status, 200);
}

before(async () => {
  h = await startEssd({ autoWork: false, store });
  a = await h.createTenant("重置甲科技有限公司");
  b = await h.createTenant("重置乙科技有限公司");
  await leaveTraces(a, 1);
  await leaveTraces(b, 2);
});
after(() => h?.close());

describe("tenant reset", () => {
  it("classifies every table essd owns as cleared or kept", () => {
    assert.deepEqual(TABLES.map((t) => t.name).sort(), [...KEPT, ...CLEARED].sort());
  });

  it("leaves none of the tenant's rows in a cleared table, unbinds its OpenIds, and touches nothing of another tenant", async () => {
    const bBefore = new Map<string, Row[]>();
    for (const table of CLEARED as Array<keyof Database>) {
      assert.ok((await ownedRows(table, a)).length > 0, `tenant A has rows in ${table} before the reset`);
      bBefore.set(table, await ownedRows(table, b));
      assert.ok(bBefore.get(table)!.length > 0, `tenant B has rows in ${table}`);
    }
    const bEmployees = await ownedRows("employees", b);
    assert.ok((await ownedRows("employees", a)).some((e) => e.open_id === "crm1"));

    const { status, json } = await controlCall(h.url, a, "POST", "tenants/reset", {});
    assert.equal(status, 200, JSON.stringify(json));
    const deleted = (json as { deleted: Record<string, number> }).deleted;
    assert.ok(deleted.initializations >= 1 && deleted.organizationChanges === 1 && deleted.callbackDeliveries >= 1 && deleted.openIdBindings === 1, JSON.stringify(deleted));

    for (const table of CLEARED as Array<keyof Database>) {
      assert.deepEqual(await ownedRows(table, a), [], `tenant A's rows left in ${table}`);
      assert.deepEqual(await ownedRows(table, b), bBefore.get(table), `tenant B's rows of ${table} changed`);
    }
    const aEmployees = await ownedRows("employees", a);
    assert.ok(aEmployees.length > 0, "A's employees stay");
    assert.ok(aEmployees.every((e) => e.open_id === ""), "A's OpenId bindings are gone");
    assert.deepEqual(await ownedRows("employees", b), bEmployees, "B's employees (and binding) are untouched");
    assert.ok((await ownedRows("organizations", a)).length > 0, "the tenant itself stays");
  });

  it("answers as before for the reset tenant: its keys and employees still work", async () => {
    const response = await sdkClient(h, a).DescribeOrganizationVerifyStatus({ Operator: { UserId: a.OperatorUserId } });
    assert.equal(response.VerifyStatus, 2);
    const again = await sdkClient(h, a).BindEmployeeUserIdWithClientOpenId({ Operator: { UserId: a.OperatorUserId }, UserId: a.OperatorUserId, OpenId: "crm1" });
    assert.equal(again.Status, 1, "the OpenId can be bound again after the reset");
  });
});
