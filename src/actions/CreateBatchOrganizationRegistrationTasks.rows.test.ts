import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { callAs } from "../../test/support/signed-request.ts";
import { UPLOADS, upload } from "../../test/support/sample-documents.ts";
import { exampleEnterprise } from "../../test/support/tasks.ts";
import { ManualClock } from "../platform/clock.ts";
import { ID_NUMBER, mintCreditCode } from "../../test/support/identities.ts";

// Per-enterprise validation (organization-rows.ts): one bad enterprise answers HTTP 200, an empty TaskId and one
// message per enterprise in input order, "" for the good ones (reference §6.3, Appendix B).

// 10:00 in Beijing.
const START = Date.parse("2026-03-02T02:00:00Z");
const MB = 1024 * 1024;
const TASK_ID = /^yD[0-9A-Za-z]{30}$/;

let h: Harness;
let clock: ManualClock;
let seq = 0;

/** A checksum-valid code of a government body or public institution (registration authority 1). */
const govCode = () => mintCreditCode(++seq, "12100000");
const { PNG, JPG, PDF } = UPLOADS;

const org = (i: number, extra: Record<string, unknown> = {}) => exampleEnterprise(`行校验测试企业${++seq}号${i}`, extra);
const poaAdmin = { AdminName: "典子谦", AdminMobile: "13200000000", AdminIdCardNumber: ID_NUMBER };

const register = (harness: Harness, organizations: unknown[], extra: Record<string, unknown> = {}) =>
  callAs(harness.url, harness.tenant, "CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: organizations, ...extra }, { timestamp: Math.floor(clock.now() / 1000) });

/** Three valid enterprises with `override` applied to the one at `at`. */
const batch = (at: number, override: () => Record<string, unknown>) => [0, 1, 2].map((i) => org(i, i === at ? override() : {}));

before(async () => {
  clock = new ManualClock(START);
  h = await startEssd({ clock, autoWork: false });
});
after(() => h.close());

type Row = { title: string; at?: number; org: () => Record<string, unknown>; extra?: Record<string, unknown>; problem?: string };
const wrong = (at: number, what: string) => `第【${at}】条注册信息参数错误，${what},请确认后再试`;

const refused: Row[] = [
  { title: "blank OrganizationName", org: () => ({ OrganizationName: "  " }), problem: "企业名称不能为空" },
  { title: "credit code with a bad check character", org: () => ({ UniformSocialCreditCode: "91310115MA1H8R7C6D" }), problem: "统一社会信用代码不正确(统一社会信用代码校验位错误)" },
  { title: "credit code with 17 characters", org: () => ({ UniformSocialCreditCode: "9144030071526726X" }), problem: "统一社会信用代码不正确(统一社会信用代码长度错误，应为18位，实际为17位)" },
  { title: "doc placeholder credit code", org: () => ({ UniformSocialCreditCode: "9XXXXXXXXXXXXXXXX3" }), problem: "统一社会信用代码不正确(统一社会信用代码第3至8位（登记管理机关行政区划码）须为数字)" },
  { title: "LegalName with digits", org: () => ({ LegalName: "张三1" }), problem: "法人姓名不正确" },
  { title: "address 深圳市科技园 without a district", org: () => ({ Address: "深圳市科技园" }), problem: "地址参数不正确" },
  { title: "AdminName with brackets", org: () => ({ AdminName: "张三（广东）" }), problem: "超管姓名不正确" },
  { title: "10-digit AdminMobile", org: () => ({ AdminMobile: "1870000000" }), problem: "超管手机号不正确" },
  { title: "doc placeholder AdminMobile 187XXXXXXX0", org: () => ({ AdminMobile: "187XXXXXXX0" }), problem: "超管手机号不正确" },
  { title: "AdminMobile with +86", org: () => ({ AdminMobile: "+8618700000000" }), problem: "超管手机号不正确" },
  { title: "ID number 37000019890303000X (checksum, strict)", org: () => ({ AdminIdCardNumber: "37000019890303000X" }), problem: "超管证件号不正确(居民身份证号码校验位错误)" },
  { title: "HK/Macao permit number given as ID_CARD", org: () => ({ AdminIdCardNumber: "H1234567800" }), problem: "超管证件号不正确(居民身份证号码长度错误，应为18位，实际为11位)" },
  {
    title: "HK/Macao permit with 9 digits",
    org: () => ({ AdminIdCardType: "HONGKONG_AND_MACAO", AdminIdCardNumber: "H123456789" }),
    problem: "超管证件号不正确(港澳居民来往内地通行证号码格式错误（应为H或M加8位或10位数字）)",
  },
  { title: "AuthorizationTypes [1,2] (only one allowed)", org: () => ({ AuthorizationTypes: [1, 2] }), problem: "当前仅支持一种授权方式" },
  { title: "AuthorizationTypes [3]", org: () => ({ AuthorizationTypes: [3] }), problem: "授权方式不正确,仅支持1、2、5" },
  { title: "government code with type 2", org: () => ({ UniformSocialCreditCode: govCode(), AuthorizationTypes: [2] }), problem: "政府机关或事业单位仅支持授权书+对公打款(5)的授权方式" },
  { title: "government code with type 1", org: () => ({ UniformSocialCreditCode: govCode(), AuthorizationTypes: [1] }), problem: "政府机关或事业单位仅支持授权书+对公打款(5)的授权方式" },
  {
    title: "PowerOfAttorneys without AdminIdCardNumber",
    org: () => ({ ...poaAdmin, AdminIdCardNumber: undefined, AuthorizationTypes: [1], PowerOfAttorneys: [PDF] }),
    problem: "传递超管授权书时,超管姓名、手机号和证件号必填",
  },
  { title: "PowerOfAttorneys without AdminMobile", org: () => ({ ...poaAdmin, AdminMobile: undefined, PowerOfAttorneys: [PDF] }), problem: "传递超管授权书时,超管姓名、手机号和证件号必填" },
  { title: "PowerOfAttorneys with type 2", org: () => ({ ...poaAdmin, AuthorizationTypes: [2], PowerOfAttorneys: [PDF] }), problem: "传递超管授权书时,授权方式只能是上传授权书(1)" },
  { title: "PowerOfAttorneys with type 5", org: () => ({ ...poaAdmin, AuthorizationTypes: [5], PowerOfAttorneys: [PDF] }), problem: "传递超管授权书时,授权方式只能是上传授权书(1)" },
  {
    title: "BatchAuthMethod 1, type 1 and no power of attorney",
    org: () => ({ AuthorizationTypes: [1] }),
    extra: { BatchAuthMethod: 1 },
    problem: "单链接模式下授权方式为上传授权书时,必须传递超管授权书",
  },
  { title: "BusinessLicense that is a PDF", org: () => ({ BusinessLicense: PDF }), problem: "营业执照不正确(不支持PDF文件，仅支持PNG/JPG)" },
  {
    title: "BusinessLicense that is not base64",
    org: () => ({ BusinessLicense: "营业执照" }),
    problem: "营业执照不正确(文件不是有效的base64编码：含有非法字符（仅允许A-Z、a-z、0-9、+、/及末尾的=）)",
  },
  { title: "BusinessLicense of the doc example (base64 text)", org: () => ({ BusinessLicense: "6JCl5Lia5omn54Wn5q2j6Z2i54Wn" }), problem: "营业执照不正确(无法识别的文件类型，仅支持PNG/JPG)" },
  { title: "BusinessLicense PNG of 5 MB + 1 byte", org: () => ({ BusinessLicense: upload([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 5 * MB + 1) }), problem: "营业执照不正确(文件大小5242881 B超过上限5 MB)" },
  {
    title: "second power of attorney is a GIF",
    org: () => ({ ...poaAdmin, AuthorizationTypes: [1], PowerOfAttorneys: [PNG, upload("GIF89a")] }),
    problem: "第2份授权书不正确(无法识别的文件类型，仅支持PNG/JPG/PDF)",
  },
];

const accepted: Row[] = [
  { title: "HK/Macao permit H1234567800 with HONGKONG_AND_MACAO", org: () => ({ AdminIdCardType: "HONGKONG_AND_MACAO", AdminIdCardNumber: "H1234567800" }) },
  { title: "a checksum-valid ID_CARD number", org: () => ({ AdminIdCardNumber: ID_NUMBER }) },
  { title: "government code with type 5", org: () => ({ UniformSocialCreditCode: govCode(), AuthorizationTypes: [5] }) },
  { title: "no AuthorizationTypes and no Address", org: () => ({ AuthorizationTypes: undefined, Address: undefined }) },
  { title: "AuthorizationTypes [1] with BatchAuthMethod 0", org: () => ({ AuthorizationTypes: [1] }) },
  { title: "power of attorney as PNG", org: () => ({ ...poaAdmin, AuthorizationTypes: [1], PowerOfAttorneys: [PNG] }) },
  { title: "power of attorney as JPG, no AuthorizationTypes", org: () => ({ ...poaAdmin, AuthorizationTypes: undefined, PowerOfAttorneys: [JPG] }) },
  { title: "power of attorney as PDF", org: () => ({ ...poaAdmin, AuthorizationTypes: [1], PowerOfAttorneys: [PDF] }) },
  { title: "BatchAuthMethod 1, type 1 with a power of attorney", org: () => ({ ...poaAdmin, AuthorizationTypes: [1], PowerOfAttorneys: [PDF] }), extra: { BatchAuthMethod: 1 } },
  { title: "BusinessLicense JPG as a data URL", org: () => ({ BusinessLicense: `data:image/jpeg;base64,${JPG}` }) },
  { title: "BusinessLicense PNG of exactly 5 MB", org: () => ({ BusinessLicense: upload([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 5 * MB) }) },
  { title: "empty Address", org: () => ({ Address: "" }) },
];

describe("happy", () => {
  for (const row of accepted) {
    it(`accepts ${row.title}`, async () => {
      const response = await register(h, batch(row.at ?? 1, row.org), row.extra);
      assert.equal(response.Error, undefined, JSON.stringify(response.Error));
      assert.match(response.TaskId, TASK_ID);
      assert.deepEqual(response.ErrorMessages, ["", "", ""]);
    });
  }

  it("37000019890303000X and 91310115MA1H8R7C6D pass with idChecks format", async () => {
    const lenient = await startEssd({ clock, idChecks: "format", autoWork: false });
    try {
      const response = await register(lenient, batch(0, () => ({ AdminIdCardNumber: "37000019890303000X", UniformSocialCreditCode: "91310115MA1H8R7C6D" })));
      assert.match(response.TaskId, TASK_ID);
      assert.deepEqual(response.ErrorMessages, ["", "", ""]);
    } finally {
      await lenient.close();
    }
  });
});

describe("invalid input", () => {
  for (const row of refused) {
    const at = row.at ?? 1;
    it(`refuses ${row.title} with 第【${at}】条…`, async () => {
      const response = await register(h, batch(at, row.org), row.extra);
      assert.equal(response.Error, undefined, JSON.stringify(response.Error));
      assert.equal(response.TaskId, "");
      assert.deepEqual(response.ErrorMessages, [0, 1, 2].map((i) => (i === at ? wrong(at, row.problem!) : "")));
    });
  }

  it("the official example: 测试地址 on the third enterprise → exactly 第【2】条…地址参数不正确", async () => {
    const response = await register(h, batch(2, () => ({ Address: "测试地址" })));
    assert.deepEqual(Object.keys(response).sort(), ["ErrorMessages", "RequestId", "TaskId"]);
    assert.equal(response.TaskId, "");
    assert.deepEqual(response.ErrorMessages, ["", "", "第【2】条注册信息参数错误，地址参数不正确,请确认后再试"]);
  });

  it("indexes are 0-based and every bad enterprise gets its own message", async () => {
    const organizations = [org(0, { UniformSocialCreditCode: "91310115MA1H8R7C6D" }), org(1), org(2, { AdminMobile: "1234" }), org(3, { Address: "测试地址" })];
    const response = await register(h, organizations);
    assert.equal(response.TaskId, "");
    assert.deepEqual(response.ErrorMessages, [
      "第【0】条注册信息参数错误，统一社会信用代码不正确(统一社会信用代码校验位错误),请确认后再试",
      "",
      "第【2】条注册信息参数错误，超管手机号不正确,请确认后再试",
      "第【3】条注册信息参数错误，地址参数不正确,请确认后再试",
    ]);
  });

  it("only the first problem of an enterprise is reported (credit code before mobile)", async () => {
    const response = await register(h, [org(0, { UniformSocialCreditCode: "91310115MA1H8R7C6D", AdminMobile: "1234", Address: "测试地址" })]);
    assert.deepEqual(response.ErrorMessages, ["第【0】条注册信息参数错误，统一社会信用代码不正确(统一社会信用代码校验位错误),请确认后再试"]);
  });
});
