/**
 * DescribeBatchOrganizationRegistrationTasks without TaskIds, for ess and essbasic: the organization's 100 newest
 * sub-tasks, newest first, however many it holds (it used to answer every one of them).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPlatform } from "../domain/platforms/platforms.ts";
import { flowRecord, T0 } from "../store/contract-support.ts";
import type { AuthFlowRecord } from "../store/ports.ts";
import { essbasicClient } from "../../test/support/essbasic-client.ts";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { callAs } from "../../test/support/signed-request.ts";

let h: Harness;

before(async () => {
  h = await startEssd({ autoWork: false });
});
after(() => h.close());

/**
 * 130 sub-tasks of `organizationId` in three tasks (50 and 50 created together, then 30 later), a newer single flow
 * (no SubTaskId): answers the sub-task ids newest first (the later task, then by task and position, last first).
 */
async function storeSubTasks(organizationId: string, prefix: string): Promise<string[]> {
  const flows = (task: string, count: number, createdAt: number): AuthFlowRecord[] =>
    Array.from({ length: count }, (_, position) =>
      flowRecord(`${prefix}-${task}-${position}`, {
        organizationId,
        // 32 letters or digits, as a TaskIds entry must be.
        subTaskId: `${prefix}${task}${String(position).padStart(3, "0")}`.padEnd(32, "0"),
        taskId: `${prefix}-${task}`,
        position,
        createdAt,
        updatedAt: createdAt,
      }),
    );
  const tasks = { a: flows("a", 50, T0), b: flows("b", 50, T0), c: flows("c", 30, T0 + 1_000) };
  for (const [name, taskFlows] of Object.entries(tasks)) {
    await h.domain.store.insertRegistrationTask({ ...taskRecordOf(organizationId, `${prefix}-${name}`), createdAt: taskFlows[0]!.createdAt }, taskFlows);
  }
  await h.domain.store.insertAuthFlow(flowRecord(`${prefix}-single`, { organizationId, taskId: null, subTaskId: null, source: "single", createdAt: T0 + 2_000 }));
  return [...tasks.a, ...tasks.b, ...tasks.c].reverse().map((f) => f.subTaskId!);
}

const taskRecordOf = (organizationId: string, id: string) => ({
  id,
  organizationId,
  operatorId: "op1",
  endpoint: "PC",
  batchAuthMethod: 0,
  state: "done" as const,
  attempts: 1,
  leaseUntil: null,
  nextAttemptAt: T0,
  lastError: null,
  createdAt: T0,
  finishedAt: T0,
});

describe("DescribeBatchOrganizationRegistrationTasks without TaskIds", () => {
  it("ess: the 100 most recently created sub-tasks, newest first; TaskIds still answer in the order asked", async () => {
    const newestFirst = await storeSubTasks(h.tenant.OrganizationId, "ess");
    const all = await callAs(h.url, h.tenant, "DescribeBatchOrganizationRegistrationTasks", {});
    assert.equal(all.Error, undefined, JSON.stringify(all.Error));
    assert.deepEqual(
      all.Details.map((d: { TaskId: string }) => d.TaskId),
      newestFirst.slice(0, 100),
    );
    assert.deepEqual(Object.keys(all.Details[0]).sort(), ["AuthorizationInfoId", "ErrorMessage", "Status", "TaskId"]);
    const oldest = newestFirst.slice(-3);
    const asked = await callAs(h.url, h.tenant, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: oldest });
    assert.deepEqual(asked.Details.map((d: { TaskId: string }) => d.TaskId), oldest, "sub-tasks beyond the newest 100 are still found by id");
  });

  it("essbasic: the same bound over the application's sub-tasks", async () => {
    const app = await createPlatform(h.domain, { name: "子任务上限平台" });
    const owner = (await h.domain.store.getApplication(app.AppId))!.organizationId;
    const newestFirst = await storeSubTasks(owner, "basic");
    const Agent = { AppId: app.AppId, ProxyOrganizationOpenId: "platformorg", ProxyOperator: { OpenId: "platformop" } };
    const { Details } = await essbasicClient(h, app).DescribeBatchOrganizationRegistrationTasks({ Agent });
    assert.deepEqual(Details!.map((d) => d.TaskId), newestFirst.slice(0, 100));
  });
});
