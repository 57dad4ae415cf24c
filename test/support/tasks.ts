import assert from "node:assert/strict";
import type { Harness } from "./harness.ts";
import { callAs, type Caller } from "./signed-request.ts";

export interface TaskLink {
  SubTaskId: string;
  OrganizationName: string;
  AuthUrl?: string;
  ExpiredTime?: number;
}

/**
 * Creates a registration task of `organizations` as `caller` over the signed API, runs the workers until idle, and
 * answers its TaskId and links. `extra` goes into both calls (an Agent, an Endpoint).
 */
export async function processedTask(
  h: Pick<Harness, "url" | "drainAll">,
  caller: Caller,
  organizations: Array<Record<string, unknown>>,
  options: { extra?: Record<string, unknown>; operatorUserId?: string } = {},
): Promise<{ taskId: string; urls: TaskLink[] }> {
  const as = { operatorUserId: options.operatorUserId };
  const created = await callAs(h.url, caller, "CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: organizations, ...options.extra }, as);
  assert.ok(created.TaskId, `no task: ${JSON.stringify(created.Error ?? created.ErrorMessages)}`);
  await h.drainAll();
  const described = await callAs(h.url, caller, "DescribeBatchOrganizationRegistrationUrls", { TaskId: created.TaskId, ...options.extra }, as);
  assert.ok(described.OrganizationAuthUrls?.length, `task ${created.TaskId} has no links once processed: ${JSON.stringify(described)}`);
  return { taskId: created.TaskId, urls: described.OrganizationAuthUrls };
}
