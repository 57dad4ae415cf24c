import assert from "node:assert/strict";
import type { Harness } from "./harness.ts";
import { freshCreditCode } from "./identities.ts";
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

/** A valid enterprise row as in Tencent's example request (鹅鹅子 at Tencent's Shenzhen address), with a fresh credit code; `extra` overrides. */
export const exampleEnterprise = (name: string, extra: Record<string, unknown> = {}) => ({
  OrganizationName: name,
  UniformSocialCreditCode: freshCreditCode(),
  LegalName: "鹅鹅子",
  Address: "深圳市南山区1000号腾讯大厦",
  AdminName: "鹅鹅子",
  AdminMobile: "18700000000",
  AuthorizationTypes: [2],
  ...extra,
});
