/**
 * The sandbox control API under `/_essd/`: drives authorization flows through the steps an enterprise's admin,
 * legal representative and reviewer take on real ESS pages, moves time, and resets a tenant. Signed with the
 * tenant's own key and scoped to its organization; every URL answers 404 in `--mode production`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config/config.ts";
import { sendLegalRepLink } from "../../domain/admin-link.ts";
import { applyFlowEvent, describeFlow, uploadPowerOfAttorney } from "../../domain/authorization/flows.ts";
import type { FlowEvent } from "../../domain/authorization/flow-machine.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { EssError, essError } from "../../domain/errors.ts";
import { POWER_OF_ATTORNEY_MAX_BYTES } from "../../domain/registration/organization-rows.ts";
import { checkBase64File } from "../../domain/identity/index.ts";
import { advanceClock, resetRegistrations } from "../../domain/sandbox.ts";
import type { WireRequest } from "../../protocol/wire-request.ts";
import { authenticateControl, CONTROL_PREFIX } from "./control-auth.ts";
import { flowView } from "./flow-view.ts";
import { optionalString, requiredString, type Body, type ControlRoute, type Handler } from "./control-route.ts";
import { reviewPolicyRoutes } from "./review-routes.ts";
import { outboxRoutes } from "./outbox-routes.ts";
import { faultRoutes } from "./fault-routes.ts";

/** Room for the largest power of attorney in Base64 (4/3 of 8 MB) and its JSON around it. */
export const CONTROL_BODY_LIMIT = 12 * 1024 * 1024;

export function registerControlRoutes(app: FastifyInstance, options: { config: Config; domain: DomainDeps }): void {
  const { config, domain } = options;
  const sandbox = config.mode === "sandbox";
  const flowEvent = (toEvent: (body: Body) => FlowEvent): Handler => async (org, body, params) =>
    flowView(domain, await applyFlowEvent(domain, org, params.id!, toEvent(body)));

  // Each group of control endpoints lives in its own module; this is the one place they are mounted.
  const routes: ControlRoute[] = [
    ["GET", "flows/:id", async (org, _body, params) => flowView(domain, await describeFlow(domain, org, params.id!))],
    ["POST", "flows/:id/confirm", flowEvent((body) => ({ type: "confirm", details: { organizationName: optionalString(body, "organizationName"), creditCode: optionalString(body, "creditCode") } }))],
    ["POST", "flows/:id/upload-power-of-attorney", async (org, body, params) => flowView(domain, await uploadPowerOfAttorney(domain, org, params.id!, checkedFile(body.file)))],
    ["POST", "flows/:id/legal-rep-link", async (org, body, params) => {
      await sendLegalRepLink(domain, { organizationId: org, flowId: params.id!, mobile: requiredString(body, "mobile") });
      return flowView(domain, await describeFlow(domain, org, params.id!));
    }],
    ["POST", "flows/:id/legal-rep-approve", flowEvent(() => ({ type: "legal-rep-approve" }))],
    ["POST", "flows/:id/legal-rep-refuse", flowEvent((body) => ({ type: "legal-rep-refuse", reason: optionalString(body, "reason") }))],
    ["POST", "flows/:id/bank-amount", flowEvent((body) => ({ type: "bank-amount", amount: requiredString(body, "amount") }))],
    ["POST", "flows/:id/review", flowEvent(reviewEvent)],
    ["POST", "clock/advance", async (_org, body) => ({ now: Math.floor((await advanceClock(domain, body.seconds)).now / 1000) })],
    ["POST", "tenants/reset", async (org) => ({ deleted: await resetRegistrations(domain, org) })],
    ...reviewPolicyRoutes(domain),
    ...outboxRoutes(domain),
    ...faultRoutes(domain),
  ];

  for (const [method, url, handler] of routes) {
    app.route({
      method,
      url: `${CONTROL_PREFIX}${url}`,
      bodyLimit: CONTROL_BODY_LIMIT,
      handler: async (req, reply) => {
        if (!sandbox) return notInProduction(reply);
        try {
          const organizationId = await authenticateControl(wireOf(req), domain, sandbox);
          const answer = await handler(organizationId, parseBody(req.body), req.params as Record<string, string>, req.query as Record<string, string>);
          return reply.code(200).type("application/json").send(answer);
        } catch (error) {
          return sendError(req, reply, error);
        }
      },
    });
  }
  // Anything else under the prefix: a JSON 404 (also the answer to every control URL in production).
  app.all(`${CONTROL_PREFIX}*`, async (_req, reply) =>
    sandbox ? sendJsonError(reply, 404, "ResourceNotFound", "没有这个控制接口。 / No such control endpoint.") : notInProduction(reply),
  );
}

function reviewEvent(body: Body): FlowEvent {
  const decision = requiredString(body, "decision");
  if (decision === "approve") return { type: "review-approve" };
  if (decision === "reject") return { type: "review-reject", reason: optionalString(body, "reason") ?? "" };
  throw essError("InvalidParameterValue", "decision 应为 approve 或 reject。", "decision must be approve or reject.");
}

function checkedFile(file: unknown): Buffer {
  if (typeof file !== "string") throw essError("MissingParameter", "缺少参数：file（Base64 编码的授权书）。", "The request is missing file (the power of attorney in Base64).");
  const checked = checkBase64File(file, ["png", "jpg", "pdf"], POWER_OF_ATTORNEY_MAX_BYTES);
  if (!checked.ok) throw essError("InvalidParameter.FileType", `授权书无效：${checked.reason.zh}。`, `The power of attorney is invalid: ${checked.reason.en}.`);
  return checked.bytes;
}

function parseBody(raw: unknown): Body {
  const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : "";
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw essError("InvalidParameter", "请求体不是合法的 JSON。", "The request body is not valid JSON.");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw essError("InvalidParameter", "请求体应为 JSON 对象。", "The request body must be a JSON object.");
  return parsed as Body;
}

function wireOf(req: FastifyRequest): WireRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  return { method: req.method, rawUrl: req.raw.url ?? "/", headers, body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) };
}

/** HTTP status by error code family: the body carries the code, the status lets plain HTTP clients branch. */
function statusOf(code: string): number {
  if (code.startsWith("AuthFailure")) return 401;
  if (code === "ResourceNotFound") return 404;
  if (code === "ResourceNotFound.LinkExpired" || code === "ResourceNotFound.LinkReplaced") return 410;
  if (code.startsWith("OperationDenied") || code === "UnsupportedOperation") return 409;
  if (code === "RequestSizeLimitExceeded") return 413;
  return 400;
}

export function sendError(req: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (!(error instanceof EssError)) {
    req.log.error({ err: error }, "control call failed");
    return sendJsonError(reply, 500, "InternalError", "内部错误。 / Internal error.");
  }
  const language = req.headers["x-tc-language"] === "en-US" ? "en-US" : "zh-CN";
  return sendJsonError(reply, statusOf(error.code), error.code, error.messageIn(language, true));
}

const sendJsonError = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply.code(status).type("application/json").send({ Error: { Code: code, Message: message } });

const notInProduction = (reply: FastifyReply) =>
  sendJsonError(reply, 404, "ResourceNotFound", "控制接口仅在沙箱模式可用。 / The control API exists only in sandbox mode.");
