/**
 * The sandbox control API under `/_essd/`: drives authorization flows through the steps an enterprise's admin,
 * legal representative and reviewer take on real ESS pages, moves time, and resets a tenant. Signed with the
 * tenant's own key and scoped to its organization; every URL answers 404 in `--mode production`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Config } from "../../config/config.ts";
import { sendLegalRepLink } from "../../domain/admin-link.ts";
import { applyFlowEvent, describeFlow, uploadPowerOfAttorney } from "../../domain/authorization/flows.ts";
import type { FlowEvent } from "../../domain/authorization/flow-machine.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { answerableError, errors } from "../../domain/errors.ts";
import { POWER_OF_ATTORNEY_MAX_BYTES } from "../../domain/registration/organization-rows.ts";
import { checkBase64File } from "../../domain/identity/index.ts";
import { advanceClock, MAX_ADVANCE_SECONDS, resetRegistrations } from "../../domain/sandbox.ts";
import { parseJsonObject } from "../../protocol/validate.ts";
import type { WireRequest } from "../../protocol/wire-request.ts";
import { authenticateControl, CONTROL_PREFIX } from "./control-auth.ts";
import { flowView } from "./flow-view.ts";
import { controlRoute, optionalText, requiredText, type ControlRoute } from "./control-route.ts";
import { reviewPolicyRoutes } from "./review-routes.ts";
import { outboxRoutes } from "./outbox-routes.ts";
import { faultRoutes } from "./fault-routes.ts";
import { initializationRoutes } from "./initialization-routes.ts";
import { callbackRoutes } from "./callback-routes.ts";
import { organizationChangeRoutes } from "./organization-change-routes.ts";

/** Room for the largest power of attorney in Base64 (4/3 of 8 MB) and its JSON around it. */
export const CONTROL_BODY_LIMIT = 12 * 1024 * 1024;

const ReviewDecision = z.strictObject({ decision: requiredText().pipe(z.enum(["approve", "reject"])), reason: optionalText() });

export function registerControlRoutes(app: FastifyInstance, options: { config: Config; domain: DomainDeps }): void {
  const { config, domain } = options;
  const sandbox = config.mode === "sandbox";
  /** A step of a flow, driven as the person on the other side of its link would; `body` is its fields. */
  const flowStep = <S extends z.ZodType>(step: string, body: S, toEvent: (body: z.output<S>) => FlowEvent) =>
    controlRoute("POST", `flows/:id/${step}`, { body }, async ({ organizationId, params, body }) =>
      flowView(domain, await applyFlowEvent(domain, organizationId, params.id!, toEvent(body))),
    );

  // Each group of control endpoints lives in its own module; this is the one place they are mounted.
  const routes: ControlRoute[] = [
    controlRoute("GET", "flows/:id", {}, async ({ organizationId, params }) => flowView(domain, await describeFlow(domain, organizationId, params.id!))),
    flowStep("confirm", z.strictObject({ organizationName: optionalText(), creditCode: optionalText() }), (details) => ({ type: "confirm", details })),
    controlRoute("POST", "flows/:id/upload-power-of-attorney", { body: z.strictObject({ file: requiredText() }) }, async ({ organizationId, params, body }) =>
      flowView(domain, await uploadPowerOfAttorney(domain, organizationId, params.id!, powerOfAttorney(body.file))),
    ),
    controlRoute("POST", "flows/:id/legal-rep-link", { body: z.strictObject({ mobile: requiredText() }) }, async ({ organizationId, params, body }) => {
      await sendLegalRepLink(domain, { organizationId, flowId: params.id!, mobile: body.mobile });
      return flowView(domain, await describeFlow(domain, organizationId, params.id!));
    }),
    flowStep("legal-rep-approve", z.strictObject({}), () => ({ type: "legal-rep-approve" })),
    flowStep("legal-rep-refuse", z.strictObject({ reason: optionalText() }), ({ reason }) => ({ type: "legal-rep-refuse", reason })),
    flowStep("bank-amount", z.strictObject({ amount: requiredText() }), ({ amount }) => ({ type: "bank-amount", amount })),
    flowStep("review", ReviewDecision, ({ decision, reason }) => (decision === "approve" ? { type: "review-approve" } : { type: "review-reject", reason: reason ?? "" })),
    controlRoute("POST", "clock/advance", { body: z.strictObject({ seconds: z.int().min(1).max(MAX_ADVANCE_SECONDS) }) }, async ({ body }) => ({
      now: Math.floor((await advanceClock(domain, body.seconds)).now / 1000),
    })),
    controlRoute("POST", "tenants/reset", {}, async ({ organizationId }) => ({ deleted: await resetRegistrations(domain, organizationId) })),
    ...reviewPolicyRoutes(domain),
    ...outboxRoutes(domain),
    ...faultRoutes(domain),
    ...initializationRoutes(domain),
    ...callbackRoutes(domain),
    ...organizationChangeRoutes(domain),
  ];

  for (const route of routes) {
    app.route({
      method: route.method,
      url: `${CONTROL_PREFIX}${route.url}`,
      bodyLimit: CONTROL_BODY_LIMIT,
      handler: async (req, reply) => {
        if (!sandbox) return sendControlError(req, reply, errors.controlApiSandboxOnly(), domain);
        try {
          const organizationId = await authenticateControl(wireOf(req), domain, sandbox);
          const body = parseJsonObject(Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "");
          const answer = await route.handle(organizationId, { params: req.params as Record<string, string>, body, query: req.query });
          return reply.code(200).type("application/json").send(answer);
        } catch (error) {
          return sendControlError(req, reply, error, domain);
        }
      },
    });
  }
  // Anything else under the prefix: a JSON 404 (also the answer to every control URL in production).
  app.all(`${CONTROL_PREFIX}*`, async (req, reply) => sendControlError(req, reply, sandbox ? errors.controlEndpointNotFound() : errors.controlApiSandboxOnly(), domain));
}

function powerOfAttorney(file: string): Buffer {
  const checked = checkBase64File(file, ["png", "jpg", "pdf"], POWER_OF_ATTORNEY_MAX_BYTES);
  if (!checked.ok) throw errors.powerOfAttorneyInvalid({ reason: checked.reason });
  return checked.bytes;
}

function wireOf(req: FastifyRequest): WireRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  return { method: req.method, rawUrl: req.raw.url ?? "/", headers, body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) };
}

/**
 * The control API's one rendering of an error: `{"Error": {"Code", "Message"}}` with the code's HTTP status from
 * the catalogue, the message in the language of `X-TC-Language` (with sandbox diagnostics). Anything not an
 * EssError is logged with a RequestId and answered InternalError (InternalError.Db when the store is unreachable).
 */
export function sendControlError(req: FastifyRequest, reply: FastifyReply, thrown: unknown, domain: DomainDeps): FastifyReply {
  const { error, unexpected } = answerableError(thrown, () => domain.ids.next("requestId"), (e) => domain.store.isUnavailable(e));
  if (unexpected) req.log.error({ err: thrown, requestId: unexpected.requestId }, "control call failed");
  const language = req.headers["x-tc-language"] === "en-US" ? "en-US" : "zh-CN";
  return reply.code(error.status).type("application/json").send({ Error: { Code: error.code, Message: error.messageIn(language, domain.mode === "sandbox") } });
}
