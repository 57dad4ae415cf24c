/** One POST of a JSON body to a receiver (callbacks, the SMS webhook), as every delivery attempt makes it. */
export interface PostOutcome {
  /** The receiver's HTTP status; null when no answer came (refused, timed out). */
  status: number | null;
  /** Why the attempt does not count as accepted; null when it does. */
  error: string | null;
}

export async function postJson(
  url: string,
  body: string,
  options: {
    headers?: Record<string, string>;
    timeoutMs: number;
    accepted(status: number): boolean;
    /** Keep the error's message too, not only its kind (off where the request carries personal data a message could quote). */
    errorDetail: boolean;
  },
): Promise<PostOutcome> {
  try {
    // A redirect is not acceptance: following it would turn the POST into a GET (ESS docs warn of it).
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...options.headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status, error: options.accepted(response.status) ? null : `HTTP ${response.status}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === "TimeoutError") return { status: null, error: `no answer within ${options.timeoutMs / 1000} s` };
    const detail = options.errorDetail ? (e.cause?.message ?? e.message ?? String(error)) : "request failed";
    return { status: null, error: e.cause?.code ?? detail };
  }
}
