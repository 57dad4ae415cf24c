/**
 * An enterprise verified the way an integrator's would be: registered by `tenant` through the signed API, its
 * details confirmed and its legal representative's approval given through the sandbox control API. What it
 * becomes (its super-admin holding `adminMobile`) is then whatever essd made of it.
 */
import assert from "node:assert/strict";
import type { CreatedTenant } from "../../src/domain/tenants.ts";
import { controlCall } from "./control-request.ts";
import type { Harness } from "./harness.ts";
import { callAs } from "./signed-request.ts";
import { exampleEnterprise, processedTask } from "./tasks.ts";

export async function verifiedEnterprise(
  h: Harness,
  tenant: CreatedTenant,
  input: { name: string; creditCode: string; adminMobile: string; adminName?: string },
): Promise<{ organizationId: string; flowId: string }> {
  const row = exampleEnterprise(input.name, { UniformSocialCreditCode: input.creditCode, AdminMobile: input.adminMobile, AdminName: input.adminName ?? "鹅鹅子" });
  const { urls } = await processedTask(h, tenant, [row]);
  const { Details } = await callAs(h.url, tenant, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: [urls[0]!.SubTaskId] });
  const flowId: string = Details[0].AuthorizationInfoId;
  for (const step of ["confirm", "legal-rep-approve"]) {
    const { status, json } = await controlCall(h.url, tenant, "POST", `flows/${flowId}/${step}`, {});
    assert.equal(status, 200, `${step}: ${JSON.stringify(json)}`);
    if (step === "legal-rep-approve") return { organizationId: json.organizationId, flowId };
  }
  throw new Error("unreachable");
}
