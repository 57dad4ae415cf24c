/**
 * Values that cannot exist, sent through the official SDKs to every implemented action of both services: ids of
 * the wrong shape, values outside an enumeration, lists over the spec's limits. Each answers the catalogue's code
 * with a message naming the parameter's path (`TaskIds.1`), before any lookup — never InternalError, a 500 or a
 * silent empty answer. The table must name every implemented action, so a new action cannot skip the sweep.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { actions as essActions } from "../../src/actions/index.ts";
import { essbasicActions } from "../../src/actions/essbasic/index.ts";
import { createPlatform, type CreatedApplication } from "../../src/domain/platforms/platforms.ts";
import { essbasicClient } from "../support/essbasic-client.ts";
import { startEssd, type Harness } from "../support/harness.ts";
import { CREDIT_CODES } from "../support/identities.ts";
import { sdkClient } from "../support/sdk-client.ts";
import { expectSdkError } from "../support/sdk-errors.ts";

/** Well-formed ids that name nothing: the base requests are valid, so each probe's value is the only fault. */
const ID = `yD${"0".repeat(29)}1`;
const ID2 = `yD${"0".repeat(29)}2`;
/** Shapes no ESS id has: too short, too long, 32 characters with symbols (an injection attempt), blank. */
const BAD_IDS = ["abc", `yD${"a".repeat(31)}`, "yD' OR '1'='1' --".padEnd(32, "x"), ""];
const many = (n: number, value: unknown) => Array.from({ length: n }, () => value);
const ADMIN = { AdminName: "典子谦", AdminMobile: "13200000001" };
const ROW = { OrganizationName: "测试科技有限公司", UniformSocialCreditCode: CREDIT_CODES[0], LegalName: "鹅鹅子", AuthorizationTypes: [2], ...ADMIN };

interface Probe {
  /** The parameter's path as the message names it; also where the value goes (`Employees.0.UserId`). */
  path: string;
  value: unknown;
  code?: string;
}

interface Row {
  base: () => Record<string, unknown>;
  probes: Probe[];
}

const ids = (path: string): Probe[] => BAD_IDS.map((value) => ({ path, value }));

/** ess: Operator and Agent are added by the runner where the action's schema has them. */
const ess: Record<string, Row> = {
  CreateBatchOrganizationRegistrationTasks: {
    base: () => ({ RegistrationOrganizations: [ROW] }),
    probes: [
      { path: "Endpoint", value: "WEIXIN", code: "InvalidParameter.EndPoint" },
      { path: "BatchAuthMethod", value: 2 },
      { path: "RegistrationOrganizations", value: many(11, ROW) },
      { path: "RegistrationOrganizations.0.AuthorizationTypes.0", value: 3.5, code: "InvalidParameter" },
    ],
  },
  DescribeBatchOrganizationRegistrationUrls: { base: () => ({ TaskId: ID }), probes: ids("TaskId") },
  DescribeBatchOrganizationRegistrationTasks: {
    base: () => ({ TaskIds: [ID, ID2] }),
    probes: [...ids("TaskIds.1"), { path: "TaskIds", value: many(101, ID) }],
  },
  CreateBatchOrganizationAuthorizationUrl: {
    base: () => ({ ...ADMIN, SubTaskIds: [ID, ID2] }),
    probes: [...ids("SubTaskIds.1"), { path: "SubTaskIds", value: many(101, ID) }, { path: "AdminIdCardType", value: "DRIVING_LICENCE" }, { path: "Endpoint", value: "SMS" }],
  },
  DeleteOrganizationAuthorizations: {
    base: () => ({ AuthorizationIds: [ID, ID2] }),
    probes: [...ids("AuthorizationIds.1"), { path: "AuthorizationIds", value: many(101, ID) }],
  },
  DescribeOrganizationAuthStatus: { base: () => ({ OrganizationName: "测试科技有限公司", AuthorizationInfoId: ID }), probes: ids("AuthorizationInfoId").filter((p) => p.value !== "") },
  CreateOrganizationAuthUrl: {
    base: () => ({}),
    probes: [
      { path: "AuthorizationTypes", value: [9], code: "InvalidParameter.AuthorizationType" },
      { path: "Endpoint", value: "WEIXIN", code: "InvalidParameter.EndPoint" },
      { path: "AdminIdCardType", value: "DRIVING_LICENCE" },
      { path: "OrganizationIdCardType", value: "PASSPORT" },
      { path: "Initialization", value: [9] },
      { path: "AuthorizationMethod", value: [9] },
      { path: "JumpEvents.0.JumpEventType", value: 9 },
      { path: "PowerOfAttorneys", value: many(11, "") },
    ],
  },
  CreateIntegrationEmployees: {
    base: () => ({ Employees: [{ DisplayName: "张三", Mobile: "13200000002" }] }),
    probes: [
      { path: "InvitationNotifyType", value: "EMAIL" },
      { path: "Endpoint", value: "SMS" },
      { path: "Employees", value: many(21, { DisplayName: "张三", Mobile: "13200000002" }) },
    ],
  },
  DescribeIntegrationEmployees: {
    base: () => ({ Limit: 20, Offset: 0, Filters: [{ Key: "UserId", Values: [ID, ID2] }] }),
    probes: [
      ...ids("Filters.0.Values.1"),
      { path: "Filters.0.Key", value: "Name", code: "InvalidParameter.ParamError" },
      { path: "Limit", value: 21, code: "InvalidParameter.ParamError" },
      { path: "Offset", value: 20001, code: "InvalidParameter.ParamError" },
    ],
  },
  CreateOrganizationGroupInvitationLink: {
    base: () => ({ ExpireTime: Math.floor(Date.now() / 1000) + 3600 }),
    probes: [
      { path: "ExpireTime", value: 1 },
      { path: "ExpireTime", value: Math.floor(Date.now() / 1000) + 365 * 86400 },
    ],
  },
  DescribeOrganizationGroupOrganizations: {
    base: () => ({ Limit: 10, Offset: 0, Id: ID }),
    probes: [...ids("Id").filter((p) => p.value !== ""), { path: "Status", value: 6 }, { path: "Limit", value: 201 }, { path: "Offset", value: 20001 }],
  },
  CreateBatchInitOrganizationUrl: {
    base: () => ({ OperateTypes: ["CREATE_SEAL"], OrganizationIds: [ID, ID2], AuthorizedOrganizationId: ID }),
    probes: [
      ...ids("OrganizationIds.1"),
      ...ids("AuthorizedOrganizationId").filter((p) => p.value !== ""),
      { path: "OperateTypes.0", value: "DELETE_ORGANIZATION" },
      { path: "OrganizationIds", value: many(51, ID) },
    ],
  },
  CreateEmployeeChangeUrl: { base: () => ({ UserId: ID }), probes: ids("UserId").filter((p) => p.value !== "") },
  CreateOrganizationInfoChangeUrl: {
    base: () => ({ ChangeType: 1 }),
    probes: [
      { path: "ChangeType", value: 3, code: "InvalidParameter.ParamError" },
      { path: "ChangeType", value: 0, code: "InvalidParameter.ParamError" },
      { path: "ChangeType", value: 1.5, code: "InvalidParameter" },
      { path: "UnifiedSocialCreditCode", value: "91xxxxxxxxx" },
      { path: "UnifiedSocialCreditCode", value: CREDIT_CODES[0]!.slice(0, 17) },
      { path: "UnifiedSocialCreditCode", value: "x".repeat(65) },
    ],
  },
  DescribeOrganizationVerifyStatus: { base: () => ({}), probes: [] },
  UpdateIntegrationEmployees: {
    base: () => ({ Employees: [{ UserId: ID, DisplayName: "张三" }] }),
    probes: [...ids("Employees.0.UserId").filter((p) => p.value !== ""), { path: "Employees", value: many(101, { UserId: ID }) }, { path: "InvitationNotifyType", value: "EMAIL" }],
  },
  DeleteIntegrationEmployees: {
    base: () => ({ Employees: [{ UserId: ID, ReceiveUserId: ID2 }] }),
    probes: [...ids("Employees.0.UserId").filter((p) => p.value !== ""), ...ids("Employees.0.ReceiveUserId"), { path: "Employees", value: many(101, { UserId: ID }) }],
  },
  BindEmployeeUserIdWithClientOpenId: {
    base: () => ({ UserId: ID, OpenId: "crm0001" }),
    probes: [...ids("UserId"), { path: "OpenId", value: "crm 0001" }, { path: "OpenId", value: "x".repeat(65) }],
  },
  UnbindEmployeeUserIdWithClientOpenId: {
    base: () => ({ UserId: ID, OpenId: "crm0001" }),
    probes: [...ids("UserId"), { path: "OpenId", value: "crm/0001" }],
  },
  CreateOrganizationAuthFile: {
    base: () => ({ OrganizationCommonInfo: { OrganizationName: "测试科技有限公司", UniformSocialCreditCode: CREDIT_CODES[0], LegalName: "鹅鹅子", ...ADMIN } }),
    probes: [{ path: "Type", value: 3 }, { path: "OrganizationCommonInfo.AdminIdCardType", value: "PASSPORTS" }],
  },
};

/** essbasic: the runner adds a valid Agent; a probe under `Agent.` replaces part of it. */
const essbasic: Record<string, Row> = {
  SyncProxyOrganization: { base: () => ({ ProxyOrganizationName: "子客测试专用企业1" }), probes: [{ path: "ProxyLegalIdCardType", value: "PASSPORT" }] },
  SyncProxyOrganizationOperators: {
    base: () => ({ OperatorType: "CREATE", ProxyOrganizationOperators: [{ Id: "op2" }] }),
    probes: [
      { path: "OperatorType", value: "DELETE" },
      { path: "ProxyOrganizationOperators.0.IdCardType", value: "PASSPORT" },
      { path: "ProxyOrganizationOperators", value: many(201, { Id: "op2" }), code: "LimitExceeded.ProxyOrganizationOperator" },
    ],
  },
  CreateConsoleLoginUrl: {
    base: () => ({ ProxyOrganizationName: "子客测试专用企业1" }),
    probes: [
      { path: "Module", value: "CONTRACT" },
      { path: "MenuStatus", value: "HIDE" },
      { path: "TopNavigationStatus", value: "HIDE" },
      { path: "ProxyOrganizationIdCardType", value: "PASSPORT" },
      { path: "Endpoint", value: "SMS", code: "InvalidParameter.EndPoint" },
    ],
  },
  CreateChannelSubOrganizationActive: {
    base: () => ({ SubOrganizationOpenIds: ["org1"] }),
    probes: [
      { path: "SubOrganizationOpenIds.0", value: "o".repeat(65), code: "InvalidParameter.OpenId" },
      { path: "SubOrganizationOpenIds", value: many(201, "org1") },
    ],
  },
  DescribeChannelOrganizations: {
    base: () => ({ Limit: 10 }),
    probes: [
      { path: "AuthorizationStatusList.0", value: "DELETED", code: "InvalidParameter.Status" },
      { path: "Offset", value: 20001 },
      { path: "Limit", value: 201, code: "InvalidParameter.Limit" },
      { path: "OrganizationOpenId", value: "o".repeat(65), code: "InvalidParameter.OpenId" },
    ],
  },
  ChannelDescribeEmployees: {
    base: () => ({ Limit: 10 }),
    probes: [
      { path: "Offset", value: -1 },
      { path: "Limit", value: 21, code: "InvalidParameter.Limit" },
      { path: "Filters.0", value: { Key: "Name", Values: ["x"] }, code: "InvalidParameter.Status" },
      { path: "Filters.0", value: { Key: "StaffOpenId", Values: ["s".repeat(65)] }, code: "InvalidParameter.OpenId" },
    ],
  },
  CreateBatchOrganizationRegistrationTasks: {
    base: () => ({ RegistrationOrganizations: [{ ...ROW, OrganizationOpenId: "org1", OpenId: "user1" }] }),
    probes: [{ path: "Endpoint", value: "WEIXIN", code: "InvalidParameter.EndPoint" }, { path: "BatchAuthMethod", value: 2 }],
  },
  DescribeBatchOrganizationRegistrationUrls: { base: () => ({ TaskId: ID }), probes: ids("TaskId") },
  DescribeBatchOrganizationRegistrationTasks: { base: () => ({ TaskIds: [ID, ID2] }), probes: [...ids("TaskIds.1"), { path: "TaskIds", value: many(101, ID) }] },
  CreateBatchOrganizationAuthorizationUrl: { base: () => ({ ...ADMIN, SubTaskIds: [ID, ID2] }), probes: [...ids("SubTaskIds.1"), { path: "Endpoint", value: "SMS" }] },
  DeleteOrganizationAuthorizations: { base: () => ({ AuthorizationIds: [ID, ID2] }), probes: [...ids("AuthorizationIds.1"), { path: "AuthorizationIds", value: many(101, ID) }] },
};

/** Sets `value` at a dotted path, creating objects (and arrays for numeric segments) on the way. */
function setAt(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split(".");
  let node: Record<string, unknown> = target;
  for (const [i, key] of keys.slice(0, -1).entries()) {
    node[key] ??= /^\d+$/.test(keys[i + 1]!) ? [] : {};
    if (/^\d+$/.test(keys[i + 1]!)) (node[key] as unknown[])[Number(keys[i + 1])] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
  return target;
}

const label = (p: Probe) => `${p.path} = ${JSON.stringify(p.value)?.slice(0, 40)}`;

let h: Harness;
let app: CreatedApplication;
before(async () => {
  h = await startEssd({ autoWork: false });
  app = await createPlatform(h.domain, { name: "不可能值平台" });
});
after(() => h?.close());

describe("every implemented action has a row in the sweep", () => {
  it("ess", () => assert.deepEqual(essActions.map((a) => a.name).sort(), Object.keys(ess).sort()));
  it("essbasic", () => assert.deepEqual(essbasicActions.map((a) => a.name).sort(), Object.keys(essbasic).sort()));
});

describe("ess: impossible values answer the catalogue's code naming the parameter", () => {
  const call = (action: string, request: Record<string, unknown>) => (sdkClient(h) as unknown as Record<string, (r: unknown) => Promise<unknown>>)[action]!(request);
  for (const definition of essActions) {
    const row = ess[definition.name];
    if (!row) continue;
    const hasAgent = "Agent" in definition.input.shape;
    const base = () => ({ Operator: { UserId: h.tenant.OperatorUserId }, ...structuredClone(row.base()) });
    const probes: Probe[] = [
      { path: "Operator.UserId", value: "not-an-employee", code: "InvalidParameter.InvalidOperatorId" },
      ...(hasAgent ? ids("Agent.ProxyOrganizationId").filter((p) => p.value !== "") : []),
      ...row.probes,
    ];
    describe(definition.name, () => {
      for (const probe of probes) {
        it(label(probe), async () => void await expectSdkError(call(definition.name, setAt(base(), probe.path, probe.value)), probe.code ?? "InvalidParameterValue", probe.path));
      }
    });
  }
});

describe("essbasic: impossible values answer the catalogue's code naming the parameter", () => {
  const call = (action: string, request: Record<string, unknown>) => (essbasicClient(h, app) as unknown as Record<string, (r: unknown) => Promise<unknown>>)[action]!(request);
  for (const definition of essbasicActions) {
    const row = essbasic[definition.name];
    if (!row) continue;
    const base = () => ({ Agent: { AppId: app.AppId, ProxyOrganizationOpenId: "org1", ProxyOperator: { OpenId: "op1" } }, ...structuredClone(row.base()) });
    const probes: Probe[] = [
      { path: "Agent.AppId", value: "abc", code: "InvalidParameter.Application" },
      { path: "Agent.ProxyOrganizationOpenId", value: "o".repeat(65), code: "InvalidParameter.OpenId" },
      { path: "Agent.ProxyOperator.OpenId", value: "u".repeat(65), code: "InvalidParameter.OpenId" },
      ...row.probes,
    ];
    describe(definition.name, () => {
      for (const probe of probes) {
        it(label(probe), async () => void await expectSdkError(call(definition.name, setAt(base(), probe.path, probe.value)), probe.code ?? "InvalidParameterValue", probe.path));
      }
    });
  }
});
