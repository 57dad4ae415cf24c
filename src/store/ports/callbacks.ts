/** Callback receivers, the messages queued for them and the log of every delivery attempt. */

export interface CallbackConfigRecord {
  organizationId: string;
  url: string;
  /** The CallbackUrlKey (AES-256 key), sealed with the SecretBox; null sends plaintext messages. */
  keySealed: string | null;
  /** The Content-Signature token, sealed; null sends no signature. */
  tokenSealed: string | null;
  updatedAt: number;
}

export type CallbackDeliveryState = "pending" | "delivered" | "failed";

/** One callback message and where its delivery stands; `id` is the message's MsgId. */
export interface CallbackDeliveryRecord {
  id: string;
  organizationId: string;
  msgType: string;
  /** The plaintext message JSON as it will be sent (before encryption). */
  payload: string;
  state: CallbackDeliveryState;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  /** No retry is scheduled after this time; the delivery fails instead. */
  giveUpAt: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface CallbackAttemptRecord {
  deliveryId: string;
  attempt: number;
  at: number;
  url: string;
  /** The receiver's HTTP status; null when no answer came (refused, timed out). */
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** What one attempt left: the status and error to keep on the delivery row. */
export interface CallbackOutcome {
  status: number | null;
  error: string | null;
}

export interface CallbackStore {
  /** Creates or replaces an organization's callback receiver. */
  putCallbackConfig(config: CallbackConfigRecord): Promise<void>;
  getCallbackConfig(organizationId: string): Promise<CallbackConfigRecord | undefined>;
  insertCallbackDelivery(delivery: CallbackDeliveryRecord): Promise<void>;
  getCallbackDelivery(id: string): Promise<CallbackDeliveryRecord | undefined>;
  /** Takes the oldest due, unleased pending delivery, counts an attempt and leases it until `now + leaseMs`. */
  claimCallbackDelivery(now: number, leaseMs: number): Promise<CallbackDeliveryRecord | undefined>;
  insertCallbackAttempt(attempt: CallbackAttemptRecord): Promise<void>;
  /** The three ends of a claim; each changes nothing unless `leaseUntil` is still the claim's. */
  markCallbackDelivered(id: string, leaseUntil: number, at: number, outcome: CallbackOutcome): Promise<void>;
  retryCallbackDelivery(id: string, leaseUntil: number, nextAttemptAt: number, outcome: CallbackOutcome): Promise<void>;
  markCallbackFailed(id: string, leaseUntil: number, outcome: CallbackOutcome): Promise<void>;
  /** An organization's deliveries, newest first. */
  listCallbackDeliveries(organizationId: string, limit: number): Promise<CallbackDeliveryRecord[]>;
  /** Attempts of the given deliveries, by delivery then attempt number. */
  listCallbackAttempts(deliveryIds: string[]): Promise<CallbackAttemptRecord[]>;
  /** Makes a delivery pending again, due at `now`, retried until `giveUpAt`; false when no such delivery. */
  resetCallbackDelivery(id: string, now: number, giveUpAt: number): Promise<boolean>;
  /** Forgets every delivery lease: for the embedded store at start, like releaseRegistrationLeases. */
  releaseCallbackLeases(): Promise<void>;
}
