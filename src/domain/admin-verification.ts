/**
 * How the admin behind a link proves it is them: a 6-digit SMS code, then a session bound to that link.
 *
 * Rules (recorded in docs/compatibility.md):
 * - a code is valid 5 minutes and is kept only as a keyed hash; a new one may be sent 60 s after the last;
 * - the third wrong code locks the link for 10 minutes (no sending, no checking) and voids the code;
 * - a code is used once; a successful check clears the count of wrong codes;
 * - every check is counted in the store, atomically, before the code is compared: concurrent guesses (two nodes,
 *   two requests) each use up one of the three, and one beyond the third locks the link without being compared;
 * - the session is `<expiresAt>.<MAC>` with MAC = lookupHash(`session|<link>|<expiresAt>`): nothing is stored, so
 *   every node holding the master key accepts it. It lasts 2 hours, never past the link's own expiry.
 * Time is `deps.clock`, so the sandbox clock can unlock a link or end a code in tests.
 */
import type { LinkVerificationRecord } from "../store/ports.ts";
import { sameSecret } from "./admin-token.ts";
import type { DomainDeps } from "./deps.ts";
import { errors, type ErrorCode } from "./errors.ts";
import { sendSms } from "./sms/outbox.ts";
import { inTransaction } from "./transaction.ts";
import { issueSignedSession, readSignedSession } from "./signed-session.ts";

export const CODE_TTL_MS = 5 * 60_000;
export const RESEND_INTERVAL_MS = 60_000;
export const MAX_WRONG_CODES = 3;
export const LOCK_MS = 10 * 60_000;
export const SESSION_TTL_MS = 2 * 3_600_000;

export const LINK_LOCKED = "OperationDenied.LinkLocked" satisfies ErrorCode;

/** What the identity page shows about a link's code. */
export interface CodeStatus {
  /** Set while the link is locked after too many wrong codes. */
  lockedUntil?: number;
  /** When a (new) code may be sent: now or later. */
  canSendAt: number;
  /** A code was sent and is still valid. */
  codePending: boolean;
  /** Wrong codes left before the link locks. */
  attemptsLeft: number;
}

export type CodeCheck =
  | { ok: true }
  | { ok: false; reason: "malformed" | "no-code" | "expired" }
  | { ok: false; reason: "wrong"; attemptsLeft: number }
  | { ok: false; reason: "locked"; lockedUntil: number };

const codeHash = (deps: DomainDeps, linkCode: string, code: string) => deps.box.lookupHash(`admin-code|${linkCode}|${code}`);

const isLocked = (row: LinkVerificationRecord | undefined, now: number): row is LinkVerificationRecord & { lockedUntil: number } =>
  row?.lockedUntil != null && row.lockedUntil > now;

export async function codeStatus(deps: DomainDeps, linkCode: string): Promise<CodeStatus> {
  const row = await deps.store.getLinkVerification(linkCode);
  const now = deps.clock.now();
  if (isLocked(row, now)) return { lockedUntil: row.lockedUntil, canSendAt: row.lockedUntil, codePending: false, attemptsLeft: 0 };
  return {
    canSendAt: row?.codeHash ? Math.max(now, row.sentAt + RESEND_INTERVAL_MS) : now,
    codePending: Boolean(row?.codeHash && row.codeExpiresAt > now),
    // A lock that has run out leaves its count behind; the next code starts a fresh one.
    attemptsLeft: row?.lockedUntil != null ? MAX_WRONG_CODES : Math.max(0, MAX_WRONG_CODES - (row?.failedAttempts ?? 0)),
  };
}

/**
 * Sends a fresh code for the link to `mobile` (the admin's, in clear) and replaces any earlier code. Refused while
 * the link is locked or within 60 s of the last code.
 */
export async function sendAdminCode(deps: DomainDeps, input: { linkCode: string; organizationId: string; mobile: string }): Promise<{ codeExpiresAt: number }> {
  return inTransaction(deps, async (tx) => {
    const { store } = tx;
    const now = deps.clock.now();
    const tooSoon = (sentAt: number) => {
      const wait = Math.max(1, Math.ceil((sentAt + RESEND_INTERVAL_MS - now) / 1000));
      return errors.codeSentTooSoon({ seconds: wait });
    };
    const refusal = (row: LinkVerificationRecord | undefined): Error | undefined => {
      if (isLocked(row, now)) return lockedError(row.lockedUntil, now);
      return row?.codeHash && now < row.sentAt + RESEND_INTERVAL_MS ? tooSoon(row.sentAt) : undefined;
    };
    const early = refusal(await store.getLinkVerification(input.linkCode));
    if (early) throw early;
    const code = deps.ids.next("smsCode");
    const codeExpiresAt = now + CODE_TTL_MS;
    // Keeps the count of wrong codes as it stands when written (a lock that has run out starts a fresh one). The
    // store re-checks the interval and lock in the same statement: a send racing this one on another node loses.
    const replaced = await store.replaceLinkCode(input.linkCode, { codeHash: codeHash(deps, input.linkCode, code), codeExpiresAt, sentAt: now }, RESEND_INTERVAL_MS, input.organizationId);
    if (!replaced) throw refusal(await store.getLinkVerification(input.linkCode)) ?? tooSoon(now);
    // The code is the only run of six digits in the text: the sandbox outbox picks it out of the body.
    await sendSms(tx, { organizationId: input.organizationId, mobile: input.mobile, purpose: "admin-code", body: `【腾讯电子签】您的验证码为 ${code}，5分钟内有效。如非本人操作，请忽略本短信。` });
    return { codeExpiresAt };
  });
}

/** Checks a code typed by the admin; the third wrong one locks the link. */
export async function checkAdminCode(deps: DomainDeps, input: { linkCode: string; code: string }): Promise<CodeCheck> {
  const code = input.code.trim();
  const { store } = deps;
  const now = deps.clock.now();
  const unusable = (row: LinkVerificationRecord | undefined): CodeCheck | undefined => {
    if (isLocked(row, now)) return { ok: false, reason: "locked", lockedUntil: row.lockedUntil };
    if (!/^\d{6}$/.test(code)) return { ok: false, reason: "malformed" };
    if (!row?.codeHash) return { ok: false, reason: "no-code" };
    if (row.codeExpiresAt <= now) return { ok: false, reason: "expired" };
    return undefined;
  };
  const early = unusable(await store.getLinkVerification(input.linkCode));
  if (early) return early;
  // Counted first, so no guess is compared beyond the third, however many arrive at once.
  const counted = await store.countCodeAttempt(input.linkCode, now);
  // Locked, used or expired in the meantime by another request.
  if (!counted) return unusable(await store.getLinkVerification(input.linkCode)) ?? { ok: false, reason: "no-code" };
  const lock = async (): Promise<CodeCheck> => {
    const lockedUntil = now + LOCK_MS;
    await store.lockLinkVerification(input.linkCode, lockedUntil);
    return { ok: false, reason: "locked", lockedUntil };
  };
  if (counted.failedAttempts > MAX_WRONG_CODES) return lock();
  const hash = codeHash(deps, input.linkCode, code);
  if (sameSecret(deps, hash, counted.codeHash!)) {
    // Used once, even by two requests at the same time: only one of them voids it.
    return (await store.consumeLinkCode(input.linkCode, hash)) ? { ok: true } : { ok: false, reason: "no-code" };
  }
  if (counted.failedAttempts >= MAX_WRONG_CODES) return lock();
  return { ok: false, reason: "wrong", attemptsLeft: MAX_WRONG_CODES - counted.failedAttempts };
}

export function lockedError(lockedUntil: number, now: number): Error {
  const minutes = Math.max(1, Math.ceil((lockedUntil - now) / 60_000));
  return errors.linkLocked({ minutes });
}

/** The admin's sessions in signed-session.ts's terms: purpose "session", bound to the link. */
const SESSION_PURPOSE = "session";

/** A session for the link, as the cookie value `<expiresAt>.<MAC>`. */
export function issueAdminSession(deps: DomainDeps, linkCode: string, linkExpiresAt: number): { value: string; expiresAt: number; maxAgeSeconds: number } {
  const now = deps.clock.now();
  const expiresAt = Math.min(now + SESSION_TTL_MS, linkExpiresAt);
  // Derived from the same instant as expiresAt: a second clock read could round a full TTL down by one second.
  const maxAgeSeconds = Math.max(1, Math.floor((expiresAt - now) / 1000));
  return { value: issueSignedSession(deps, SESSION_PURPOSE, linkCode, expiresAt), expiresAt, maxAgeSeconds };
}

/** The session's CSRF token when `value` is a live session of this link, else undefined. */
export function readAdminSession(deps: DomainDeps, linkCode: string, value: string | undefined): { csrf: string; expiresAt: number } | undefined {
  const session = readSignedSession(deps, SESSION_PURPOSE, linkCode, value, deps.clock.now());
  return session && { csrf: session.csrf, expiresAt: session.expires };
}
