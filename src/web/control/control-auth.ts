/**
 * Who is calling the control API: the tenant's own key, verified exactly as an API call (TC3-HMAC-SHA256 over
 * the raw body, `authenticate` in src/protocol). TC3's canonical URI is always `/`, so the path is bound to the
 * signature another way: `X-TC-Action` must name it (`flows/<id>/confirm`) and be one of the SignedHeaders.
 */
import type { DomainDeps } from "../../domain/deps.ts";
import { resolveApiKey } from "../../domain/api-keys.ts";
import { signatureSeconds } from "../../platform/clock.ts";
import { authenticate } from "../../protocol/authenticate.ts";
import { protocolErrors } from "../../protocol/errors.ts";
import { parseAuthorization } from "../../protocol/signature-v3.ts";
import type { WireRequest } from "../../protocol/wire-request.ts";

export const CONTROL_PREFIX = "/_essd/";

/** Answers the caller's organization, or throws the AuthFailure a signed API call would get. */
export async function authenticateControl(req: WireRequest, deps: DomainDeps, explainSignatureFailures: boolean): Promise<string> {
  if (req.headers["authorization"] === undefined) {
    throw protocolErrors.invalidAuthorization({
      zh: "控制接口须用 TC3-HMAC-SHA256 签名（Authorization 请求头），与 API 调用相同。",
      en: "control calls are signed with TC3-HMAC-SHA256 (the Authorization header), like API calls.",
    });
  }
  const call = await authenticate(req, {
    resolveKey: (secretId) => resolveApiKey(deps, secretId),
    nowSeconds: signatureSeconds(deps.clock),
    explainSignatureFailures,
  });
  const path = new URL(req.rawUrl, "http://essd").pathname.slice(CONTROL_PREFIX.length);
  const signed = parseAuthorization(req.headers["authorization"] ?? "")?.signedHeaders ?? [];
  if (call.action !== path || !signed.includes("x-tc-action")) {
    throw protocolErrors.invalidAuthorization({
      zh: `控制接口的 X-TC-Action 须为路径 ${path}，且列入 SignedHeaders。`,
      en: `a control call's X-TC-Action must be its path, ${path}, and be one of the SignedHeaders.`,
    });
  }
  return call.organizationId;
}
