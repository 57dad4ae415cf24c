/** Failure injection: make an action's next call(s) fail with a chosen code, or an enterprise fail verification. */
import { z } from "zod";
import { services } from "../../actions/services.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { addFault, INJECTABLE_CODE, listFaults, MAX_CODE_CHARS, MAX_FAULT_MESSAGE_CHARS, MAX_FAULT_TIMES, removeFault } from "../../domain/faults.ts";
import { because } from "../../protocol/validate.ts";
import { controlRoute, optionalText, requiredText, type ControlRoute } from "./control-route.ts";

/** Every implemented action of every service (a name two services share counts once). */
const ACTION_NAMES = [...new Set(services.flatMap((service) => service.actions.map((action) => action.name)))] as [string, ...string[]];
const KINDS = ["next-call", "enterprise-verification"] as const;

/** At most MAX_FAULT_MESSAGE_CHARS characters (code points, as a reader counts them). */
const fitsMessage = (text: string | undefined) => text === undefined || [...text].length <= MAX_FAULT_MESSAGE_CHARS;
const messageLimit = because(`长度不得超过 ${MAX_FAULT_MESSAGE_CHARS}。`, `length must not exceed ${MAX_FAULT_MESSAGE_CHARS}.`);

const NextCall = z.strictObject({
  kind: z.literal("next-call"),
  action: requiredText().pipe(z.enum(ACTION_NAMES)),
  code: requiredText().pipe(
    z
      .string()
      .max(MAX_CODE_CHARS)
      .refine((code) => INJECTABLE_CODE.test(code), because("应为腾讯云错误码的形式，如 FailedOperation、ResourceNotFound.Flow。", "must look like a Tencent error code, e.g. FailedOperation or ResourceNotFound.Flow.")),
  ),
  message: optionalText().refine(fitsMessage, messageLimit),
  times: z.int().min(1).max(MAX_FAULT_TIMES).optional(),
});

const EnterpriseVerification = z.strictObject({
  kind: z.literal("enterprise-verification"),
  organizationName: optionalText(),
  uniformSocialCreditCode: optionalText(),
  message: requiredText().refine(fitsMessage, messageLimit),
});

/** `kind` first (missing or unknown, named as such), then the fields of that kind. */
const FaultBody = z.looseObject({ kind: requiredText().pipe(z.enum(KINDS)) }).pipe(z.discriminatedUnion("kind", [NextCall, EnterpriseVerification]));

export function faultRoutes(domain: DomainDeps): ControlRoute[] {
  return [
    controlRoute("POST", "faults", { body: FaultBody }, async ({ organizationId, body }) => ({ faults: await addFault(domain, organizationId, body) })),
    controlRoute("GET", "faults", {}, async ({ organizationId }) => ({ faults: await listFaults(domain, organizationId) })),
    controlRoute("DELETE", "faults/:id", {}, async ({ organizationId, params }) => removeFault(domain, organizationId, params.id!)),
  ];
}
