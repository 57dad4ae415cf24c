/**
 * The generated Node snippet is run, unmodified, with node against a live essd in every signing mode; the
 * Python, Go and Java snippets (no runtimes here) are checked for their shape and for parameters that decode
 * back to exactly what the explorer sent.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { checkSnippetRequest, generateSnippets, GO_LIVE, goLive, type SnippetRequest } from "./snippets.ts";
import { createPlatform } from "../../domain/platforms/platforms.ts";

const run = promisify(execFile);
// Inside the repository, so `tencentcloud-sdk-nodejs` resolves from its node_modules; test-artifacts/ is ignored by git.
const ARTIFACTS = join(import.meta.dirname, "..", "..", "..", "test-artifacts");

describe("the Node snippet runs against a live essd", () => {
  let h: Harness;
  let dir: string;
  before(async () => {
    h = await startEssd();
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(ARTIFACTS, "snippet-"));
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const modes = [
    { signMethod: "TC3-HMAC-SHA256", reqMethod: "POST" },
    { signMethod: "TC3-HMAC-SHA256", reqMethod: "GET" },
    { signMethod: "HmacSHA256", reqMethod: "POST" },
    { signMethod: "HmacSHA1", reqMethod: "GET" },
  ] as const;
  for (const mode of modes) {
    it(`DescribeIntegrationEmployees, ${mode.signMethod} over ${mode.reqMethod}`, async () => {
      const { node } = generateSnippets({
        ...mode,
        action: "DescribeIntegrationEmployees",
        params: { Operator: { UserId: h.tenant.OperatorUserId }, Limit: 10, Filters: [{ Key: "Status", Values: ["IsVerified"] }] },
        endpoint: h.endpoint,
      });
      const file = join(dir, `call-${mode.signMethod}-${mode.reqMethod}.mjs`);
      writeFileSync(file, node);
      const { stdout } = await run(process.execPath, [file], {
        env: { ...process.env, TENCENTCLOUD_SECRET_ID: h.tenant.SecretId, TENCENTCLOUD_SECRET_KEY: h.tenant.SecretKey },
        timeout: 30_000,
      });
      const response = JSON.parse(stdout);
      assert.match(response.RequestId, /^[0-9a-f-]{36}$/);
      assert.equal(response.TotalCount, 1);
      assert.equal(response.Employees[0].UserId, h.tenant.OperatorUserId);
    });
  }

  it("an essbasic snippet runs with the platform application's key and the essbasic client", async () => {
    const platform = await createPlatform(h.domain, { name: "片段平台" });
    const params = { Agent: { AppId: platform.AppId, ProxyOrganizationOpenId: "snippet-org", ProxyOperator: { OpenId: "snippet-op" } }, ProxyOrganizationName: "片段子客企业" };
    for (const mode of [modes[0], modes[3]]) {
      const { node } = generateSnippets({ ...mode, service: "essbasic", action: "SyncProxyOrganization", params, endpoint: h.endpoint });
      assert.ok(node.includes("new essbasic.v20210526.Client(") && node.includes(goLive("essbasic")));
      const file = join(dir, `call-essbasic-${mode.signMethod}-${mode.reqMethod}.mjs`);
      writeFileSync(file, node);
      const { stdout } = await run(process.execPath, [file], {
        env: { ...process.env, TENCENTCLOUD_SECRET_ID: platform.SecretId, TENCENTCLOUD_SECRET_KEY: platform.SecretKey },
        timeout: 30_000,
      });
      assert.match(JSON.parse(stdout).RequestId, /^[0-9a-f-]{36}$/);
    }
    assert.equal((await h.domain.store.getProxyOrganization(platform.AppId, "snippet-org"))?.name, "片段子客企业");
  });

  it("a wrong key makes the snippet report the error code and exit 1", async () => {
    const { node } = generateSnippets({ action: "DescribeIntegrationEmployees", params: { Operator: { UserId: h.tenant.OperatorUserId } }, endpoint: h.endpoint, signMethod: "TC3-HMAC-SHA256", reqMethod: "POST" });
    const file = join(dir, "call-wrong.mjs");
    writeFileSync(file, node);
    const failure = await run(process.execPath, [file], { env: { ...process.env, TENCENTCLOUD_SECRET_ID: h.tenant.SecretId, TENCENTCLOUD_SECRET_KEY: "wrong" } }).then(
      () => assert.fail("succeeded with a wrong key"),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(failure.code, 1);
    assert.match(failure.stderr, /AuthFailure\.SignatureFailure/);
  });
});

describe("snippet shapes", () => {
  const tricky: SnippetRequest = {
    action: "CreateBatchOrganizationRegistrationTasks",
    params: {
      Operator: { UserId: "yDw6yUUgyg3caowzUx4GQptRKfMnJqX8" },
      RegistrationOrganizations: [
        { OrganizationName: `示例'''"\\公司\`${"$"}{x}`, UniformSocialCreditCode: "9144030071526726XG", LegalName: "张三", AuthorizationTypes: [2] },
        { OrganizationName: "第二家\n公司", UniformSocialCreditCode: "91110108772551611J", LegalName: "李四" },
      ],
      BatchAuthMethod: 1,
    },
    endpoint: "127.0.0.1:8080",
    signMethod: "HmacSHA256",
    reqMethod: "GET",
  };
  const snippets = generateSnippets(tricky);

  for (const [language, code] of Object.entries(snippets)) {
    it(`${language}: names the action, the endpoint override with http, the go-live comment, the signing options, env credentials`, () => {
      assert.ok(code.includes("CreateBatchOrganizationRegistrationTasks"));
      assert.ok(code.includes(`"127.0.0.1:8080"`));
      assert.match(code, /http:\/\/|"http"|"HTTP"/);
      assert.ok(code.includes(GO_LIVE), "the one line to change to go live");
      assert.ok(code.includes(`"HmacSHA256"`) && code.includes(`"GET"`));
      assert.ok(code.includes("TENCENTCLOUD_SECRET_ID") && code.includes("TENCENTCLOUD_SECRET_KEY"));
      assert.ok(!/AKID[0-9A-Za-z]{20,}/.test(code), "no credential in the code");
    });
  }

  it("python: the raw ''' string decodes to the exact params", () => {
    const json = /params = r'''([\s\S]*?)'''\n/.exec(snippets.python)![1];
    assert.deepEqual(JSON.parse(json), tricky.params);
    assert.ok(snippets.python.includes("models.CreateBatchOrganizationRegistrationTasksRequest()"));
  });

  it("go: the raw ` string decodes to the exact params", () => {
    const json = /params := `([\s\S]*?)`\n/.exec(snippets.go)![1];
    assert.deepEqual(JSON.parse(json), tricky.params);
    assert.ok(snippets.go.includes("ess.NewCreateBatchOrganizationRegistrationTasksRequest()"));
  });

  it("java: the concatenated literals decode to the exact params", () => {
    const literals = /String params = ([\s\S]*?);\n/.exec(snippets.java)![1];
    const text = literals.split(/ \+\n\s*/).map((l) => JSON.parse(l) as string).join("");
    assert.deepEqual(JSON.parse(text), tricky.params);
    assert.ok(!/\\u000[aAdD]/.test(literals), "Java would turn a \\u000a escape into a line break before parsing");
    assert.ok(snippets.java.includes("AbstractModel.fromJsonString(params, CreateBatchOrganizationRegistrationTasksRequest.class)"));
  });

  it("node: params are a JavaScript object literal equal to the input", () => {
    const literal = /const params = ([\s\S]*?);\n\ntry/.exec(snippets.node)![1];
    assert.deepEqual(JSON.parse(literal), tricky.params);
  });

  it("essbasic: every language uses the essbasic client, models and go-live host", () => {
    const code = generateSnippets({ ...tricky, service: "essbasic", action: "DescribeChannelOrganizations" });
    assert.ok(code.node.includes('import { essbasic } from "tencentcloud-sdk-nodejs/tencentcloud/services/essbasic/index.js"'));
    assert.ok(code.python.includes("from tencentcloud.essbasic.v20210526 import essbasic_client, models") && code.python.includes("essbasic_client.EssbasicClient(cred"));
    assert.ok(code.go.includes('essbasic "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/essbasic/v20210526"') && code.go.includes("essbasic.NewDescribeChannelOrganizationsRequest()"));
    assert.ok(code.java.includes("import com.tencentcloudapi.essbasic.v20210526.models.DescribeChannelOrganizationsRequest;") && code.java.includes("EssbasicClient client = new EssbasicClient("));
    for (const text of Object.values(code)) {
      assert.ok(text.includes(goLive("essbasic")) && !text.includes("ess.tencentcloudapi.com"), "goes live at essbasic's host");
      assert.ok(!/\bess\.v20201111|tencentcloud\.ess\.|tencentcloud\/ess\//.test(text), "no ess client left");
    }
  });

  it("checkSnippetRequest refuses input the explorer would not send", () => {
    const ok = { action: "DescribeIntegrationEmployees", params: {}, endpoint: "127.0.0.1:8080", signMethod: "TC3-HMAC-SHA256", reqMethod: "POST" };
    assert.deepEqual(checkSnippetRequest(ok), ok);
    assert.doesNotThrow(() => checkSnippetRequest({ ...ok, service: "essbasic" }));
    assert.doesNotThrow(() => checkSnippetRequest({ ...ok, endpoint: "[::1]:8080" }));
    for (const bad of [
      { ...ok, action: "Describe\"); System.exit(1); //" },
      { ...ok, endpoint: "evil.com/\n" },
      { ...ok, signMethod: "MD5" },
      { ...ok, reqMethod: "PUT" },
      { ...ok, service: "cvm" },
      { ...ok, params: [] },
      null,
    ]) {
      assert.throws(() => checkSnippetRequest(bad), JSON.stringify(bad));
    }
  });
});
