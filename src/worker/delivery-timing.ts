import { DELIVERY_BACKOFF, type Backoff } from "./backoff.ts";
import type { PollingOptions } from "./polling-worker.ts";

/** The options both delivery workers (callbacks, the SMS webhook) take. */
export interface DeliveryWorkerOptions extends PollingOptions {
  /** How long a claimed delivery stays claimed; longer than the request timeout. */
  leaseMs?: number;
  /** Longest wait for a receiver's answer. */
  timeoutMs?: number;
  retry?: Backoff;
  /** Deliveries in flight at once: a receiver that hangs until its timeout holds up only its own lane. */
  concurrency?: number;
}

export type DeliveryTiming = Required<Pick<DeliveryWorkerOptions, "leaseMs" | "timeoutMs" | "retry" | "concurrency">>;

/** The timing both delivery workers use unless told otherwise. */
export function deliveryTiming(options: DeliveryWorkerOptions): DeliveryTiming {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return { timeoutMs, leaseMs: options.leaseMs ?? timeoutMs + 50_000, retry: options.retry ?? DELIVERY_BACKOFF, concurrency: options.concurrency ?? 8 };
}
