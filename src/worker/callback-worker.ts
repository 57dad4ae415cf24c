import type { DomainDeps } from "../domain/deps.ts";
import type { Backoff } from "./backoff.ts";
import { deliveryTiming, type DeliveryWorkerOptions } from "./delivery-timing.ts";
import { deliverCallback } from "./jobs/deliver-callback.ts";
import { PollingWorker } from "./polling-worker.ts";

/** Claims due callback deliveries and POSTs them, one at a time; every attempt is logged on the store. */
export class CallbackWorker extends PollingWorker {
  private readonly leaseMs: number;
  private readonly timeoutMs: number;
  private readonly retry: Backoff;

  constructor(
    private readonly deps: DomainDeps,
    options: DeliveryWorkerOptions = {},
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
