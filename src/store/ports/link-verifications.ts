/** The SMS code a link's admin must enter, and the lock after too many wrong ones: one check per link. */

/** The code itself is kept only as a keyed hash. */
export interface LinkVerificationRecord {
  linkCode: string;
  codeHash: string | null;
  codeExpiresAt: number;
  failedAttempts: number;
  lockedUntil: number | null;
  sentAt: number;
}

export interface LinkVerificationStore {
  getLinkVerification(linkCode: string): Promise<LinkVerificationRecord | undefined>;
  /** Creates or replaces the link's verification row. */
  putLinkVerification(record: LinkVerificationRecord): Promise<void>;
  /**
   * Puts a fresh code on the link in one statement: the count of wrong codes is kept (a new code is no new set of
   * guesses) unless a lock had been set, which it ends; a count made meanwhile by another request is not lost.
   * Refused (false) while the link is locked at `sentAt`, or its live code was sent less than `resendAfterMs` before.
   * `organizationId` (whose page sends the code) is recorded when the row is created, for the sandbox reset.
   */
  replaceLinkCode(linkCode: string, code: { codeHash: string; codeExpiresAt: number; sentAt: number }, resendAfterMs: number, organizationId?: string): Promise<boolean>;
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
}
