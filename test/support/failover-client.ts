import { sdkClient } from "./sdk-client.ts";

type Key = { SecretId: string; SecretKey: string };
type EssClient = ReturnType<typeof sdkClient>;

/** One call as the failover client made it: the nodes it went to, in order, and how it ended. */
export interface CallRecord {
  action: string;
  nodes: number[];
  /** The error code (or message) of the final answer; undefined when the final answer was a success. */
  error?: string;
  /** Why the first node's answer was retried elsewhere: `ServiceUnavailable` or `ECONNREFUSED`. */
  retriedFor?: string;
}

/**
 * The README's retry rule for a client in front of several essd nodes: a call is sent once more, to another node,
 * only when the first answered `ServiceUnavailable` (it is stopping and did nothing) or refused the connection
 * (nothing reached it). Every other answer, error or not, is final: a reset or a timeout may come after the call
 * was carried out.
 */
export function retryReason(error: unknown): string | undefined {
  const e = error as { code?: string; message?: string };
  if (e.code === "ServiceUnavailable") return "ServiceUnavailable";
  // The SDK wraps node-fetch's error and keeps only its message: "request to … failed, reason: connect ECONNREFUSED …".
  if (/\bECONNREFUSED\b/.test(e.message ?? "")) return "ECONNREFUSED";
  return undefined;
}

/**
 * The official SDK's client of each node, the retry rule above around them, and the README's routing advice: a
 * node that answered `ServiceUnavailable` or refused the connection gets no call for `avoidMs`, so that nothing is
 * sent to it when it closes its connections. Every call is recorded.
 */
export function failoverClient(endpoints: string[], key: Key, options: { avoidMs: number }) {
  const clients: EssClient[] = endpoints.map((endpoint) => sdkClient({ endpoint }, key));
  const avoidUntil = endpoints.map(() => 0);
  const calls: CallRecord[] = [];
  const next = (node: number) => (node + 1) % clients.length;
  return {
    calls,
    /**
     * Calls `action` on node `first` (the next one while `first` is avoided), then by the rule once on the next
     * node; answers the final Response (undefined for an error) and the node that gave it.
     */
    async call<T>(action: string, first: number, send: (client: EssClient) => Promise<T>): Promise<{ response?: T; node: number }> {
      const record: CallRecord = { action, nodes: [] };
      calls.push(record);
      let node = avoidUntil[first]! > Date.now() && avoidUntil[next(first)]! <= Date.now() ? next(first) : first;
      for (;; node = next(node)) {
        record.nodes.push(node);
        try {
          return { response: await send(clients[node]!), node };
        } catch (error) {
          const reason = retryReason(error);
          if (reason) avoidUntil[node] = Date.now() + options.avoidMs;
          if (reason && record.nodes.length === 1) {
            record.retriedFor = reason;
            continue;
          }
          record.error = (error as { code?: string }).code || (error as Error).message;
          return { node };
        }
      }
    },
  };
}
