/**
 * Who is calling the control API: the tenant's own key, verified exactly as an API call (TC3-HMAC-SHA256 over
 * the raw body, `authenticate` in src/protocol). TC3's canonical URI is always `/`, so the path is bound to the
 * signature another way: `X-TC-Action` must name it (`flows/<id>/confirm`) and be one of the SignedHeaders.
 * Or the installation's admin token as a Bearer token, with the tenant named by `X-Essd-Organization` (an
 * OrganizationId, or a platform application's AppId).
 */
import { bearerToken } from "../request-parts.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { isAdminToken } from "../../domain/admin-token.ts";
import { errors } from "../../domain/errors.ts";
import { resolveApiKey } from "../../domain/api-keys.ts";
import { signatureSeconds } from "../../platform/clock.ts";
import { authenticate } from "../../protocol/authenticate.ts";
import { parseAuthorization } from "../../protocol/signature-v3.ts";
import type { WireRequest } from "../../protocol/wire-request.ts";

export const CONTROL_PREFIX = "/_essd/";
/** With the admin token, the tenant the call acts for. */
export const ORGANIZATION_HEADER = "x-essd-organization";

/** Answers the caller's organization, or throws the AuthFailure a signed API call would get. */
export async function authenticateControl(req: WireRequest, deps: DomainDeps, explainSignatureFailures: boolean): Promise<string> {
  const bearer = bearerToken(req.headers["authorization"]);
  if (bearer) return authenticateAdmin(deps, bearer, req.headers[ORGANIZATION_HEADER]);
  if (req.headers["authorization"] === undefined) {
    throw errors.invalidAuthorization({
      why: {
        zh: "控制接口须用 TC3-HMAC-SHA256 签名（Authorization 请求头），与 API 调用相同；或使用 Authorization: Bearer <管理员令牌> 及 X-Essd-Organization。",
        en: "control calls are signed with TC3-HMAC-SHA256 (the Authorization header), like API calls, or carry Authorization: Bearer <admin token> and X-Essd-Organization.",
      },
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
    throw errors.invalidAuthorization({
      why: {
        zh: `控制接口的 X-TC-Action 须为路径 ${path}，且列入 SignedHeaders。`,
        en: `a control call's X-TC-Action must be its path, ${path}, and be one of the SignedHeaders.`,
      },
    });
  }
  return call.organizationId;
}

/**
 * The installation's admin (CI of a platform hosting several tenants): `Authorization: Bearer <admin token>` and
 * `X-Essd-Organization: <OrganizationId>` naming the tenant to act for, which must exist.
 */
async function authenticateAdmin(deps: DomainDeps, token: string, organizationId: string | undefined): Promise<string> {
  if (!(await isAdminToken(deps, token))) {
    throw errors.adminTokenWrong();
  }
  const id = organizationId?.trim();
  if (!id) throw errors.organizationHeaderMissing();
  if (await deps.store.getOrganization(id)) return id;
  // A platform knows its application by AppId, never by the organization row that backs it.
  const application = await deps.store.getApplication(id);
  if (application) return application.organizationId;
  throw errors.organizationHeaderUnknown({ organizationId: id });
}
