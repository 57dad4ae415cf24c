export interface CallbackRetryPolicy {
  /** Delay after the first failed attempt; doubles per attempt. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_CALLBACK_RETRY: CallbackRetryPolicy = { firstDelayMs: 10_000, maxDelayMs: 60 * 60 * 1000 };

/**
 * When to try again after failed attempt number `attempt` at `now`, or undefined to give up. The last retry is
 * pulled forward to `giveUpAt` itself, so a receiver gets attempts for the whole window and one at its end.
 */
export function nextCallbackAttempt(attempt: number, now: number, giveUpAt: number, policy: CallbackRetryPolicy = DEFAULT_CALLBACK_RETRY): number | undefined {
  if (now >= giveUpAt) return undefined;
  const delay = Math.min(policy.firstDelayMs * 2 ** Math.min(attempt - 1, 30), policy.maxDelayMs);
  return Math.min(now + delay, giveUpAt);
}
