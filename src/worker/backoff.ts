/**
 * When a worker tries again after a failed attempt: the delay doubles with each attempt, from `firstDelayMs` up
 * to `maxDelayMs`. Registration tasks, callback deliveries and SMS webhook deliveries all retry this way.
 */
export interface Backoff {
  /** Delay after the first failed attempt. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/** Callbacks and SMS webhook deliveries: 10 s, 20 s, 40 s … at most an hour apart. */
export const DELIVERY_BACKOFF: Backoff = { firstDelayMs: 10_000, maxDelayMs: 60 * 60 * 1000 };

/** Registration tasks (a failing registry): 1 s, 2 s, 4 s … at most five minutes apart. */
export const REGISTRATION_BACKOFF: Backoff = { firstDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/**
 * When to try again after failed attempt number `attempt` (1 for the first) at `now`. With `giveUpAt`, undefined
 * once it has passed, and the last retry is pulled forward to `giveUpAt` itself, so a receiver gets attempts for
 * the whole window and one at its end.
 */
export function nextAttemptAt(attempt: number, now: number, backoff: Backoff): number;
export function nextAttemptAt(attempt: number, now: number, backoff: Backoff, giveUpAt: number): number | undefined;
export function nextAttemptAt(attempt: number, now: number, backoff: Backoff, giveUpAt = Infinity): number | undefined {
  if (now >= giveUpAt) return undefined;
  // The exponent is capped so a long-failing item's delay stays a finite number (the cap applies long before).
  const delay = Math.min(backoff.firstDelayMs * 2 ** Math.min(attempt - 1, 30), backoff.maxDelayMs);
  return Math.min(now + delay, giveUpAt);
}
