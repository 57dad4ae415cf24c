import type { DomainDeps } from "../../domain/deps.ts";
import { callbackBody, callbackReceiver, signCallback } from "../../domain/callbacks/index.ts";
import { nextAttemptAt, type Backoff } from "../backoff.ts";
import type { CallbackDeliveryRecord, CallbackOutcome } from "../../store/ports.ts";
import { postJson } from "./post-json.ts";

export interface DeliveryResult extends CallbackOutcome {
  state: "delivered" | "pending" | "failed";
}

/**
 * One attempt at a claimed delivery: POST it to the organization's receiver as configured now (a changed URL or
 * key applies to retries), then log the attempt and move the delivery on in one transaction. Only HTTP 200
 * counts as accepted (reference §7.1); anything else is retried with backoff until the window closes.
 */
export async function deliverCallback(
  deps: DomainDeps,
  delivery: CallbackDeliveryRecord,
  options: { timeoutMs: number; retry: Backoff },
): Promise<DeliveryResult> {
  const at = deps.clock.now();
  // Elapsed time is a measurement, not business time: a test's manual clock must not make it zero.
  const started = performance.now();
  const receiver = await callbackReceiver(deps, delivery.organizationId);
  const outcome = receiver ? await post(receiver.url, delivery.payload, receiver.key, receiver.token, options.timeoutMs) : { status: null, error: "no callback URL configured" };
  const durationMs = Math.round(performance.now() - started);
  const now = deps.clock.now();
  const leaseUntil = delivery.leaseUntil!;
  return deps.store.transaction(async (store) => {
    await store.insertCallbackAttempt({ deliveryId: delivery.id, attempt: delivery.attempts, at, url: receiver?.url ?? "", httpStatus: outcome.status, error: outcome.error, durationMs });
    if (outcome.status === 200) {
      await store.markCallbackDelivered(delivery.id, leaseUntil, now, outcome);
      return { state: "delivered", ...outcome };
    }
    const next = nextAttemptAt(delivery.attempts, now, options.retry, delivery.giveUpAt);
    if (next === undefined) {
      await store.markCallbackFailed(delivery.id, leaseUntil, outcome);
      return { state: "failed", ...outcome };
    }
    await store.retryCallbackDelivery(delivery.id, leaseUntil, next, outcome);
    return { state: "pending", ...outcome };
  });
}

function post(url: string, messageJson: string, key: string | null, token: string | null, timeoutMs: number): Promise<CallbackOutcome> {
  const body = callbackBody(messageJson, key);
  const headers: Record<string, string> = token === null ? {} : { "Content-Signature": signCallback(token, body) };
  return postJson(url, body, { headers, timeoutMs, accepted: (status) => status === 200, errorDetail: true });
}
