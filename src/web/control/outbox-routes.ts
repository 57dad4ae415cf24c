/** Control endpoints that let CI see what essd "sent": the SMS outbox, and where a handed-out URL leads. */
import type { DomainDeps } from "../../domain/deps.ts";
import { openLinkUrl } from "../../domain/link-resolution.ts";
import { readOutbox } from "../../domain/sms/outbox-read.ts";
import type { ControlRoute } from "./control-route.ts";

/** A query parameter given once, as a string (a repeated one counts as its first value). */
const single = (value: unknown): string | undefined => (Array.isArray(value) ? single(value[0]) : typeof value === "string" ? value : undefined);

export function outboxRoutes(domain: DomainDeps): ControlRoute[] {
  return [
    ["GET", "outbox", async (org, _body, _params, query) => readOutbox(domain, org, { mobile: single(query.mobile), purpose: single(query.purpose), limit: single(query.limit) })],
    ["POST", "links/open", async (org, body) => openLinkUrl(domain, org, body.url)],
  ];
}
