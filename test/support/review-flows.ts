import assert from "node:assert/strict";
import type { CreatedTenant } from "../../src/domain/tenants.ts";
import type { Harness } from "./harness.ts";
import { controlCall } from "./control-request.ts";
import { CREDIT_CODES } from "./identities.ts";
import { callAs } from "./signed-request.ts";
import { processedTask } from "./tasks.ts";

export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("IHDR review console test")]);
export const PDF = Buffer.from("%PDF-1.7\n1 0 obj\n<< >>\nendobj\n");
export const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF review")]);

let next = 0;

/**
 * A one-enterprise task of `tenant`, created over the signed API and processed: its flow, sub-task and
 * registration link. The admin is 李四 (13800000001), the legal representative 张三.
 */
export async function processedFlow(
  h: Harness,
  tenant: CreatedTenant,
  name: string,
  options: { authorizationTypes?: number[]; creditCode?: string } = {},
): Promise<{ flowId: string; subTaskId: string; authUrl: string }> {
  const enterprise = {
    OrganizationName: name,
    UniformSocialCreditCode: options.creditCode ?? CREDIT_CODES[0],
    AuthorizationTypes: options.authorizationTypes ?? [2],
    LegalName: "张三",
    AdminName: "李四",
    AdminMobile: "13800000001",
  };
  const { urls } = await processedTask(h, tenant, [enterprise]);
  const { SubTaskId, AuthUrl } = urls[0]!;
  const { Details } = await callAs(h.url, tenant, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: [SubTaskId] });
  return { flowId: Details[0].AuthorizationInfoId, subTaskId: SubTaskId, authUrl: AuthUrl! };
}

/**
 * A one-enterprise task of `tenant` (AuthorizationTypes 1), processed, confirmed and given a power of attorney
 * through the control API: the flow awaits review (AuditStatus 3).
 */
export async function flowUnderReview(h: Harness, tenant: CreatedTenant, name: string, file: Buffer = PNG): Promise<{ flowId: string; subTaskId: string }> {
  const { flowId, subTaskId } = await processedFlow(h, tenant, name, { authorizationTypes: [1], creditCode: CREDIT_CODES[next++ % CREDIT_CODES.length] });
  const confirmed = await controlCall(h.url, tenant, "POST", `flows/${flowId}/confirm`);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json));
  const uploaded = await controlCall(h.url, tenant, "POST", `flows/${flowId}/upload-power-of-attorney`, { file: file.toString("base64") });
  assert.equal(uploaded.status, 200, JSON.stringify(uploaded.json));
  assert.equal(uploaded.json.auditStatus, 3);
  return { flowId, subTaskId };
}
