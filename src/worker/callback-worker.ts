import type { DomainDeps } from "../domain/deps.ts";
import { DEFAULT_CALLBACK_RETRY, type CallbackRetryPolicy } from "../domain/callbacks/index.ts";
import { deliverCallback } from "./jobs/deliver-callback.ts";
import { PollingWorker, type PollingOptions } from "./polling-worker.ts";

export interface CallbackWorkerOptions extends PollingOptions {
  /** How long a claimed delivery stays claimed; longer than the request timeout. */
  leaseMs?: number;
  /** Longest wait for a receiver's answer. */
  timeoutMs?: number;
  retry?: CallbackRetryPolicy;
}

/** The timing both delivery workers (callbacks, SMS webhook) use unless told otherwise. */
export function deliveryTiming(options: CallbackWorkerOptions): { timeoutMs: number; leaseMs: number; retry: CallbackRetryPolicy } {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return { timeoutMs, leaseMs: options.leaseMs ?? timeoutMs + 50_000, retry: options.retry ?? DEFAULT_CALLBACK_RETRY };
}

/** Claims due callback deliveries and POSTs them, one at a time; every attempt is logged on the store. */
export class CallbackWorker extends PollingWorker {
  private readonly leaseMs: number;
  private readonly timeoutMs: number;
  private readonly retry: CallbackRetryPolicy;

  constructor(
    private readonly deps: DomainDeps,
    options: CallbackWorkerOptions = {},
  ) {
    super("callback worker", options);
    ({ timeoutMs: this.timeoutMs, leaseMs: this.leaseMs, retry: this.retry } = deliveryTiming(options));
  }

  async runOnce(): Promise<number> {
    return this.drainClaims(
      () => this.deps.store.claimCallbackDelivery(this.deps.clock.now(), this.leaseMs),
      async (delivery) => {
        const result = await deliverCallback(this.deps, delivery, { timeoutMs: this.timeoutMs, retry: this.retry });
        if (result.state !== "delivered") {
          this.options.logError?.({ msgId: delivery.id, attempt: delivery.attempts, status: result.status, error: result.error }, `callback not accepted; ${result.state === "failed" ? "giving up" : "will retry"}`);
        }
      },
    );
  }
}
