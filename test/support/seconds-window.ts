import assert from "node:assert/strict";

/**
 * The Unix seconds a piece of work ran between: the clock read just before it and just after it. A time the work
 * stamped (an expiry, a creation time, floored to the second) lies within, however slow the machine: tests compare
 * against this window instead of against "now, give or take N seconds".
 */
export interface SecondsWindow {
  from: number;
  to: number;
}

export async function secondsWindowOf<T>(work: () => Promise<T>, now: () => number = Date.now): Promise<[T, SecondsWindow]> {
  const from = Math.floor(now() / 1000);
  const result = await work();
  return [result, { from, to: Math.floor(now() / 1000) }];
}

/** `stamped` is `offsetSeconds` after a moment of `window` (0: a moment of the window itself). */
export function assertStampedWithin(stamped: number | undefined, window: SecondsWindow, offsetSeconds: number, what: string): void {
  assert.ok(
    stamped !== undefined && stamped >= window.from + offsetSeconds && stamped <= window.to + offsetSeconds,
    `${what} ${stamped} is not ${offsetSeconds} s after ${window.from}..${window.to}`,
  );
}
