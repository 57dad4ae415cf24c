/**
 * One real enterprise (one credit code) as the sub-enterprise of three applications — two of one platform, one of
 * another — each under its own OpenIds. Verification does not carry over ("应用A中的某个企业已经实名, 在应用B中此企业
 * 还需要重新认证"): verified under one application, it stays unverified under the others until they verify it too;
 * then it is the same organization, with the same OrganizationId ("在不同应用下同一个企业会分配通用的ID"). Each
 * application still sees only its own operators. Two applications verifying it at once make one organization. On
 * both backends.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { applyFlowEvent } from "../../domain/authorization/flows.ts";
import { createApplication, createPlatform, type CreatedApplication } from "../../domain/platforms/platforms.ts";
import { openPostgresStore } from "../../store/postgres.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/support/postgres.ts";
import { freshCreditCode } from "../../../test/support/identities.ts";
import { expectSdkError } from "../../../test/support/sdk-errors.ts";
import { essbasicClient, type EssbasicClient } from "../../../test/support/essbasic-client.ts";

const NAME = "共享子客科技有限公司";

interface Sub {
  client: EssbasicClient;
  app: CreatedApplication;
  Agent: { AppId: string; ProxyOrganizationOpenId: string; ProxyOperator: { OpenId: string } };
  mobile: string;
}

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`one enterprise under several applications (${backend})`, () => {
    let h: Harness;
    let database: TestDatabase | undefined;
    const code = freshCreditCode();
    const subs: Record<"a1" | "a2" | "b", Sub> = {} as never;

    const sub = (app: CreatedApplication, organizationOpenId: string, operatorOpenId: string, mobile: string): Sub => ({
      client: essbasicClient(h, app),
      app,
      Agent: { AppId: app.AppId, ProxyOrganizationOpenId: organizationOpenId, ProxyOperator: { OpenId: operatorOpenId } },
      mobile,
    });
    const login = ({ client, Agent, mobile }: Sub) =>
      client.CreateConsoleLoginUrl({ Agent, ProxyOrganizationName: NAME, UniformSocialCreditCode: code, ProxyOperatorName: "张三", ProxyOperatorMobile: mobile, Endpoint: "H5" });
    /** The operator takes the activation flow to verified, as the pages would (confirm, then the legal representative). */
    async function verify(s: Sub) {
      await login(s);
      const owner = (await h.domain.store.getApplication(s.app.AppId))!.organizationId;
      const flowId = (await h.domain.store.getProxyOrganization(s.app.AppId, s.Agent.ProxyOrganizationOpenId))!.flowId!;
      await applyFlowEvent(h.domain, owner, flowId, { type: "confirm" });
      await applyFlowEvent(h.domain, owner, flowId, { type: "legal-rep-approve" });
    }
    const listed = async ({ client, Agent }: Sub) => (await client.DescribeChannelOrganizations({ Agent, Limit: 10 })).ChannelOrganizationInfos!;
    const organizationsWithCode = async () => (await h.domain.store.listOrganizations()).filter((o) => o.creditCode === code);

    before(async () => {
      if (backend === "postgres") database = await createTestDatabase("sharedenterprise");
      h = await startEssd({ autoWork: false, ...(database ? { store: openPostgresStore(database.url, { poolSize: 4, timeoutMs: 5_000 }) } : {}) });
      const platformA = await createPlatform(h.domain, { name: "平台甲" });
      const platformB = await createPlatform(h.domain, { name: "平台乙" });
      subs.a1 = sub(platformA, "shared", "a1-admin", "13800000101");
      subs.a2 = sub(await createApplication(h.domain, platformA.PlatformId), "a2-own-id", "a2-admin", "13800000102");
      // Another platform, with the very OpenIds the first application uses.
      subs.b = sub(platformB, "shared", "a1-admin", "13800000103");
    });
    after(async () => {
      await h?.close();
      await database?.drop();
    });

    it("verified under one application, the enterprise still needs its own verification under the others", async () => {
      await verify(subs.a1);
      const [mine] = await listed(subs.a1);
      assert.deepEqual([mine!.AuthorizationStatus, mine!.AdminOpenId], ["VERIFIED", "a1-admin"]);
      for (const other of [subs.a2, subs.b]) {
        const answer = await login(other);
        assert.deepEqual([answer.IsActivated, answer.ProxyOperatorIsVerified], [false, false], "its console link is the activation flow");
        assert.match(answer.ConsoleUrl!, /\/h5\/register\?token=/);
        // An unverified sub-enterprise's operator cannot list; the store says where it stands.
        await expectSdkError(other.client.DescribeChannelOrganizations({ Agent: other.Agent, Limit: 10 }), "ResourceNotFound.Organization");
        const [row] = (await h.domain.store.pageProxyOrganizations(other.app.AppId, { offset: 0, limit: 10 })).rows;
        assert.deepEqual([row!.authorizationStatus, row!.organizationId], ["UNVERIFIED", null]);
      }
      assert.equal((await organizationsWithCode()).length, 1);
    });

    it("verified again under the other applications, at once, it is the same organization with the same OrganizationId", async () => {
      const [first] = await listed(subs.a1);
      await Promise.all([verify(subs.a2), verify(subs.b)]);
      assert.deepEqual(
        (await organizationsWithCode()).map((o) => o.id),
        [first!.OrganizationId],
        "one organization for the one enterprise",
      );
      for (const [s, admin] of [
        [subs.a2, "a2-admin"],
        [subs.b, "a1-admin"],
      ] as const) {
        const [row] = await listed(s);
        assert.deepEqual([row!.OrganizationId, row!.AuthorizationStatus, row!.OrganizationOpenId, row!.AdminOpenId], [first!.OrganizationId, "VERIFIED", s.Agent.ProxyOrganizationOpenId, admin]);
        const answer = await login(s);
        assert.deepEqual([answer.IsActivated, answer.ProxyOperatorIsVerified], [true, true]);
      }
    });

    it("each application shows only its own operators and its own admin of the shared organization", async () => {
      for (const [s, mobile] of [
        [subs.a1, "138****0101"],
        [subs.a2, "138****0102"],
        [subs.b, "138****0103"],
      ] as const) {
        const [row] = await listed(s);
        assert.equal(row!.AdminMobile, mobile, "the application's own super-admin, never another application's");
        const staff = (await s.client.ChannelDescribeEmployees({ Agent: s.Agent, Limit: 20 })).Employees!;
        assert.deepEqual(
          staff.map((e) => [e.OpenId, e.Mobile, e.Verified]),
          [[s.Agent.ProxyOperator.OpenId, mobile, true]],
        );
      }
      // The organization holds every application's admin; no application lists another's.
      const organizationId = (await listed(subs.a1))[0]!.OrganizationId!;
      assert.equal((await h.domain.store.listEmployees(organizationId, { verified: true }, 0, 20)).total, 3);
      // A1's key naming A2's OpenIds reaches nothing of A2's.
      await expectSdkError(subs.a1.client.ChannelDescribeEmployees({ Agent: { ...subs.a2.Agent, AppId: subs.a1.app.AppId }, Limit: 20 }), "ResourceNotFound.Organization");
    });
  });
}
