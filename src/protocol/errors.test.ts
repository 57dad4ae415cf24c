import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EssError, protocolErrors } from "./errors.ts";

const why = { zh: "原因甲", en: "reason alpha" };

/** Every factory of the catalogue, the code it must produce and the names both messages must carry. */
const catalogue: Array<{ factory: keyof typeof protocolErrors; make: () => EssError; code: string; names: string[] }> = [
  { factory: "invalidAuthorization", make: () => protocolErrors.invalidAuthorization(why), code: "AuthFailure.InvalidAuthorization", names: ["Authorization"] },
  { factory: "secretIdNotFound", make: () => protocolErrors.secretIdNotFound("AKIDnope123"), code: "AuthFailure.SecretIdNotFound", names: ["AKIDnope123", "SecretId"] },
  {
    factory: "signatureExpire",
    make: () => protocolErrors.signatureExpire("X-TC-Timestamp", "1551113065", 1700000000),
    code: "AuthFailure.SignatureExpire",
    names: ["X-TC-Timestamp", "1551113065", "1700000000"],
  },
  { factory: "signatureFailure", make: () => protocolErrors.signatureFailure(why), code: "AuthFailure.SignatureFailure", names: [] },
  { factory: "unsupportedProtocol", make: () => protocolErrors.unsupportedProtocol("PUT"), code: "UnsupportedProtocol", names: ["PUT", "GET", "POST"] },
  { factory: "invalidAction", make: () => protocolErrors.invalidAction("DescribeNothing"), code: "InvalidAction", names: ["DescribeNothing", "Action"] },
  { factory: "noSuchVersion", make: () => protocolErrors.noSuchVersion("2019-01-01", "2020-11-11"), code: "NoSuchVersion", names: ["2019-01-01", "2020-11-11"] },
  { factory: "missingParameter", make: () => protocolErrors.missingParameter("Operator.UserId"), code: "MissingParameter", names: ["`Operator.UserId`"] },
  { factory: "invalidParameter", make: () => protocolErrors.invalidParameter("Limit", why), code: "InvalidParameter", names: ["`Limit`"] },
  { factory: "invalidParameterValue", make: () => protocolErrors.invalidParameterValue("Filters.0.Key", why), code: "InvalidParameterValue", names: ["`Filters.0.Key`"] },
  { factory: "unknownParameter", make: () => protocolErrors.unknownParameter("Employees.0.Foo"), code: "UnknownParameter", names: ["`Employees.0.Foo`"] },
  {
    factory: "requestSizeLimitExceeded",
    make: () => protocolErrors.requestSizeLimitExceeded({ zh: "GET 请求", en: "a GET request" }, "32 KB"),
    code: "RequestSizeLimitExceeded",
    names: ["32 KB"],
  },
  {
    factory: "requestLimitExceeded",
    make: () => protocolErrors.requestLimitExceeded("DescribeIntegrationEmployees", 20),
    code: "RequestLimitExceeded",
    names: ["DescribeIntegrationEmployees", "20"],
  },
  { factory: "invalidRequest", make: () => protocolErrors.invalidRequest(why), code: "InvalidRequest", names: ["multipart"] },
  { factory: "internalError", make: () => protocolErrors.internalError("s1702447767875624775"), code: "InternalError", names: ["s1702447767875624775"] },
  { factory: "databaseUnavailable", make: () => protocolErrors.databaseUnavailable("s1702447767875624775"), code: "InternalError.Db", names: ["s1702447767875624775"] },
];

describe("protocol error catalogue", () => {
  it("covers every factory exactly once", () => {
    assert.deepEqual(catalogue.map((c) => c.factory).sort(), Object.keys(protocolErrors).sort());
  });

  for (const { factory, make, code, names } of catalogue) {
    it(`${factory} → ${code}`, () => {
      const error = make();
      assert.ok(error instanceof EssError);
      assert.ok(error instanceof Error);
      assert.equal(error.code, code);
      assert.notEqual(error.text.zh, error.text.en);
      assert.ok(error.text.zh.length > 0 && error.text.en.length > 0);
      assert.match(error.text.zh, /[\u4e00-\u9fff]/, "zh message has Chinese text");
      assert.doesNotMatch(error.text.en, /[\u4e00-\u9fff]/, "en message has no Chinese text");
      for (const name of names) {
        assert.ok(error.text.zh.includes(name), `zh ${JSON.stringify(error.text.zh)} lacks ${name}`);
        assert.ok(error.text.en.includes(name), `en ${JSON.stringify(error.text.en)} lacks ${name}`);
      }
      assert.equal(error.messageIn("zh-CN"), error.text.zh);
      assert.equal(error.messageIn("en-US"), error.text.en);
      assert.equal(error.message, `${code}: ${error.text.en}`);
    });
  }

  it("passes the reason given in each language through", () => {
    for (const make of [
      () => protocolErrors.invalidAuthorization(why),
      () => protocolErrors.signatureFailure(why),
      () => protocolErrors.invalidParameter("Limit", why),
      () => protocolErrors.invalidParameterValue("Limit", why),
      () => protocolErrors.invalidRequest(why),
    ]) {
      const error = make();
      assert.ok(error.text.zh.includes("原因甲") && !error.text.zh.includes("reason alpha"), error.text.zh);
      assert.ok(error.text.en.includes("reason alpha") && !error.text.en.includes("原因甲"), error.text.en);
    }
  });

  it("shows signature debug details only when asked to", () => {
    const error = protocolErrors.signatureFailure(why, "--- CanonicalRequest ---\nPOST");
    assert.equal(error.messageIn("en-US"), error.text.en);
    assert.equal(error.messageIn("en-US", true), `${error.text.en}\n--- CanonicalRequest ---\nPOST`);
    assert.equal(error.messageIn("zh-CN", true), `${error.text.zh}\n--- CanonicalRequest ---\nPOST`);
    const plain = protocolErrors.signatureFailure(why);
    assert.equal(plain.messageIn("zh-CN", true), plain.text.zh);
  });

  it("the SignatureFailure message starts like the real gateway's", () => {
    const error = protocolErrors.signatureFailure(why);
    assert.ok(error.text.en.startsWith("The provided credentials could not be validated. Please check your signature is correct"));
    assert.ok(error.text.zh.startsWith("请求签名验证失败，请检查您的签名计算是否正确"));
  });
});
