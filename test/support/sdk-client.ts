import assert from "node:assert/strict";
import { ess } from "tencentcloud-sdk-nodejs/tencentcloud/services/ess/index.js";
import type { CreatedTenant } from "../../src/domain/tenants.ts";
import type { Harness } from "./harness.ts";

type Key = Pick<CreatedTenant, "SecretId" | "SecretKey">;

/**
 * The official Node SDK's ESS client, unchanged but for the endpoint, as an integrator points it at essd: a
 * harness's (its tenant by default) or any essd's `host:port`.
 */
export function sdkClient(at: { endpoint: string; tenant?: Key }, tenant: Key = at.tenant!, reqMethod: "POST" | "GET" = "POST") {
  return new ess.v20201111.Client({
    credential: { secretId: tenant.SecretId, secretKey: tenant.SecretKey },
    region: "",
    profile: { httpProfile: { endpoint: at.endpoint, protocol: "http://", reqMethod } },
  });
}

type EssClient = ReturnType<typeof sdkClient>;

/** Runs the harness's workers until idle and answers the task's links (asserting it has some). */
export async function registrationUrls(h: Pick<Harness, "drainAll">, client: EssClient, operatorUserId: string, taskId: string) {
  await h.drainAll();
  const urls = (await client.DescribeBatchOrganizationRegistrationUrls({ Operator: { UserId: operatorUserId }, TaskId: taskId })).OrganizationAuthUrls!;
  assert.ok(urls.length, `task ${taskId} has no links once processed`);
  return urls;
}
