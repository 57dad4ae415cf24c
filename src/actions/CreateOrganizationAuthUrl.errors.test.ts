import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { callAs } from "../../test/support/signed-request.ts";
import { PNG_MAGIC, UPLOADS, upload } from "../../test/support/sample-documents.ts";
import { ManualClock } from "../platform/clock.ts";

// Every option rule of single-auth-url.ts, each refusal naming the parameter; a refused call stores no flow.

const START = Date.parse("2026-03-02T02:00:00Z");
const MB = 1024 * 1024;
const { PNG, PDF } = UPLOADS;
const GIF = upload("GIF89a");
const ADMIN = { AdminName: "典子谦", AdminMobile: "13200000000" };

let h: Harness;
let clock: ManualClock;

const create = (body: Record<string, unknown>, harness: Harness = h) =>
  callAs(harness.url, harness.tenant, "CreateOrganizationAuthUrl", body, { timestamp: Math.floor(clock.now() / 1000) });
const flowCount = async () => (await h.domain.store.findAuthFlows(h.tenant.OrganizationId, {})).length;

before(async () => {
  clock = new ManualClock(START);
  h = await startEssd({ clock, autoWork: false });
});
after(() => h.close());

type Case = { title: string; body: Record<string, unknown>; code: string; message: string };
const AUTH_TYPES = "不合法的授权方式，请检查修改后重试（AuthorizationTypes 仅支持 2、5）。";
const METHOD = "参数 AuthorizationMethod 取值错误：仅支持 1、2、3，H5 仅支持 1。";
const INIT = "参数 Initialization 取值错误：仅支持 1、2，且 2 仅支持 PC。";
const USER_DATA = "参数 UserData 取值错误：需为 base64，长度不超过4096。";
const POA_ADMIN = "缺少参数：传递授权书时 `AdminName` 和 `AdminMobile` 必填。";
const POA_TYPES = "不合法的授权方式：传递授权书时 AuthorizationTypes 必须且只能传递 5。";
const jumpUrl = (i: number) => `不合法的跳转链接（JumpEvents.${i}.JumpUrl）。`;

const cases: Case[] = [
  // Endpoint and the H5 name requirement.
  { title: "Endpoint XX", body: { Endpoint: "XX" }, code: "InvalidParameter.EndPoint", message: "参数Endpoint不正确：取值应为 PC、APP、SHORT_URL、H5、SHORT_H5 之一。" },
  { title: "H5 without OrganizationName", body: { Endpoint: "H5" }, code: "MissingParameter", message: "缺少参数：`OrganizationName`（Endpoint 为 H5/SHORT_H5 时必填）。" },
  { title: "SHORT_H5 with a blank OrganizationName", body: { Endpoint: "SHORT_H5", OrganizationName: "  " }, code: "MissingParameter", message: "缺少参数：`OrganizationName`（Endpoint 为 H5/SHORT_H5 时必填）。" },
  // AuthorizationTypes.
  { title: "AuthorizationTypes [1]", body: { AuthorizationTypes: [1] }, code: "InvalidParameter.AuthorizationType", message: AUTH_TYPES },
  { title: "AuthorizationTypes [2,3] (the doc's example value)", body: { AuthorizationTypes: [2, 3] }, code: "InvalidParameter.AuthorizationType", message: AUTH_TYPES },
  // AuthorizationMethod.
  { title: "AuthorizationMethod [4]", body: { AuthorizationMethod: [4] }, code: "InvalidParameterValue", message: METHOD },
  { title: "AuthorizationMethod [1,2] on H5", body: { Endpoint: "H5", OrganizationName: "H5企业", AuthorizationMethod: [1, 2] }, code: "InvalidParameterValue", message: METHOD },
  { title: "AuthorizationMethod [3] on SHORT_H5", body: { Endpoint: "SHORT_H5", OrganizationName: "H5企业", AuthorizationMethod: [3] }, code: "InvalidParameterValue", message: METHOD },
  // Initialization.
  { title: "Initialization [3]", body: { Initialization: [3] }, code: "InvalidParameterValue", message: INIT },
  { title: "Initialization [2] on APP", body: { Endpoint: "APP", Initialization: [2] }, code: "InvalidParameterValue", message: INIT },
  { title: "Initialization [1,2] on SHORT_URL", body: { Endpoint: "SHORT_URL", Initialization: [1, 2] }, code: "InvalidParameterValue", message: INIT },
  { title: "Initialization [2] on H5", body: { Endpoint: "H5", OrganizationName: "H5企业", Initialization: [2] }, code: "InvalidParameterValue", message: INIT },
  // JumpEvents.
  { title: "JumpEventType 4", body: { JumpEvents: [{ JumpEventType: 4, JumpUrl: "https://qian.tencent.com/" }] }, code: "InvalidParameterValue", message: "参数 JumpEvents.0.JumpEventType 取值错误：仅支持 1、2、3。" },
  { title: "an ftp JumpUrl", body: { JumpEvents: [{ JumpEventType: 1, JumpUrl: "ftp://example.com/" }] }, code: "InvalidParameter.JumpUrl", message: jumpUrl(0) },
  { title: "a JumpUrl with a space", body: { JumpEvents: [{ JumpEventType: 1, JumpUrl: "https://example.com/a b" }] }, code: "InvalidParameter.JumpUrl", message: jumpUrl(0) },
  { title: "JumpUrl \"true\" on PC", body: { Endpoint: "PC", JumpEvents: [{ JumpEventType: 3, JumpUrl: "true" }] }, code: "InvalidParameter.JumpUrl", message: jumpUrl(0) },
  { title: "an https JumpUrl on APP", body: { Endpoint: "APP", JumpEvents: [{ JumpEventType: 3, JumpUrl: "https://qian.tencent.com/" }] }, code: "InvalidParameter.JumpUrl", message: jumpUrl(0) },
  {
    title: "the second JumpUrl is bad",
    body: { JumpEvents: [{ JumpEventType: 1, JumpUrl: "https://qian.tencent.com/" }, { JumpEventType: 3, JumpUrl: "qian.tencent.com" }] },
    code: "InvalidParameter.JumpUrl",
    message: jumpUrl(1),
  },
  { title: "4 JumpEvents", body: { JumpEvents: [1, 2, 3, 1].map((t) => ({ JumpEventType: t })) }, code: "InvalidParameterValue", message: "参数 `JumpEvents` 取值错误：长度不得超过 3。" },
  // UserData.
  { title: "UserData of 4097 characters", body: { UserData: "A".repeat(4097) }, code: "InvalidParameterValue", message: USER_DATA },
  { title: "UserData in plain text", body: { UserData: "用户的数据" }, code: "InvalidParameterValue", message: USER_DATA },
  { title: "UserData with padding in the middle", body: { UserData: "55So=5oi3" }, code: "InvalidParameterValue", message: USER_DATA },
  // Powers of attorney.
  { title: "PowerOfAttorneys without AdminName", body: { AuthorizationTypes: [5], AdminMobile: "13200000000", PowerOfAttorneys: [PDF] }, code: "MissingParameter", message: POA_ADMIN },
  { title: "PowerOfAttorneys without AdminMobile", body: { AuthorizationTypes: [5], AdminName: "典子谦", PowerOfAttorneys: [PDF] }, code: "MissingParameter", message: POA_ADMIN },
  { title: "PowerOfAttorneys with [2,5]", body: { ...ADMIN, AuthorizationTypes: [2, 5], PowerOfAttorneys: [PDF] }, code: "InvalidParameter.AuthorizationType", message: POA_TYPES },
  { title: "PowerOfAttorneys with [2]", body: { ...ADMIN, AuthorizationTypes: [2], PowerOfAttorneys: [PDF] }, code: "InvalidParameter.AuthorizationType", message: POA_TYPES },
  { title: "PowerOfAttorneys without AuthorizationTypes", body: { ...ADMIN, PowerOfAttorneys: [PDF] }, code: "InvalidParameter.AuthorizationType", message: POA_TYPES },
  // Files.
  { title: "a PDF BusinessLicense", body: { BusinessLicense: PDF }, code: "InvalidParameter.FileType", message: "文件类型不合法（BusinessLicense）：不支持PDF文件，仅支持PNG/JPG" },
  { title: "the doc's BusinessLicense example (a zip)", body: { BusinessLicense: "UEsDBBQACAAIAAAAAAAAAAAAAAAAAAAAAAANAAAAeGwvc3R5bGVzLnhtbKyYXW==" }, code: "InvalidParameter.FileType", message: "文件类型不合法（BusinessLicense）：无法识别的文件类型，仅支持PNG/JPG" },
  {
    title: "the doc's placeholder BusinessLicense (not base64)",
    body: { BusinessLicense: "base64格式的营业执照文件流" },
    code: "InvalidParameter.FileType",
    message: "文件类型不合法（BusinessLicense）：文件不是有效的base64编码：含有非法字符（仅允许A-Z、a-z、0-9、+、/及末尾的=）",
  },
  { title: "an unpadded BusinessLicense", body: { BusinessLicense: PNG.replace(/=+$/, "") }, code: "InvalidParameter.FileType", message: "文件类型不合法（BusinessLicense）：文件不是有效的base64编码：长度须为4的倍数" },
  { title: "a BusinessLicense over 5 MB", body: { BusinessLicense: upload(PNG_MAGIC, 5 * MB + 1) }, code: "InvalidParameter.FileType", message: "文件类型不合法（BusinessLicense）：文件大小5242881 B超过上限5 MB" },
  {
    title: "a GIF as the second power of attorney",
    body: { ...ADMIN, AuthorizationTypes: [5], PowerOfAttorneys: [PNG, GIF] },
    code: "InvalidParameter.FileType",
    message: "文件类型不合法（PowerOfAttorneys.1）：无法识别的文件类型，仅支持PNG/JPG/PDF",
  },
  // Identity data.
  { title: "a credit code with a bad check character", body: { UniformSocialCreditCode: "91310115MA1H8R7C6D" }, code: "InvalidParameterValue", message: "参数 UniformSocialCreditCode 取值错误：统一社会信用代码校验位错误" },
  { title: "a lower-case credit code", body: { UniformSocialCreditCode: "9144030071526726xg" }, code: "InvalidParameterValue", message: "参数 UniformSocialCreditCode 取值错误：统一社会信用代码含有小写字母，字母须为大写" },
  { title: "the doc's ID number 620000198802020000 (strict)", body: { AdminIdCardNumber: "620000198802020000" }, code: "InvalidParameter.CardNumber", message: "不合法的证件信息（AdminIdCardNumber）：居民身份证号码校验位错误" },
  {
    title: "a residence permit that does not start 81/82/83",
    body: { AdminIdCardType: "HONGKONG_MACAO_AND_TAIWAN", AdminIdCardNumber: "11010519491231002X" },
    code: "InvalidParameter.CardNumber",
    message: "不合法的证件信息（AdminIdCardNumber）：港澳台居民居住证号码须以810000（香港）、820000（澳门）或830000（台湾）开头",
  },
  { title: "a 10-digit AdminMobile", body: { AdminMobile: "1320000000" }, code: "InvalidParameter.Mobile", message: "不合法的手机号，请检查后重试（AdminMobile）。" },
  { title: "an AdminName with brackets", body: { AdminName: "典子谦（广东）" }, code: "InvalidParameterValue", message: "参数 AdminName 取值错误：姓名不符合规范。" },
  // Schema.
  { title: "an unknown OrganizationIdCardType", body: { OrganizationIdCardType: "PASSPORT" }, code: "InvalidParameterValue", message: "参数 `OrganizationIdCardType` 取值错误：取值应为 USCC、PRACTICELICENSEOFMEDICALINSTITUTION、CLINICFILLINGCERTIFICATE 之一。" },
  { title: "an AutoJumpUrl over 500 characters", body: { AutoJumpUrl: `https://example.com/${"a".repeat(481)}` }, code: "InvalidParameterValue", message: "参数 `AutoJumpUrl` 取值错误：长度不得超过 500。" },
  { title: "an unknown JumpEvent member", body: { JumpEvents: [{ JumpEventType: 1, Url: "https://example.com" }] }, code: "UnknownParameter", message: "未知参数错误：`JumpEvents.0.Url` 不是该接口定义的参数。" },
];

describe("invalid input", () => {
  for (const c of cases) {
    it(`answers ${c.code} for ${c.title}`, async () => {
      const before = await flowCount();
      const response = await create(c.body);
      assert.deepEqual(response.Error, { Code: c.code, Message: c.message });
      assert.equal(response.AuthUrl, undefined);
      assert.equal(await flowCount(), before);
    });
  }

  it("the doc's ID number passes with idChecks format", async () => {
    const lenient = await startEssd({ clock, idChecks: "format", autoWork: false });
    try {
      const response = await create({ AdminName: "李四", AdminIdCardNumber: "620000198802020000", UniformSocialCreditCode: "91310115MA1H8R7C6D" }, lenient);
      assert.equal(response.Error, undefined, JSON.stringify(response.Error));
      assert.ok(response.AuthUrl);
    } finally {
      await lenient.close();
    }
  });
});
