import type { DomainDeps } from "../domain/deps.ts";
import { deliveryTiming, type DeliveryTiming, type DeliveryWorkerOptions } from "./delivery-timing.ts";
import { deliverCallback } from "./jobs/deliver-callback.ts";
import { PollingWorker } from "./polling-worker.ts";

/** Claims due callback deliveries and POSTs them, `concurrency` at a time; every attempt is logged on the store. */
export class CallbackWorker extends PollingWorker {
  private readonly timing: DeliveryTiming;

  constructor(
    private readonly deps: DomainDeps,
    options: DeliveryWorkerOptions = {},
  ) {
    super("callback worker", options);
    this.timing = deliveryTiming(options);
  }

  async runOnce(): Promise<number> {
    return this.drainClaims(
      () => this.deps.store.claimCallbackDelivery(this.deps.clock.now(), this.timing.leaseMs),
      async (delivery) => {
        const result = await deliverCallback(this.deps, delivery, this.timing);
        if (result.state !== "delivered") {
          this.options.logError?.({ msgId: delivery.id, attempt: delivery.attempts, status: result.status, error: result.error }, `callback not accepted; ${result.state === "failed" ? "giving up" : "will retry"}`);
        }
        return result.state === "pending" ? "retry" : result.state;
      },
      this.timing.concurrency,
    );
  }
}
