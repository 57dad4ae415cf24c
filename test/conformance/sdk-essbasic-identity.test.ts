/**
 * essbasic through the official Node SDK: which keys may call which service, the Agent's application and OpenIds,
 * and the isolation of two platforms, two applications and one ess enterprise sharing one essd.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApplication, createPlatform, type CreatedPlatform } from "../../src/domain/platforms/platforms.ts";
import { essbasicClient } from "../support/essbasic-client.ts";
import { startEssd, type Harness } from "../support/harness.ts";
import { sdkClient } from "../support/sdk-client.ts";
import { expectSdkError } from "../support/sdk-errors.ts";

describe("essbasic identities through the official SDK", () => {
  let h: Harness;
  let platformA: CreatedPlatform;
  let platformB: CreatedPlatform;
  let secondAppOfA: Awaited<ReturnType<typeof createApplication>>;
  before(async () => {
    h = await startEssd({ autoWork: false });
    platformA = await createPlatform(h.domain, { name: "甲平台" });
    platformB = await createPlatform(h.domain, { name: "乙平台" });
    secondAppOfA = await createApplication(h.domain, platformA.PlatformId);
  });
  after(() => h.close());

  const agent = (app: { AppId: string }, org = "org-1") => ({ AppId: app.AppId, ProxyOrganizationOpenId: org });

  it("syncs a sub-enterprise with an application's key, in all four signing modes", async () => {
    const modes = [{}, { reqMethod: "GET" as const }, { signMethod: "HmacSHA256" as const }, { signMethod: "HmacSHA1" as const, reqMethod: "GET" as const }];
    for (const [i, mode] of modes.entries()) {
      const answer = await essbasicClient(h, platformA, mode).SyncProxyOrganization({ Agent: agent(platformA, `mode-${i}`), ProxyOrganizationName: `子客企业${i}` });
      assert.match(answer.RequestId!, /\S+/);
    }
    assert.equal((await h.domain.store.listProxyOrganizations(platformA.AppId)).length, modes.length);
  });

  it("refuses an enterprise's key on essbasic and an application's key on ess", async () => {
    const asEnterprise = essbasicClient(h, h.tenant);
    await expectSdkError(asEnterprise.SyncProxyOrganization({ Agent: agent(platformA), ProxyOrganizationName: "子客" }), "AuthFailure.UnauthorizedOperation", "ess");
    const asPlatformOnEss = sdkClient(h, platformA);
    await expectSdkError(asPlatformOnEss.DescribeIntegrationEmployees({ Operator: { UserId: h.tenant.OperatorUserId } }), "AuthFailure.UnauthorizedOperation", "essbasic");
  });

  it("accepts only the signing application's AppId, and checks the OpenIds", async () => {
    const client = essbasicClient(h, platformA);
    for (const other of [platformB, secondAppOfA, { AppId: "yDnoSuchApplication0000000000000" }]) {
      await expectSdkError(client.SyncProxyOrganization({ Agent: agent(other), ProxyOrganizationName: "子客" }), "InvalidParameter.Application", other.AppId);
    }
    await expectSdkError(client.SyncProxyOrganization({ Agent: { AppId: platformA.AppId }, ProxyOrganizationName: "子客" }), "MissingParameter.OrgOpenId");
    await expectSdkError(client.SyncProxyOrganization({ Agent: agent(platformA, "x".repeat(65)), ProxyOrganizationName: "子客" }), "InvalidParameter.OpenId");
    await expectSdkError(client.SyncProxyOrganization({ ProxyOrganizationName: "子客" } as never), "MissingParameter", "Agent");
  });

  it("keeps the same OpenId of two applications apart", async () => {
    await essbasicClient(h, platformA).SyncProxyOrganization({ Agent: agent(platformA, "shared"), ProxyOrganizationName: "甲的子客" });
    await essbasicClient(h, secondAppOfA).SyncProxyOrganization({ Agent: agent(secondAppOfA, "shared"), ProxyOrganizationName: "甲二的子客" });
    await essbasicClient(h, platformB).SyncProxyOrganization({ Agent: agent(platformB, "shared"), ProxyOrganizationName: "乙的子客" });
    const names = await Promise.all([platformA, secondAppOfA, platformB].map(async (p) => (await h.domain.store.getProxyOrganization(p.AppId, "shared"))?.name));
    assert.deepEqual(names, ["甲的子客", "甲二的子客", "乙的子客"]);
  });

  it("syncs operators only for an activated sub-enterprise", async () => {
    const client = essbasicClient(h, platformA);
    await expectSdkError(
      client.SyncProxyOrganizationOperators({ Agent: agent(platformA, "not-active"), OperatorType: "CREATE", ProxyOrganizationOperators: [{ Id: "u1", Name: "张三" }] }),
      "ResourceNotFound.Organization",
      "not-active",
    );
  });
});
