/**
 * Every SMS essd "sends" (admin codes, legal representatives' links, invitations) goes through here. The
 * sandbox keeps them in an outbox its tenants read through the control API; in production they are queued
 * for the SMS webhook (`--sms-webhook`). Mobiles and texts (codes, link tokens) are sealed at rest and never logged.
 */
import type { SmsMessageRecord, SmsPurpose } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";

export interface OutgoingSms {
  /** The tenant whose link or call caused the message. */
  organizationId: string;
  /** The recipient's mobile, in clear (sealed before it is stored). */
  mobile: string;
  purpose: SmsPurpose;
  /** In clear (sealed before it is stored). */
  body: string;
}

/** Records the message (in the caller's transaction, if any) and wakes the delivery worker in production. */
export async function sendSms(deps: DomainDeps, sms: OutgoingSms): Promise<SmsMessageRecord> {
  const now = deps.clock.now();
  const delivered = deps.mode === "production" && deps.humanSteps.smsWebhookUrl !== undefined;
  const record: SmsMessageRecord = {
    id: deps.ids.next("msgId"),
    organizationId: sms.organizationId,
    mobileSealed: deps.box.seal(sms.mobile),
    mobileHash: deps.box.lookupHash(sms.mobile),
    purpose: sms.purpose,
    bodySealed: deps.box.seal(sms.body),
    state: delivered ? "pending" : "outbox",
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    lastError: null,
    createdAt: now,
    sentAt: null,
  };
  await deps.store.insertSmsMessage(record);
  if (delivered) deps.notifyWork("sms");
  return record;
}

/** The message's text in clear; "" once a delivered or abandoned message has had its text dropped. */
export function openSmsBody(deps: Pick<DomainDeps, "box">, message: SmsMessageRecord): string {
  return message.bodySealed === "" ? "" : deps.box.open(message.bodySealed);
}
