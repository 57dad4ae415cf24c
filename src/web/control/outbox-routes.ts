/** Control endpoints that let CI see what essd "sent": the SMS outbox, and where a handed-out URL leads. */
import { z } from "zod";
import type { DomainDeps } from "../../domain/deps.ts";
import { isMainlandMobile } from "../../domain/formats.ts";
import { openLinkUrl } from "../../domain/link-resolution.ts";
import { OUTBOX_MAX_LIMIT, readOutbox, SMS_PURPOSES } from "../../domain/sms/outbox-read.ts";
import { because } from "../../protocol/validate.ts";
import { controlRoute, queryInteger, requiredText, type ControlRoute } from "./control-route.ts";

/** A typo in a filter fails loudly rather than answering an empty list. */
const OutboxQuery = z.strictObject({
  mobile: z
    .string()
    .trim()
    .refine(isMainlandMobile, because("应为中国大陆11位手机号。", "must be a mainland 11-digit mobile number."))
    .optional(),
  purpose: z.enum(SMS_PURPOSES).optional(),
  limit: queryInteger(1, OUTBOX_MAX_LIMIT).optional(),
});

export function outboxRoutes(domain: DomainDeps): ControlRoute[] {
  return [
    controlRoute("GET", "outbox", { query: OutboxQuery }, async ({ organizationId, query }) => readOutbox(domain, organizationId, query)),
    controlRoute("POST", "links/open", { body: z.strictObject({ url: requiredText() }) }, async ({ organizationId, body }) => openLinkUrl(domain, organizationId, body.url)),
  ];
}
