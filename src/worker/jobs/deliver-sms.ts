import type { DomainDeps } from "../../domain/deps.ts";
import { CALLBACK_RETRY_WINDOW_MS, signCallback } from "../../domain/callbacks/index.ts";
import { openSmsBody } from "../../domain/sms/outbox.ts";
import type { SmsMessageRecord } from "../../store/ports.ts";
import { nextAttemptAt, type Backoff } from "../backoff.ts";
import { postJson } from "./post-json.ts";

/** Retries of an SMS the webhook did not accept go on this long after the message was recorded, like callbacks. */
export const SMS_RETRY_WINDOW_MS = CALLBACK_RETRY_WINDOW_MS;

/** What essd POSTs to `--sms-webhook` for each message (JSON; CreatedAt in epoch seconds). */
export interface SmsWebhookPayload {
  MessageId: string;
  Mobile: string;
  Purpose: SmsMessageRecord["purpose"];
  Text: string;
  CreatedAt: number;
}

export interface SmsDeliveryResult {
  state: "sent" | "pending" | "failed";
  /** The receiver's HTTP status; null when no answer came. */
  status: number | null;
  /** Why the attempt was not accepted; never contains the mobile. */
  error: string | null;
}

/**
 * One attempt at a claimed message: POST it to the webhook, then mark it sent (any 2xx), retry it with backoff,
 * or, once the 24 h window has closed, mark it failed. The mobile and the text go only into the request body. With
 * a token (`--sms-webhook-token`) the request is signed the way callbacks are, so the gateway can refuse forgeries.
 */
export async function deliverSms(
  deps: DomainDeps,
  message: SmsMessageRecord,
  options: { url: string; token?: string; timeoutMs: number; retry: Backoff },
): Promise<SmsDeliveryResult> {
  const payload: SmsWebhookPayload = {
    MessageId: message.id,
    Mobile: deps.box.open(message.mobileSealed),
    Purpose: message.purpose,
    Text: openSmsBody(deps, message),
    CreatedAt: Math.floor(message.createdAt / 1000),
  };
  // Only an error's kind is kept: a message could quote the request, and the request carries the mobile.
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = options.token === undefined ? {} : { "Content-Signature": signCallback(options.token, body) };
  const outcome = await postJson(options.url, body, { headers, timeoutMs: options.timeoutMs, accepted: (status) => status >= 200 && status < 300, errorDetail: false });
  const now = deps.clock.now();
  const leaseUntil = message.leaseUntil!;
  if (outcome.error === null) {
    await deps.store.markSmsSent(message.id, leaseUntil, now);
    return { state: "sent", ...outcome };
  }
  const next = nextAttemptAt(message.attempts, now, options.retry, message.createdAt + SMS_RETRY_WINDOW_MS);
  if (next === undefined) {
    await deps.store.markSmsFailed(message.id, leaseUntil, outcome.error);
    return { state: "failed", ...outcome };
  }
  await deps.store.retrySmsMessage(message.id, leaseUntil, next, outcome.error);
  return { state: "pending", ...outcome };
}
