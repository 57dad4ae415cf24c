import type { CallbackAttemptRecord, CallbackDeliveryRecord } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { CALLBACK_RETRY_WINDOW_MS } from "./emit.ts";

export interface DeliveryWithAttempts extends CallbackDeliveryRecord {
  attemptLog: CallbackAttemptRecord[];
}

/** An organization's most recent deliveries, newest first, each with every attempt made. */
export async function listCallbackDeliveries(deps: DomainDeps, organizationId: string, limit = 100): Promise<DeliveryWithAttempts[]> {
  if (!(await deps.store.getOrganization(organizationId))) {
    throw errors.organizationNotFound({ organizationId });
  }
  const deliveries = await deps.store.listCallbackDeliveries(organizationId, limit);
  const attempts = await deps.store.listCallbackAttempts(deliveries.map((d) => d.id));
  return deliveries.map((d) => ({ ...d, attemptLog: attempts.filter((a) => a.deliveryId === d.id) }));
}

/**
 * Sends a message again, whatever became of it: due now, with a fresh retry window. The MsgId stays the same,
 * so a receiver that deduplicates by MsgId sees one message.
 */
export async function resendCallback(deps: DomainDeps, msgId: string): Promise<void> {
  const now = deps.clock.now();
  if (!(await deps.store.resetCallbackDelivery(msgId, now, now + CALLBACK_RETRY_WINDOW_MS))) {
    throw errors.callbackMessageNotFound({ msgId });
  }
  deps.notifyWork("callbacks");
}
