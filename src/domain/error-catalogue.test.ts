/**
 * The error catalogue is closed and documented: the codes essd answers are exactly the list below (adding one means
 * adding it here and to docs/compatibility.md), each with one HTTP status; every message renders in both languages
 * and carries what it was given.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ERROR_CODES, errors, EssError, httpStatusOf, type LocalizedText } from "./errors.ts";

/** Every code essd answers of its own, with its status on the control API and the pages. */
const EXPECTED: Array<[code: string, status: number]> = [
  ["AuthFailure.InvalidAuthorization", 401],
  ["AuthFailure.SecretIdNotFound", 401],
  ["AuthFailure.SignatureExpire", 401],
  ["AuthFailure.SignatureFailure", 401],
  ["AuthFailure.TokenFailure", 401],
  ["UnsupportedProtocol", 405],
  ["InvalidAction", 400],
  ["NoSuchVersion", 400],
  ["InvalidRequest", 400],
  ["RequestSizeLimitExceeded", 413],
  ["RequestLimitExceeded", 429],
  ["InternalError", 500],
  ["InternalError.Db", 503],
  ["ServiceUnavailable", 503],
  ["MissingParameter", 400],
  ["MissingParameter.OrgNameOrUniformSocialCreditCode", 400],
  ["InvalidParameter", 400],
  ["InvalidParameter.AuthorizationType", 400],
  ["InvalidParameter.CardNumber", 400],
  ["InvalidParameter.DataNotFound", 400],
  ["InvalidParameter.EndPoint", 400],
  ["InvalidParameter.FileType", 400],
  ["InvalidParameter.InvalidOperatorId", 400],
  ["InvalidParameter.InvalidOrganizationId", 400],
  ["InvalidParameter.JumpUrl", 400],
  ["InvalidParameter.Mobile", 400],
  ["InvalidParameter.ParamError", 400],
  ["InvalidParameterValue", 400],
  ["UnknownParameter", 400],
  ["ResourceNotFound", 404],
  ["ResourceNotFound.LinkExpired", 410],
  ["ResourceNotFound.LinkReplaced", 410],
  ["OperationDenied.IllegalTransition", 409],
  ["OperationDenied.LinkLocked", 429],
  ["OperationDenied.NoIdentityVerify", 403],
  ["OperationDenied.SubOrgNotJoin", 403],
  ["OperationDenied.UserNotInOrganization", 403],
  ["FailedOperation", 409],
  ["LimitExceeded", 429],
  ["UnsupportedOperation", 409],
  ["AuthFailure.UnauthorizedOperation", 403],
  ["InvalidParameter.Application", 400],
  ["MissingParameter.OrgOpenId", 400],
  ["MissingParameter.ProxyOperatorOpenId", 400],
  ["InvalidParameter.OpenId", 400],
  ["ResourceNotFound.Organization", 404],
  ["InvalidParameter.Limit", 400],
  ["InvalidParameter.Status", 400],
  ["LimitExceeded.ProxyOrganizationOperator", 400],
];

const why: LocalizedText = { zh: "原因甲", en: "reason alpha" };
const flow = { flowId: "yDflow", step: { zh: "确认", en: "confirm" }, why, status: "Create", state: "active" };
const id = "yDsomethingsomethingsomething001";

type Messages = typeof errors;
/** Parameters for every message (the type makes this complete), and names its text must carry beyond them. */
const SAMPLES: { [M in keyof Messages]: { params: Parameters<Messages[M]>; names?: string[] } } = {
  organizationChangeNotFound: { params: [{ changeId: "yDchange" }] },
  organizationChangeDecided: { params: [{ changeId: "yDchange" }] },
  superAdminChangedMeanwhile: { params: [{ name: "Acme Ltd" }] },
  noCreditCodeToVerify: { params: [{ organizationId: "yDorg" }] },
  invalidAuthorization: { params: [{ why }], names: ["Authorization"] },
  secretIdNotFound: { params: [{ secretId: "AKIDnope123" }], names: ["SecretId"] },
  signatureExpire: { params: [{ param: "X-TC-Timestamp", timestamp: "1551113065", serverTime: 1700000000 }] },
  signatureFailure: { params: [{ why }] },
  adminTokenWrong: { params: [], names: ["Authorization: Bearer", "admin-token"] },
  unsupportedProtocol: { params: [{ method: "PUT" }], names: ["GET", "POST"] },
  invalidAction: { params: [{ action: "DescribeNothing" }], names: ["Action"] },
  actionNotImplemented: { params: [{ action: "CreateFlow", service: "ess", version: "2020-11-11", coverageUrl: "http://essd.test/coverage" }], names: ["CreateFlow", "/coverage"] },
  noSuchVersion: { params: [{ version: "2019-01-01", supported: "2020-11-11" }] },
  invalidRequest: { params: [{ why }], names: ["multipart"] },
  requestSizeLimitExceeded: { params: [{ what: { zh: "GET 请求", en: "a GET request" }, limit: "32 KB" }] },
  requestLimitExceeded: { params: [{ action: "DescribeIntegrationEmployees", perSecond: 20 }] },
  internalError: { params: [{ requestId: "s1702447767875624775" }] },
  databaseUnavailable: { params: [{ requestId: "s1702447767875624775" }] },
  serviceStopping: { params: [] },
  missingParameter: { params: [{ name: "Operator.UserId" }], names: ["`Operator.UserId`"] },
  organizationHeaderMissing: { params: [], names: ["X-Essd-Organization"] },
  organizationNameRequiredForH5: { params: [], names: ["OrganizationName", "H5"] },
  adminRequiredWithPowerOfAttorneys: { params: [], names: ["AdminName", "AdminMobile"] },
  adminRequiredWithoutAuthorizationIds: { params: [{ name: "AdminMobile" }], names: ["AuthorizationIds"] },
  adminOrSubTaskIdsMissing: { params: [], names: ["AdminName", "AdminMobile", "SubTaskIds"] },
  faultEnterpriseUnnamed: { params: [], names: ["organizationName", "uniformSocialCreditCode"] },
  flowStepIncomplete: { params: [flow] },
  orgNameOrCreditCodeMissing: { params: [], names: ["OrganizationName", "UniformSocialCreditCode"] },
  invalidParameter: { params: [{ name: "Limit", why }], names: ["`Limit`"] },
  openIdBoundToAnotherUser: { params: [], names: ["OpenId"] },
  openIdAlreadyBoundToUser: { params: [], names: ["OpenId"] },
  userBoundToAnotherOpenId: { params: [], names: ["UserId"] },
  openIdNotBound: { params: [], names: ["OpenId"] },
  openIdBoundToOtherUser: { params: [], names: ["OpenId"] },
  authorizationTypesOnly2And5: { params: [], names: ["AuthorizationTypes"] },
  authorizationTypeWithPowerOfAttorneys: { params: [], names: ["AuthorizationTypes"] },
  adminIdNumberInvalid: { params: [{ reason: why }], names: ["AdminIdCardNumber"] },
  noFlowsInProgress: { params: [] },
  endpointIncorrect: { params: [{ name: "Endpoint", why }] },
  fileTypeInvalid: { params: [{ name: "PowerOfAttorneys.0", reason: why }] },
  powerOfAttorneyInvalid: { params: [{ reason: why }] },
  invalidOperatorId: { params: [], names: ["Operator.UserId"] },
  callerOrganizationGone: { params: [] },
  jumpUrlInvalid: { params: [{ index: 2 }], names: ["JumpEvents.2.JumpUrl"] },
  adminMobileInvalid: { params: [], names: ["AdminMobile"] },
  legalRepMobileInvalid: { params: [], names: ["11"] },
  paramError: { params: [{ name: "Limit", why }] },
  taskNotFound: { params: [{ taskId: id }], names: ["TaskId"] },
  invalidParameterValue: { params: [{ name: "Filters.0.Key", why }], names: ["`Filters.0.Key`"] },
  adminMobileNotMainland: { params: [], names: ["AdminMobile"] },
  authorizationMethodRefused: { params: [], names: ["AuthorizationMethod"] },
  initializationRefused: { params: [], names: ["Initialization"] },
  jumpEventTypeRefused: { params: [{ index: 1 }], names: ["JumpEvents.1.JumpEventType"] },
  userDataRefused: { params: [], names: ["UserData"] },
  creditCodeRefused: { params: [{ reason: why }], names: ["UniformSocialCreditCode"] },
  adminNameRefused: { params: [], names: ["AdminName"] },
  duplicateOrganizationName: { params: [{ name: "Acme Ltd" }] },
  duplicateCreditCode: { params: [{ code: "9144030071526726XG" }] },
  duplicateOrganizationOpenId: { params: [{ openId: "org1" }], names: ["OrganizationOpenId"] },
  duplicateOperatorOpenId: { params: [{ openId: "user1" }], names: ["OpenId"] },
  organizationHeaderUnknown: { params: [{ organizationId: id }], names: ["X-Essd-Organization"] },
  linkUrlNotEssd: { params: [], names: ["url"] },
  callbackUrlInvalid: { params: [{ url: "ftp://example.com" }] },
  callbackKeyInvalid: { params: [], names: ["CallbackUrlKey", "32"] },
  callbackTokenEmpty: { params: [] },
  organizationNameEmpty: { params: [] },
  parentIsSubEnterprise: { params: [{ parentId: id }] },
  enterpriseNameTooLong: { params: [{ max: 200 }] },
  enterpriseCreditCodeInvalid: { params: [{ reason: why }] },
  rejectReasonTooLong: { params: [{ max: 500 }] },
  flowStepValueRefused: { params: [flow] },
  unknownParameter: { params: [{ name: "Employees.0.Foo" }], names: ["`Employees.0.Foo`"] },
  organizationNotFound: { params: [{ organizationId: id }] },
  parentOrganizationNotFound: { params: [{ organizationId: id }] },
  apiKeyNotFound: { params: [{ secretId: "AKIDnope123" }] },
  platformNotFound: { params: [{ platformId: id }] },
  flowNotFound: { params: [{ flowId: id }] },
  powerOfAttorneyMissing: { params: [{ flowId: id }] },
  callbackMessageNotFound: { params: [{ msgId: id }] },
  faultNotFound: { params: [{ id }] },
  employeeNotFound: { params: [{ name: "UserId", userId: "yD" + "0".repeat(30) }], names: ["UserId"] },
  linkNotFound: { params: [] },
  controlEndpointNotFound: { params: [] },
  controlApiSandboxOnly: { params: [] },
  linkExpired: { params: [{ expiredAt: "2026-03-09T02:00:00.000Z" }] },
  linkReplaced: { params: [] },
  illegalTransition: { params: [flow] },
  linkLocked: { params: [{ minutes: 7 }] },
  operatorNotVerified: { params: [{ userId: id }], names: ["Operator.UserId"] },
  proxyOperatorNotVerified: { params: [{ openId: "op-1" }], names: ["Agent.ProxyOperator.OpenId"] },
  subOrganizationNotJoined: { params: [{ proxyOrganizationId: id }], names: ["Agent.ProxyOrganizationId"] },
  operatorNotInOrganization: { params: [{ userId: id }], names: ["Operator.UserId"] },
  allOperatorsFailed: { params: [{ failures: [{ id: "op-1", reason: why }] }] },
  noSubTaskForBatchLink: { params: [{ refusals: ["sub-task yDa does not exist", "sub-task yDb expired"] }] },
  groupMainOnly: { params: [{ organizationId: id }] },
  exportUnsupported: { params: [{ name: "Export" }], names: ["Export"] },
  alreadyInThisGroup: { params: [{ name: "Example Tech" }] },
  notAdminOfAll: { params: [{ names: ["Example Tech", "Sample Works"] }] },
  alreadyInAnotherGroup: { params: [{ name: "Example Tech" }] },
  isGroupItself: { params: [{ name: "Example Tech" }] },
  dailyRegistrationLimit: { params: [{ limit: 50 }] },
  tooManyFaults: { params: [{ max: 1000, held: 998 }] },
  legalRepTextedTooSoon: { params: [{ seconds: 41 }] },
  codeSentTooSoon: { params: [{ seconds: 41 }] },
  bankAmountGuessesUsed: { params: [{ flowId: id, max: 5 }] },
  faultsSandboxOnly: { params: [] },
  clockNotAdjustable: { params: [] },
  keyForOtherService: { params: [{ service: "essbasic" }], names: ["essbasic"] },
  scopeDisagreesWithVersion: { params: [{ scopeService: "ess", version: "2021-05-26", service: "essbasic" }] },
  applicationNotFound: { params: [{ appId: id }], names: ["Agent.AppId"] },
  organizationOpenIdMissing: { params: [], names: ["Agent.ProxyOrganizationOpenId"] },
  operatorOpenIdMissing: { params: [], names: ["Agent.ProxyOperator.OpenId"] },
  openIdTooLong: { params: [{ name: "Agent.ProxyOrganizationOpenId", max: 64 }] },
  subEnterpriseNotActivated: { params: [{ openId: "org-1" }] },
  limitOutOfRange: { params: [{ max: 200 }], names: ["Limit"] },
  statusValueRefused: { params: [{ name: "AuthorizationStatusList.0", why }] },
  tooManyOperators: { params: [{ max: 200 }], names: ["ProxyOrganizationOperators"] },
};

/** What each language's text must contain of the parameters: plain values in both, a LocalizedText's own half in each. */
function expectedParts(value: unknown): { zh: string[]; en: string[] } {
  if (typeof value === "string" || typeof value === "number") return { zh: [String(value)], en: [String(value)] };
  if (Array.isArray(value)) return merge(value.map(expectedParts));
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 2 && keys.includes("zh") && keys.includes("en")) {
      const text = value as LocalizedText;
      return { zh: [text.zh], en: [text.en] };
    }
    return merge(Object.values(value).map(expectedParts));
  }
  return { zh: [], en: [] };
}
const merge = (parts: Array<{ zh: string[]; en: string[] }>) => ({ zh: parts.flatMap((p) => p.zh), en: parts.flatMap((p) => p.en) });

const make = (name: keyof Messages): EssError => (errors[name] as (...args: unknown[]) => EssError)(...SAMPLES[name].params);

describe("the error catalogue", () => {
  it("declares exactly the codes essd answers, each with its one status", () => {
    assert.deepEqual(
      ERROR_CODES.map(({ code, status }) => [code, status]),
      EXPECTED,
    );
  });

  it("gives one meaning to the codes the surfaces used to disagree on", () => {
    assert.equal(httpStatusOf("ResourceNotFound.LinkExpired"), 410);
    assert.equal(httpStatusOf("LimitExceeded"), 429);
    assert.equal(errors.linkExpired({ expiredAt: "then" }).status, 410);
  });

  it("has a sample for every message and no message without a declared code", () => {
    assert.deepEqual(Object.keys(SAMPLES).sort(), Object.keys(errors).sort());
    const codes = new Set(EXPECTED.map(([code]) => code));
    for (const name of Object.keys(errors) as Array<keyof Messages>) assert.ok(codes.has(make(name).code), name);
  });

  for (const name of Object.keys(SAMPLES) as Array<keyof Messages>) {
    it(`${name} renders in both languages with what it was given`, () => {
      const error = make(name);
      assert.ok(error instanceof EssError && error instanceof Error);
      assert.match(error.text.zh, /[\u4e00-\u9fff]/, "zh message has Chinese text");
      assert.doesNotMatch(error.text.en, /[\u4e00-\u9fff]/, "en message has no Chinese text");
      assert.notEqual(error.text.zh, error.text.en);
      const parts = expectedParts(SAMPLES[name].params);
      const names = SAMPLES[name].names ?? [];
      for (const part of [...parts.zh, ...names]) assert.ok(error.text.zh.includes(part), `zh ${JSON.stringify(error.text.zh)} lacks ${part}`);
      for (const part of [...parts.en, ...names]) assert.ok(error.text.en.includes(part), `en ${JSON.stringify(error.text.en)} lacks ${part}`);
      for (const part of parts.en.filter((p) => !parts.zh.includes(p))) assert.ok(!error.text.zh.includes(part), `zh carries the English ${part}`);
      assert.equal(error.messageIn("zh-CN"), error.text.zh);
      assert.equal(error.messageIn("en-US"), error.text.en);
      assert.equal(error.message, `${error.code}: ${error.text.en}`);
    });
  }

  it("cannot throw an undeclared code or a message with the wrong parameters (npm run typecheck enforces the comments)", () => {
    const compileTimeOnly = () => {
      // @ts-expect-error an undeclared message
      errors.somethingWentWrong();
      // @ts-expect-error a parameter the message does not take
      errors.linkExpired({ when: "then" });
      // @ts-expect-error a parameter missing
      errors.flowNotFound({});
      // @ts-expect-error an EssError is made by the catalogue only
      new EssError(Symbol("forged"), "InternalError", { zh: "伪造", en: "forged" });
      // @ts-expect-error an undeclared code
      httpStatusOf("InternalError.Forged");
    };
    assert.equal(typeof compileTimeOnly, "function");
    assert.equal((errors as Record<string, unknown>).somethingWentWrong, undefined);
  });

  it("shows debug details only when asked to", () => {
    const error = errors.signatureFailure({ why }).withDebug("--- CanonicalRequest ---\nPOST");
    assert.equal(error.messageIn("en-US"), error.text.en);
    assert.equal(error.messageIn("en-US", true), `${error.text.en}\n--- CanonicalRequest ---\nPOST`);
    assert.equal(error.messageIn("zh-CN", true), `${error.text.zh}\n--- CanonicalRequest ---\nPOST`);
    const plain = errors.signatureFailure({ why });
    assert.equal(plain.messageIn("zh-CN", true), plain.text.zh);
  });

  it("starts the SignatureFailure message like the real gateway's", () => {
    const error = errors.signatureFailure({ why });
    assert.ok(error.text.en.startsWith("The provided credentials could not be validated. Please check your signature is correct"));
    assert.ok(error.text.zh.startsWith("请求签名验证失败，请检查您的签名计算是否正确"));
  });
});

/** The table docs/compatibility.md quotes, as the catalogue generates it. */
function errorCodeTable(): string[] {
  return [
    "| Code | HTTP status (control API, pages) | When |",
    "|---|---|---|",
    ...ERROR_CODES.map(({ code, status, when }) => `| \`${code}\` | ${status} | ${when.replaceAll("|", "\\|")} |`),
  ];
}

describe("docs/compatibility.md", () => {
  it('quotes the catalogue in "Error codes essd answers"', () => {
    const doc = readFileSync(new URL("../../docs/compatibility.md", import.meta.url), "utf8");
    const section = /^## Error codes essd answers\n([\s\S]*?)(?=^## )/m.exec(doc)?.[1] ?? "";
    const lines = section.split("\n");
    const table = lines.slice(lines.indexOf(errorCodeTable()[0])).filter((line) => line.startsWith("|"));
    assert.deepEqual(table, errorCodeTable(), `replace the section's table with:\n${errorCodeTable().join("\n")}\n`);
  });
});
