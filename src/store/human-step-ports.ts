/** The records and port behind the human steps: SMS messages, SMS-code checks, sandbox faults, review policies. */
import type { AuthFlowRecord } from "./ports.ts";

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

/** The SMS code a link's admin must enter; the code itself is kept only as a keyed hash. */
export interface LinkVerificationRecord {
  linkCode: string;
  codeHash: string | null;
  codeExpiresAt: number;
  failedAttempts: number;
  lockedUntil: number | null;
  sentAt: number;
}

export type SandboxFaultKind = "enterprise-verification" | "next-call";

export interface SandboxFaultRecord {
  id: string;
  organizationId: string;
  kind: SandboxFaultKind;
  /** enterprise-verification: the enterprise's name key or credit code; next-call: the action name. */
  target: string;
  /** The error code to answer (next-call) or to record (enterprise-verification). */
  code: string;
  message: string;
  createdAt: number;
}

export type ReviewPolicy = "manual" | "auto-approve" | "auto-reject";

export interface ReviewPolicyRecord {
  organizationId: string;
  policy: ReviewPolicy;
  delayMs: number;
  updatedAt: number;
}

export interface HumanStepStore {
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

  getLinkVerification(linkCode: string): Promise<LinkVerificationRecord | undefined>;
  /** Creates or replaces the link's verification row. */
  putLinkVerification(record: LinkVerificationRecord): Promise<void>;
  /**
   * Puts a fresh code on the link in one statement: the count of wrong codes is kept (a new code is no new set of
   * guesses) unless a lock had been set, which it ends; a count made meanwhile by another request is not lost.
   * Refused (false) while the link is locked at `sentAt`, or its live code was sent less than `resendAfterMs` before.
   */
  replaceLinkCode(linkCode: string, code: { codeHash: string; codeExpiresAt: number; sentAt: number }, resendAfterMs: number): Promise<boolean>;
  /**
   * Counts one attempt at the link's code in one statement, before the code is compared, so concurrent attempts
   * (two nodes, or two requests on one node) each take their own number. Counts only a live code (not expired,
   * link not locked at `now`); answers the row as counted (`failedAttempts` is this attempt's number), else undefined.
   */
  countCodeAttempt(linkCode: string, now: number): Promise<LinkVerificationRecord | undefined>;
  /** Uses the link's code once: voids it and clears the count if it still is `codeHash`; false when another request used or replaced it first. */
  consumeLinkCode(linkCode: string, codeHash: string): Promise<boolean>;
  /** Locks the link until `lockedUntil`, voiding its code; the count starts afresh with the next code after the lock. */
  lockLinkVerification(linkCode: string, lockedUntil: number): Promise<void>;

  insertSandboxFault(fault: SandboxFaultRecord): Promise<void>;
  /** An organization's faults of one kind for one of `targets`, oldest first. */
  findSandboxFaults(organizationId: string, kind: SandboxFaultKind, targets: string[]): Promise<SandboxFaultRecord[]>;
  listSandboxFaults(organizationId: string): Promise<SandboxFaultRecord[]>;
  /** Deletes one of the organization's faults; false when it is not the organization's or was already gone (another node took it first). */
  deleteSandboxFault(organizationId: string, id: string): Promise<boolean>;

  getReviewPolicy(organizationId: string): Promise<ReviewPolicyRecord | undefined>;
  putReviewPolicy(record: ReviewPolicyRecord): Promise<void>;
  /** Active flows of every organization whose power of attorney awaits review (AuditStatus 3), longest waiting first. */
  listFlowsAwaitingReview(limit: number): Promise<AuthFlowRecord[]>;
  /** Whether any organization set an automatic review policy (so the automatic reviewer has anything to do). */
  hasAutomaticReviewPolicy(): Promise<boolean>;
  /**
   * The sandbox's reset of one organization: its SMS messages, faults, review policy and its links' code checks.
   */
  deleteHumanStepData(organizationId: string): Promise<{ smsMessages: number; faults: number }>;
}
