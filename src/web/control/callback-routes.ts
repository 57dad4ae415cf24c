/**
 * The caller's callback log, for CI checking what essd told its receiver: every message (ess `CustomApp` for an
 * enterprise, essbasic `ThirdPartyApp` for a platform application), newest first, with its delivery attempts. As
 * `essd tenant callbacks` prints it, scoped to the signing key's organization. Messages hold no mobile or ID
 * number (emitCallback's rule), so they are shown as sent, before encryption.
 */
import { z } from "zod";
import type { DomainDeps } from "../../domain/deps.ts";
import { listCallbackDeliveries, type DeliveryWithAttempts } from "../../domain/callbacks/index.ts";
import { controlRoute, queryInteger, type ControlRoute } from "./control-route.ts";

export const CALLBACKS_DEFAULT_LIMIT = 50;
export const CALLBACKS_MAX_LIMIT = 200;

const CallbacksQuery = z.strictObject({ limit: queryInteger(1, CALLBACKS_MAX_LIMIT).optional() });

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

export function callbackView(d: DeliveryWithAttempts) {
  const message = JSON.parse(d.payload) as { MsgVersion?: string };
  return {
    msgId: d.id,
    msgType: d.msgType,
    msgVersion: message.MsgVersion ?? "CustomApp",
    state: d.state,
    createdAt: seconds(d.createdAt),
    deliveredAt: seconds(d.deliveredAt),
    nextAttemptAt: d.state === "pending" ? seconds(d.nextAttemptAt) : null,
    message,
    attempts: d.attemptLog.map((a) => ({ attempt: a.attempt, at: seconds(a.at), httpStatus: a.httpStatus, error: a.error, durationMs: a.durationMs })),
  };
}

export function callbackRoutes(domain: DomainDeps): ControlRoute[] {
  return [
    controlRoute("GET", "callbacks", { query: CallbacksQuery }, async ({ organizationId, query }) => ({
      messages: (await listCallbackDeliveries(domain, organizationId, query.limit ?? CALLBACKS_DEFAULT_LIMIT)).map(callbackView),
    })),
  ];
}
