import { essbasic } from "tencentcloud-sdk-nodejs/tencentcloud/services/essbasic/index.js";

type Key = { SecretId: string; SecretKey: string };

/**
 * The official Node SDK's essbasic client, unchanged but for the endpoint, as a platform points it at essd. It
 * signs with the endpoint's first label as the TC3 service, so the Version is what tells essbasic from ess.
 */
export function essbasicClient(at: { endpoint: string }, key: Key, options: { reqMethod?: "POST" | "GET"; signMethod?: "TC3-HMAC-SHA256" | "HmacSHA256" | "HmacSHA1" } = {}) {
  return new essbasic.v20210526.Client({
    credential: { secretId: key.SecretId, secretKey: key.SecretKey },
    region: "",
    profile: { signMethod: options.signMethod, httpProfile: { endpoint: at.endpoint, protocol: "http://", reqMethod: options.reqMethod ?? "POST" } },
  });
}

export type EssbasicClient = ReturnType<typeof essbasicClient>;
