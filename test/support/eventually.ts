/**
 * Resolves with `check`'s first truthy answer, asking again after short pauses; fails naming `what` (or what it
 * answers then) after
 * `timeoutMs`. For what only another process (or a test's own background loop) can make true: a harness test waits
 * on `drainAll()` instead, and output or requests are awaited as events (essd-process, callback-receiver).
 */
export async function eventually<T>(what: string | (() => string), check: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    const answer = await check();
    if (answer) return answer;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
