import type { DomainDeps } from "../domain/deps.ts";
import { deliveryTiming, type DeliveryTiming, type DeliveryWorkerOptions } from "./delivery-timing.ts";
import { deliverSms } from "./jobs/deliver-sms.ts";
import { PollingWorker } from "./polling-worker.ts";

/** The callbacks' timing (10 s timeout; backoff 10 s doubling, at most an hour apart, for 24 h) plus the token. */
export interface SmsWorkerOptions extends DeliveryWorkerOptions {
  /** Signs every POST with `Content-Signature` (`--sms-webhook-token`); kept here, not in the domain, as only delivery needs it. */
  webhookToken?: string;
}

/**
 * Production SMS delivery: claims pending messages and POSTs each to `--sms-webhook`, `concurrency` at a time. Logs
 * name the message, never the mobile, the text or the token.
 */
export class SmsWorker extends PollingWorker {
  private readonly timing: DeliveryTiming;
  private readonly webhookToken: string | undefined;

  constructor(
    private readonly deps: DomainDeps,
    options: SmsWorkerOptions = {},
  ) {
    super("SMS worker", options);
    this.timing = deliveryTiming(options);
    this.webhookToken = options.webhookToken;
  }

  async runOnce(): Promise<number> {
    const url = this.deps.humanSteps.smsWebhookUrl;
    // Without a webhook nothing is ever queued (sendSms keeps messages in the outbox); nothing to claim.
    if (url === undefined) return 0;
    return this.drainClaims(
      () => this.deps.store.claimSmsMessage(this.deps.clock.now(), this.timing.leaseMs),
      async (message) => {
        const result = await deliverSms(this.deps, message, { ...this.timing, url, token: this.webhookToken });
        if (result.state !== "sent") {
          this.options.logError?.(
            { msgId: message.id, purpose: message.purpose, attempt: message.attempts, status: result.status, error: result.error },
            `SMS not accepted by the webhook; ${result.state === "failed" ? "giving up" : "will retry"}`,
          );
        }
        return result.state === "pending" ? "retry" : result.state;
      },
      this.timing.concurrency,
    );
  }
}
