import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { acceptedEvents, amountFromDigest, FLOW_EVENT_TYPES, ILLEGAL_TRANSITION, transition, type FlowEvent, type FlowEventType, type FlowView } from "./flow-machine.ts";

/** The amount the context says was transferred (flows.ts derives it from the master key). */
const AMOUNT = "0.37";

const ID = "yDflowflowflowflowflowflowflow01";
const base: FlowView = { id: ID, status: "Create", state: "active", authorizationTypes: [1], organizationName: "某某科技有限公司", creditCode: "9144030071526726XG", authType: 0, auditStatus: 0, reason: "", options: {} };
const at = (fields: Partial<FlowView>, progress?: Record<string, unknown>): FlowView => ({ ...base, ...fields, options: progress ? { authorization: progress } : {} });
const POA = { powerOfAttorney: "hash" };
const BOTH = { powerOfAttorney: "hash", bankAmountConfirmed: true };

/** Every state a flow can be in, per AuthorizationTypes; `expired` means its link expired. */
const FLOWS: Record<string, { flow: FlowView; expired?: boolean }> = {
  "processing [1]": { flow: at({ status: "Processing" }) },
  "create [1]": { flow: at({}) },
  "create [2]": { flow: at({ authorizationTypes: [2] }) },
  "create [5]": { flow: at({ authorizationTypes: [5] }) },
  "submit [1]": { flow: at({ status: "Submit" }) },
  "submit [2]": { flow: at({ status: "Submit", authorizationTypes: [2] }) },
  "submit [5]": { flow: at({ status: "Submit", authorizationTypes: [5] }) },
  "submit [] (company)": { flow: at({ status: "Submit", authorizationTypes: [] }) },
  "submit [] (机构编制)": { flow: at({ status: "Submit", authorizationTypes: [], creditCode: "12100000400000000X" }) },
  "in review [1]": { flow: at({ status: "Authorization", authType: 1, auditStatus: 3 }, POA) },
  "rejected [1]": { flow: at({ status: "Authorization", authType: 1, auditStatus: 2, reason: "公章不清晰" }, POA) },
  "poa only [5]": { flow: at({ status: "Authorization", authorizationTypes: [5], authType: 1 }, POA) },
  "amount only [5]": { flow: at({ status: "Authorization", authorizationTypes: [5], authType: 1 }, { bankAmountConfirmed: true }) },
  "in review [5]": { flow: at({ status: "Authorization", authorizationTypes: [5], authType: 1, auditStatus: 3 }, BOTH) },
  "rejected [5]": { flow: at({ status: "Authorization", authorizationTypes: [5], authType: 1, auditStatus: 2, reason: "x" }, BOTH) },
  "legal rep refused [2]": { flow: at({ status: "Authorization", authorizationTypes: [2], authType: 2, reason: "法定代表人拒绝授权" }) },
  "verified [1]": { flow: at({ status: "Authorization", state: "verified", authType: 1, auditStatus: 1 }, POA) },
  "verified [2]": { flow: at({ status: "Authorization", state: "verified", authorizationTypes: [2], authType: 2 }) },
  "cleared [2]": { flow: at({ status: "Submit", state: "cleared", authorizationTypes: [2] }) },
  "failed [5]": { flow: at({ status: "Failed", state: "failed", authorizationTypes: [5] }) },
  "expired create [1]": { flow: at({}), expired: true },
  "expired submit [2]": { flow: at({ status: "Submit", authorizationTypes: [2] }), expired: true },
  "expired in review [1]": { flow: at({ status: "Authorization", authType: 1, auditStatus: 3 }, POA), expired: true },
};

const EVENTS: Record<FlowEventType, FlowEvent> = {
  confirm: { type: "confirm" },
  "upload-power-of-attorney": { type: "upload-power-of-attorney", fileHash: "new" },
  "legal-rep-approve": { type: "legal-rep-approve" },
  "legal-rep-refuse": { type: "legal-rep-refuse" },
  "bank-amount": { type: "bank-amount", amount: AMOUNT },
  "review-approve": { type: "review-approve" },
  "review-reject": { type: "review-reject", reason: "请加盖与企业名称一致的企业公章" },
};

// Outcome as `status/state AuthType/AuditStatus`, `+org` when a verified organization is created.
const NO = "refused";
type Row = [flow: string, confirm: string, upload: string, approve: string, refuse: string, amount: string, reviewApprove: string, reviewReject: string];
const TABLE: Row[] = [
  ["processing [1]", NO, NO, NO, NO, NO, NO, NO],
  ["create [1]", "Submit/active 0/0", NO, NO, NO, NO, NO, NO],
  ["create [2]", "Submit/active 0/0", NO, NO, NO, NO, NO, NO],
  ["create [5]", "Submit/active 0/0", NO, NO, NO, NO, NO, NO],
  ["submit [1]", NO, "Authorization/active 1/3", NO, NO, NO, NO, NO],
  ["submit [2]", NO, NO, "Authorization/verified 2/0 +org", "Authorization/active 2/0", NO, NO, NO],
  ["submit [5]", NO, "Authorization/active 1/0", NO, NO, "Authorization/active 1/0", NO, NO],
  ["submit [] (company)", NO, "Authorization/active 1/3", "Authorization/verified 2/0 +org", "Authorization/active 2/0", NO, NO, NO],
  ["submit [] (机构编制)", NO, "Authorization/active 1/0", NO, NO, "Authorization/active 1/0", NO, NO],
  ["in review [1]", NO, NO, NO, NO, NO, "Authorization/verified 1/1 +org", "Authorization/active 1/2"],
  ["rejected [1]", NO, "Authorization/active 1/3", NO, NO, NO, NO, NO],
  ["poa only [5]", NO, "Authorization/active 1/0", NO, NO, "Authorization/active 1/3", NO, NO],
  ["amount only [5]", NO, "Authorization/active 1/3", NO, NO, NO, NO, NO],
  ["in review [5]", NO, NO, NO, NO, NO, "Authorization/verified 1/1 +org", "Authorization/active 1/2"],
  ["rejected [5]", NO, "Authorization/active 1/3", NO, NO, NO, NO, NO],
  ["legal rep refused [2]", NO, NO, "Authorization/verified 2/0 +org", "Authorization/active 2/0", NO, NO, NO],
  ["verified [1]", NO, NO, NO, NO, NO, NO, NO],
  ["verified [2]", NO, NO, NO, NO, NO, NO, NO],
  ["cleared [2]", NO, NO, NO, NO, NO, NO, NO],
  ["failed [5]", NO, NO, NO, NO, NO, NO, NO],
  ["expired create [1]", NO, NO, NO, NO, NO, NO, NO],
  ["expired submit [2]", NO, NO, NO, NO, NO, NO, NO],
  // The reviewer still decides what was submitted before the admin's link expired.
  ["expired in review [1]", NO, NO, NO, NO, NO, "Authorization/verified 1/1 +org", "Authorization/active 1/2"],
];

function outcome(name: string, type: FlowEventType): string {
  const { flow, expired = false } = FLOWS[name];
  const result = transition(flow, EVENTS[type], { linkExpired: expired, transferredAmount: AMOUNT });
  if (!result.ok) return NO;
  const after = { ...flow, ...result.patch };
  return `${after.status}/${after.state} ${after.authType}/${after.auditStatus}${result.createsOrganization ? " +org" : ""}`;
}

describe("the authorization flow machine", () => {
  it("covers every flow state of the table", () => {
    assert.deepEqual(TABLE.map((r) => r[0]).sort(), Object.keys(FLOWS).sort());
  });

  for (const [name, ...expected] of TABLE) {
    it(`${name}: every event`, () => {
      const actual = FLOW_EVENT_TYPES.map((type) => outcome(name, type));
      assert.deepEqual(actual, expected, FLOW_EVENT_TYPES.map((t, i) => `${t}: ${actual[i]}`).join("\n"));
      // What a console would offer is exactly what the table allows.
      const { flow, expired = false } = FLOWS[name];
      assert.deepEqual(acceptedEvents(flow, { linkExpired: expired, transferredAmount: AMOUNT }), FLOW_EVENT_TYPES.filter((_, i) => expected[i] !== NO));
    });
  }

  it("refuses with a bilingual message naming the flow, the step, the reason and the state", () => {
    const result = transition(FLOWS["verified [1]"].flow, EVENTS.confirm, { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(!result.ok);
    assert.equal(result.error.code, ILLEGAL_TRANSITION);
    assert.equal(result.error.messageIn("zh-CN"), `认证流 ${ID} 不能确认企业信息：企业已完成认证（当前状态 Authorization/verified）。`);
    assert.equal(result.error.messageIn("en-US"), `Flow ${ID} cannot confirm the enterprise details: the enterprise is already verified (now Authorization/verified).`);
    const expired = transition(FLOWS["expired submit [2]"].flow, EVENTS["legal-rep-approve"], { linkExpired: true, transferredAmount: AMOUNT });
    assert.ok(!expired.ok);
    assert.match(expired.error.messageIn("en-US"), /cannot approve as the legal representative: the flow's link has expired/);
    const wrongType = transition(FLOWS["submit [2]"].flow, EVENTS["upload-power-of-attorney"], { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(!wrongType.ok);
    assert.match(wrongType.error.messageIn("zh-CN"), /不能上传授权书：该认证流的授权方式为 \[2\]，不包含此方式/);
  });

  it("confirms a link without a name or credit code only once the admin filled them in, and never replaces given ones", () => {
    const unnamed = at({ organizationName: "", creditCode: "", authorizationTypes: [2] });
    for (const details of [undefined, { organizationName: "补填科技有限公司" }, { creditCode: "9144030071526726XG" }, { organizationName: "  ", creditCode: " " }]) {
      const refused = transition(unnamed, { type: "confirm", details }, { linkExpired: false, transferredAmount: AMOUNT });
      assert.ok(!refused.ok, JSON.stringify(details));
      assert.equal(refused.error.code, "MissingParameter");
      assert.match(refused.error.messageIn("en-US"), /cannot confirm the enterprise details: the enterprise's name and unified social credit code must be filled in first/);
    }
    assert.deepEqual(acceptedEvents(unnamed, { linkExpired: false, transferredAmount: AMOUNT }), ["confirm"], "the admin can still confirm, by filling them in");
    const filled = transition(unnamed, { type: "confirm", details: { organizationName: " 补填科技有限公司 ", creditCode: " 9144030071526726xg" } }, { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(filled.ok);
    assert.deepEqual(filled.patch, { status: "Submit", organizationName: "补填科技有限公司", creditCode: "9144030071526726XG" });
    const halfNamed = transition(at({ creditCode: "" }), { type: "confirm", details: { organizationName: "别的名字", creditCode: "91110108772551611J" } }, { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(halfNamed.ok);
    assert.deepEqual(halfNamed.patch, { status: "Submit", creditCode: "91110108772551611J" }, "the link's name stays");
  });

  it("checks the bank amount and a rejection's reason", () => {
    const wrong = transition(FLOWS["poa only [5]"].flow, { type: "bank-amount", amount: "9.99" }, { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(!wrong.ok);
    assert.equal(wrong.error.code, "InvalidParameterValue");
    const blank = transition(FLOWS["in review [1]"].flow, { type: "review-reject", reason: "  " }, { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(!blank.ok);
    assert.equal(blank.error.code, "MissingParameter");
    assert.match(amountFromDigest("anything"), /^0\.\d\d$/);
  });

  it("keeps reasons and the uploaded file, and names the callbacks each step warrants", () => {
    const reject = transition(FLOWS["in review [1]"].flow, EVENTS["review-reject"], { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(reject.ok);
    assert.equal(reject.patch.reason, "请加盖与企业名称一致的企业公章");
    assert.deepEqual(reject.messages, ["OrganizationAuthorizationFileReview"]);
    const approve = transition(FLOWS["in review [1]"].flow, EVENTS["review-approve"], { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(approve.ok);
    assert.deepEqual(approve.messages, ["OrganizationAuthorizationFileReview", "CreateOrganization"]);
    const upload = transition(FLOWS["rejected [1]"].flow, EVENTS["upload-power-of-attorney"], { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(upload.ok);
    assert.equal(upload.patch.reason, "");
    assert.deepEqual(upload.patch.options, { authorization: { powerOfAttorney: "new" } });
    assert.deepEqual(upload.messages, ["OrgAuthorizationFileSubmit"]);
    const refuse = transition(FLOWS["submit [2]"].flow, { type: "legal-rep-refuse", reason: "不同意" }, { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(refuse.ok);
    assert.equal(refuse.patch.reason, "不同意");
    const byDefault = transition(FLOWS["submit [2]"].flow, EVENTS["legal-rep-refuse"], { linkExpired: false, transferredAmount: AMOUNT });
    assert.ok(byDefault.ok);
    assert.equal(byDefault.patch.reason, "法定代表人拒绝授权");
  });
});

describe("the authorization flow machine with an injected verification failure", () => {
  const failure = { linkExpired: false, transferredAmount: AMOUNT, verificationFailure: { message: "三要素校验失败: 沙箱注入" } };

  it("fails the flow where the legal representative's approval would verify it", () => {
    const result = transition(FLOWS["submit [2]"].flow, EVENTS["legal-rep-approve"], failure);
    assert.ok(result.ok);
    assert.equal(result.createsOrganization, false);
    assert.deepEqual(result.patch, { status: "Failed", state: "failed", errorMessage: "三要素校验失败: 沙箱注入", reason: "三要素校验失败: 沙箱注入", authType: 2 });
    assert.deepEqual(result.messages, ["OrganizationAuthorization"]);
  });

  for (const name of ["in review [1]", "in review [5]"]) {
    it(`${name}: fails the flow where the reviewer's approval would verify it, the power of attorney rejected for that reason`, () => {
      const result = transition(FLOWS[name].flow, EVENTS["review-approve"], failure);
      assert.ok(result.ok);
      assert.equal(result.createsOrganization, false);
      assert.deepEqual(result.patch, { status: "Failed", state: "failed", errorMessage: "三要素校验失败: 沙箱注入", reason: "三要素校验失败: 沙箱注入", auditStatus: 2 });
      assert.deepEqual(result.messages, ["OrganizationAuthorizationFileReview", "OrganizationAuthorization"]);
      // A failed flow is closed like any other.
      const after = { ...FLOWS[name].flow, ...result.patch };
      assert.deepEqual(acceptedEvents(after, { linkExpired: false, transferredAmount: AMOUNT }), []);
    });
  }

  it("changes no step that does not verify the enterprise, and no refusal", () => {
    for (const [name, ...expected] of TABLE) {
      const { flow, expired = false } = FLOWS[name];
      FLOW_EVENT_TYPES.forEach((type, i) => {
        const plain = transition(flow, EVENTS[type], { linkExpired: expired, transferredAmount: AMOUNT });
        const failing = transition(flow, EVENTS[type], { linkExpired: expired, transferredAmount: AMOUNT, verificationFailure: failure.verificationFailure });
        if (expected[i] === NO || (plain.ok && plain.createsOrganization)) {
          assert.equal(failing.ok, plain.ok, `${name} ${type}`);
          return;
        }
        assert.deepEqual(failing, plain, `${name} ${type}`);
      });
    }
  });
});
