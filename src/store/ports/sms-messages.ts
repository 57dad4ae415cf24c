/** The SMS messages essd "sends": kept in the sandbox's outbox, or queued for the production SMS webhook. */

/** Why an SMS was sent: the admin's code, the legal representative's link, an employee's invitation. */
export type SmsPurpose = "admin-code" | "legal-rep-link" | "invitation";
/** outbox: kept for the sandbox to read; pending → sent | failed: delivered through the production SMS webhook. */
export type SmsState = "outbox" | "pending" | "sent" | "failed";

export interface SmsMessageRecord {
  id: string;
  /** The tenant whose link caused the message; its control API reads its own messages only. */
  organizationId: string;
  mobileSealed: string;
  mobileHash: string;
  purpose: SmsPurpose;
  /**
   * The text as sent, sealed: it carries a verification code or a link token. Empty once a production message
   * is `sent` or `failed`, as nothing reads it after that.
   */
  bodySealed: string;
  state: SmsState;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

export interface SmsMessageStore {
  insertSmsMessage(message: SmsMessageRecord): Promise<void>;
  /** An organization's messages, newest first, optionally to one mobile (by its keyed hash) and of one purpose. */
  listSmsMessages(organizationId: string, filter: { mobileHash?: string; purpose?: SmsPurpose; limit: number }): Promise<SmsMessageRecord[]>;
  /** Takes the oldest due pending message (production delivery), counts an attempt and leases it. */
  claimSmsMessage(now: number, leaseMs: number): Promise<SmsMessageRecord | undefined>;
  /** The ends of a claim; each changes nothing unless `leaseUntil` is still the claim's. */
  markSmsSent(id: string, leaseUntil: number, at: number): Promise<void>;
  retrySmsMessage(id: string, leaseUntil: number, nextAttemptAt: number, error: string): Promise<void>;
  markSmsFailed(id: string, leaseUntil: number, error: string): Promise<void>;
  releaseSmsLeases(): Promise<void>;
}
