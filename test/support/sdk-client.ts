import { ess } from "tencentcloud-sdk-nodejs/tencentcloud/services/ess/index.js";
import type { CreatedTenant } from "../../src/domain/tenants.ts";
import type { Harness } from "./harness.ts";

/** The official Node SDK's ESS client, unchanged but for the endpoint, as an integrator points it at essd. */
export function sdkClient(h: Pick<Harness, "endpoint" | "tenant">, tenant: Pick<CreatedTenant, "SecretId" | "SecretKey"> = h.tenant, reqMethod: "POST" | "GET" = "POST") {
  return new ess.v20201111.Client({
    credential: { secretId: tenant.SecretId, secretKey: tenant.SecretKey },
    region: "",
    profile: { httpProfile: { endpoint: h.endpoint, protocol: "http://", reqMethod } },
  });
}

type EssClient = ReturnType<typeof sdkClient>;

/** Polls a task's links until the worker has processed it (a generous deadline: a loaded CI machine is no speed test). */
export async function waitForRegistrationUrls(client: EssClient, operatorUserId: string, taskId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const urls = (await client.DescribeBatchOrganizationRegistrationUrls({ Operator: { UserId: operatorUserId }, TaskId: taskId })).OrganizationAuthUrls!;
    if (urls.length) return urls;
    if (Date.now() > deadline) throw new Error(`task ${taskId} was not processed within 15 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
