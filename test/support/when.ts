import type { EventEmitter } from "node:events";

/**
 * Resolves with `check`'s first answer other than undefined, asked now and at every `event` of `emitter`; rejects
 * with `failure()`'s message after `timeoutMs`, or at once when `emitter` emits `abortEvent`. Waiting on the thing
 * itself (output printed, a request received) instead of sleeping.
 */
export function when<T>(
  emitter: EventEmitter,
  event: string,
  check: () => T | undefined,
  { timeoutMs, failure, abortEvent }: { timeoutMs: number; failure: (reason: string) => string; abortEvent?: string },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      emitter.off(event, onEvent);
      if (abortEvent) emitter.off(abortEvent, onAbort);
      outcome();
    };
    const onEvent = () => {
      const answer = check();
      if (answer !== undefined) settle(() => resolve(answer));
    };
    const onAbort = () => settle(() => reject(new Error(failure(`${abortEvent} came first`))));
    const timer = setTimeout(() => settle(() => reject(new Error(failure(`nothing within ${timeoutMs} ms`)))), timeoutMs);
    emitter.on(event, onEvent);
    if (abortEvent) emitter.once(abortEvent, onAbort);
    onEvent();
  });
}
