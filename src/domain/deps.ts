import type { Clock } from "../platform/clock.ts";
import type { Ids } from "../platform/ids.ts";
import type { SecretBox } from "../platform/secret-box.ts";
import type { ReviewPolicy, Store } from "../store/ports.ts";
import type { BlobStore } from "./blobs.ts";
import type { RegistrationSettings } from "./registration/settings.ts";

export interface HumanStepSettings {
  /** The review policy of tenants that set none (`--review`, `--review-delay`). */
  defaultReview: { policy: ReviewPolicy; delayMs: number };
  /** Production SMS delivery (`--sms-webhook`); unset keeps messages in the outbox only. */
  smsWebhookUrl?: string;
}

/** What domain functions may use: storage through the port, and injected time, ids and encryption. */
export interface DomainDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  box: SecretBox;
  /** Base of every link essd hands out (`--public-url`), without a trailing slash. */
  publicUrl: string;
  blobs: BlobStore;
  registration: RegistrationSettings;
  /** sandbox: the outbox, control API and virtual clock exist; production: none of them. */
  mode: "sandbox" | "production";
  humanSteps: HumanStepSettings;
  /**
   * Wakes the worker of `queue` when new work was stored in it (a no-op where no worker runs in-process): only that
   * worker looks, so a created task costs the other workers no pass.
   */
  notifyWork(queue: WorkQueueName): void;
}

/** The background queues a stored change can wake: each is one worker's. */
export type WorkQueueName = "registration" | "callbacks" | "sms" | "review";
