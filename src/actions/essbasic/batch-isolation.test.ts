/**
 * Isolation of the batch family across two platforms, two applications of one platform and one ess enterprise,
 * all using the same OpenId strings: no application sees, links, clears or activates another's tasks and flows.
 * On both backends: the task's sub-enterprises are bound in its transaction, which PostgreSQL runs for real.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApplication, createPlatform, type CreatedApplication } from "../../domain/platforms/platforms.ts";
import { openPostgresStore } from "../../store/postgres.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/support/postgres.ts";
import { controlCall } from "../../../test/support/control-request.ts";
import { freshCreditCode } from "../../../test/support/identities.ts";
import { sdkClient } from "../../../test/support/sdk-client.ts";
import { expectSdkError } from "../../../test/support/sdk-errors.ts";
import { essbasicClient, type EssbasicClient } from "../../../test/support/essbasic-client.ts";

const ADMIN = { AdminName: "典子谦", AdminMobile: "13200000009" };
/** Every application registers its sub-enterprise under these same OpenIds. */
const SAME = { OrganizationOpenId: "sameorg", OpenId: "sameuser" };

interface Registered {
  app: CreatedApplication;
  client: EssbasicClient;
  Agent: { AppId: string };
  taskId: string;
  subTaskId: string;
  flowId: string;
  link: string;
}

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`isolation of the essbasic batch family (${backend})`, () => {
    let h: Harness;
    let database: TestDatabase | undefined;
    const apps: Record<"a1" | "a2" | "b", Registered> = {} as never;

    async function register(app: CreatedApplication, name: string): Promise<Registered> {
      const client = essbasicClient(h, app);
      const Agent = { AppId: app.AppId };
      const row = { OrganizationName: name, UniformSocialCreditCode: freshCreditCode(), LegalName: "鹅鹅子", AuthorizationTypes: [2], ...ADMIN, ...SAME };
      const { TaskId } = await client.CreateBatchOrganizationRegistrationTasks({ Agent, RegistrationOrganizations: [row] });
      await h.drainAll();
      const [url] = (await client.DescribeBatchOrganizationRegistrationUrls({ Agent, TaskId: TaskId! })).OrganizationAuthUrls!;
      const { AuthUrl } = await client.CreateBatchOrganizationAuthorizationUrl({ Agent, ...ADMIN, SubTaskIds: [url!.SubTaskId!] });
      const owner = (await h.domain.store.getApplication(app.AppId))!.organizationId;
      const [flow] = await h.domain.store.findAuthFlows(owner, { subTaskIds: [url!.SubTaskId!] });
      return { app, client, Agent, taskId: TaskId!, subTaskId: url!.SubTaskId!, flowId: flow!.id, link: AuthUrl! };
    }

    before(async () => {
      if (backend === "postgres") database = await createTestDatabase("essbasicbatch");
      h = await startEssd({ autoWork: false, ...(database ? { store: openPostgresStore(database.url, { poolSize: 4, timeoutMs: 5_000 }) } : {}) });
      const platformA = await createPlatform(h.domain, { name: "平台甲" });
      const platformB = await createPlatform(h.domain, { name: "平台乙" });
      apps.a1 = await register(platformA, "甲一子客企业");
      apps.a2 = await register(await createApplication(h.domain, platformA.PlatformId), "甲二子客企业");
      apps.b = await register(platformB, "乙子客企业");
    });
    after(async () => {
      await h?.close();
      await database?.drop();
    });

    const pairs = [
      ["a2", "a1", "another application of the same platform"],
      ["b", "a1", "another platform's application"],
    ] as const;
    for (const [viewer, owner, who] of pairs) {
      it(`${who} neither sees, links nor clears the application's task, with the same OpenIds`, async () => {
        const { client, Agent } = apps[viewer];
        const theirs = apps[owner];
        const unknown = await expectSdkError(client.DescribeBatchOrganizationRegistrationUrls({ Agent, TaskId: "yDnoSuchTaskxxxxxxxxxxxxxxxxxxxx" }), "InvalidParameter.ParamError");
        const foreign = await expectSdkError(client.DescribeBatchOrganizationRegistrationUrls({ Agent, TaskId: theirs.taskId }), unknown.code!);
        assert.equal(foreign.message.replace(theirs.taskId, "<id>"), unknown.message.replace("yDnoSuchTaskxxxxxxxxxxxxxxxxxxxx", "<id>"), "answers like an unknown task");
        assert.deepEqual((await client.DescribeBatchOrganizationRegistrationTasks({ Agent, TaskIds: [theirs.subTaskId] })).Details, []);
        await expectSdkError(client.CreateBatchOrganizationAuthorizationUrl({ Agent, ...ADMIN, SubTaskIds: [theirs.subTaskId] }), "FailedOperation");
        const cleared = await client.DeleteOrganizationAuthorizations({ Agent, AuthorizationIds: [theirs.flowId] });
        assert.deepEqual([cleared.Status, cleared.DeleteOrganizationAuthorizationInfos![0]!.Errormessage], [3, "企业认证不存在"]);
        const opened = await controlCall(h.url, apps[viewer].app, "POST", "links/open", { url: theirs.link });
        assert.equal(opened.status, 404, JSON.stringify(opened.json));
        await expectSdkError(client.DescribeBatchOrganizationRegistrationTasks({ Agent: { AppId: theirs.app.AppId }, TaskIds: [theirs.subTaskId] }), "InvalidParameter.Application");
      });
    }

    it("an ess enterprise's calls see none of the applications' sub-tasks, and its key calls no essbasic action", async () => {
      const ess = sdkClient(h);
      const Operator = { UserId: h.tenant.OperatorUserId };
      const subTaskIds = Object.values(apps).map((a) => a.subTaskId);
      assert.deepEqual((await ess.DescribeBatchOrganizationRegistrationTasks({ Operator, TaskIds: subTaskIds })).Details, []);
      await expectSdkError(ess.DescribeBatchOrganizationRegistrationUrls({ Operator, TaskId: apps.a1.taskId }), "InvalidParameter.ParamError");
      const asPlatform = essbasicClient(h, h.tenant);
      await expectSdkError(asPlatform.DescribeBatchOrganizationRegistrationTasks({ Agent: { AppId: apps.a1.app.AppId } }), "AuthFailure.UnauthorizedOperation");
    });

    it("each application lists its own sub-task only, and verifying it activates its own sub-enterprise only", async () => {
      for (const mine of Object.values(apps)) {
        const { Details } = await mine.client.DescribeBatchOrganizationRegistrationTasks({ Agent: mine.Agent });
        assert.deepEqual(Details!.map((d) => d.TaskId), [mine.subTaskId]);
      }
      const { a1 } = apps;
      assert.equal((await controlCall(h.url, a1.app, "POST", `flows/${a1.flowId}/confirm`)).status, 200);
      assert.equal((await controlCall(h.url, a1.app, "POST", `flows/${a1.flowId}/legal-rep-approve`)).json.state, "verified");
      const activated = await Promise.all(Object.values(apps).map(async (a) => (await h.domain.store.getProxyOrganization(a.app.AppId, SAME.OrganizationOpenId))?.organizationId ?? null));
      assert.match(activated[0] ?? "", /^[0-9A-Za-z]{32}$/);
      assert.deepEqual(activated.slice(1), [null, null]);
      // The other applications' flows are untouched by a1's steps.
      for (const other of [apps.a2, apps.b]) {
        const [status] = (await other.client.DescribeBatchOrganizationRegistrationTasks({ Agent: other.Agent, TaskIds: [other.subTaskId] })).Details!;
        assert.equal(status!.Status, "Create");
      }
    });
  });
}
