/**
 * Throughput against the baseline, fairly on a shared machine: the bare server and each essd target take turns
 * (bare, essd, bare, essd, …) with the same request bytes, and every figure is the median of the rounds.
 */
import { runLoad, type LoadRequest, type LoadResult } from "./driver.ts";
import { watched, type Served } from "./processes.ts";

export interface Pace {
  seconds: number;
  rounds: number;
  warmSeconds: number;
  connections: number;
}

export interface Measured {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** essd's CPU seconds over one round (median), and per request. */
  cpuSeconds: number;
  cpuUsPerRequest: number;
  peakRssMb: number;
  errors: number;
  firstError?: string;
  bareRps: number;
  ratio: number;
  /** Each round's p50, in order: targets measured in the same round can be paired. */
  roundP50Ms: number[];
}

export const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};

export interface Target {
  server: Served;
  request: LoadRequest;
}

/** Measures each target against the bare server in alternating rounds; answers one figure set per target. */
export async function compareWithBare(bare: Served, targets: Target[], pace: Pace): Promise<Measured[]> {
  const load = (server: Served, request: LoadRequest, seconds: number) => runLoad({ url: server.url, request, connections: pace.connections, seconds });
  for (const target of targets) await load(target.server, target.request, pace.warmSeconds);
  await load(bare, targets[0]!.request, pace.warmSeconds);
  const bareRounds: LoadResult[] = [];
  const rounds: Array<Array<{ result: LoadResult; cpuSeconds: number; peakRssMb: number }>> = targets.map(() => []);
  for (let round = 0; round < pace.rounds; round++) {
    bareRounds.push(await load(bare, targets[0]!.request, pace.seconds));
    for (const [i, target] of targets.entries()) {
      rounds[i]!.push(await watched(target.server.pid, () => load(target.server, target.request, pace.seconds)));
    }
  }
  const bareRps = median(bareRounds.map((r) => r.rps));
  return rounds.map((runs) => {
    const rps = median(runs.map((r) => r.result.rps));
    const cpuSeconds = median(runs.map((r) => r.cpuSeconds));
    const firstError = runs.find((r) => r.result.firstError)?.result.firstError;
    return {
      rps,
      p50Ms: median(runs.map((r) => r.result.p50Ms)),
      p99Ms: median(runs.map((r) => r.result.p99Ms)),
      cpuSeconds,
      cpuUsPerRequest: median(runs.map((r) => (r.cpuSeconds / r.result.requests) * 1e6)),
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
      errors: runs.reduce((sum, r) => sum + r.result.errors, 0),
      ...(firstError ? { firstError } : {}),
      bareRps,
      ratio: rps / bareRps,
      roundP50Ms: runs.map((r) => r.result.p50Ms),
    };
  });
}

/** Latency at a fixed overall rate (open loop), e.g. half of the maximum just measured. */
export async function atRate(server: Served, request: LoadRequest, rate: number, pace: Pace) {
  return watched(server.pid, () => runLoad({ url: server.url, request, connections: pace.connections, seconds: pace.seconds, rate }));
}
