/**
 * The sandbox outbox as a tenant's CI reads it: every SMS essd "sent" on the tenant's behalf, newest first,
 * with the code or link it carries picked out so a test need not parse message texts.
 */
import type { SmsMessageRecord, SmsPurpose } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { openSmsBody } from "./outbox.ts";

export const SMS_PURPOSES: readonly SmsPurpose[] = ["admin-code", "legal-rep-link", "invitation"];
export const OUTBOX_DEFAULT_LIMIT = 50;
export const OUTBOX_MAX_LIMIT = 200;

/** The control call's filters, already checked by its schema: a mainland mobile, a purpose, 1 to OUTBOX_MAX_LIMIT. */
export interface OutboxQuery {
  mobile?: string;
  purpose?: SmsPurpose;
  limit?: number;
}

export interface OutboxMessage {
  id: string;
  /** In clear: the tenant's own data, answered only by the sandbox control API and never logged. */
  mobile: string;
  purpose: SmsPurpose;
  /** In clear, like the mobile; "" for a production message already delivered or given up (its text is dropped then). */
  body: string;
  /** The 6-digit code of an admin-code message. */
  code?: string;
  /** The URL a link-carrying message leads to. */
  link?: string;
  state: SmsMessageRecord["state"];
  /** Epoch seconds. */
  createdAt: number;
}

/** The calling organization's messages, newest first, optionally to one mobile and of one purpose. */
export async function readOutbox(deps: DomainDeps, organizationId: string, query: OutboxQuery): Promise<{ messages: OutboxMessage[] }> {
  const { mobile, purpose } = query;
  const records = await deps.store.listSmsMessages(organizationId, {
    ...(mobile !== undefined ? { mobileHash: deps.box.lookupHash(mobile) } : {}),
    ...(purpose !== undefined ? { purpose } : {}),
    limit: query.limit ?? OUTBOX_DEFAULT_LIMIT,
  });
  return { messages: records.map((r) => toOutboxMessage(deps, r)) };
}

function toOutboxMessage(deps: DomainDeps, r: SmsMessageRecord): OutboxMessage {
  const body = openSmsBody(deps, r);
  const code = r.purpose === "admin-code" ? codeIn(body) : undefined;
  const link = r.purpose === "admin-code" ? undefined : linkIn(body);
  return {
    id: r.id,
    mobile: deps.box.open(r.mobileSealed),
    purpose: r.purpose,
    body,
    ...(code !== undefined ? { code } : {}),
    ...(link !== undefined ? { link } : {}),
    state: r.state,
    createdAt: Math.floor(r.createdAt / 1000),
  };
}

/** The first run of exactly six digits (a longer number, such as a mobile, is not a code). */
export function codeIn(body: string): string | undefined {
  return /(?<!\d)\d{6}(?!\d)/.exec(body)?.[0];
}

/** The first http(s) URL; it ends at the first character a URL cannot hold (Chinese punctuation included). */
export function linkIn(body: string): string | undefined {
  const match = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/.exec(body)?.[0];
  // Sentence punctuation right after a URL belongs to the sentence.
  return match?.replace(/[.,;:!?)']+$/, "");
}
