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
