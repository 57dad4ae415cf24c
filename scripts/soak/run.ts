/**
 * One soak of an installation: its capacity for the mix (closed loop, as many requests as it answers), then the
 * mix at a fraction of that capacity (open loop: sends on a fixed schedule, latency counted from the planned send
 * time, so a stall shows up instead of slowing the load down), sampled in windows: requests, errors, p50/p99,
 * and per node resident memory and open handles.
 */
import type { Tenant } from "../bench/processes.ts";
import { percentileOf } from "../bench/driver.ts";
import { openHandles, rssMb, type Installation } from "./nodes.ts";
import { kindOf, type Fixtures } from "./traffic.ts";

export interface Window {
  atMinute: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number[];
  handles: number[];
}

export interface SoakResult {
  label: string;
  capacityRps: number;
  targetRps: number;
  windows: Window[];
  errors: number;
  requests: number;
  firstErrors: string[];
}

let sent = 0;

/** Sends request number `sent` of the mix to the next node in turn. */
async function one(installation: Installation, tenant: Tenant, fixtures: Fixtures): Promise<void> {
  const n = sent++;
  const node = installation.nodes[n % installation.nodes.length]!;
  await kindOf(n).send(node.url, tenant, fixtures);
}

/** Requests per second the installation answers with `lanes` requests in flight, over `seconds` (and the errors meanwhile). */
export async function capacity(installation: Installation, fixtures: Fixtures, seconds: number, lanes = 16): Promise<{ rps: number; errors: string[] }> {
  const endsAt = performance.now() + seconds * 1000;
  let done = 0;
  const errors: string[] = [];
  const lane = async () => {
    while (performance.now() < endsAt) {
      await one(installation, installation.tenant, fixtures).catch((error: Error) => errors.push(error.message.slice(0, 300)));
      done++;
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: lanes }, lane));
  return { rps: done / ((performance.now() - startedAt) / 1000), errors };
}

export async function soak(installation: Installation, fixtures: Fixtures, options: { minutes: number; capacityRps: number; fraction: number; windowSeconds: number; onWindow(w: Window): void }): Promise<SoakResult> {
  const targetRps = options.capacityRps * options.fraction;
  const interval = 1000 / targetRps;
  const startedAt = performance.now();
  const endsAt = startedAt + options.minutes * 60_000;
  const windows: Window[] = [];
  const firstErrors: string[] = [];
  let latencies: number[] = [];
  let windowErrors = 0;
  let windowRequests = 0;
  let errors = 0;
  let requests = 0;

  const closeWindow = () => {
    const sorted = Float64Array.from(latencies).sort();
    const window: Window = {
      atMinute: (performance.now() - startedAt) / 60_000,
      requests: windowRequests,
      errors: windowErrors,
      p50Ms: percentileOf(sorted, 50),
      p99Ms: percentileOf(sorted, 99),
      rssMb: installation.nodes.map((n) => rssMb(n.pid)),
      handles: installation.nodes.map((n) => openHandles(n.pid)),
    };
    windows.push(window);
    options.onWindow(window);
    latencies = [];
    windowErrors = 0;
    windowRequests = 0;
  };
  const sampler = setInterval(closeWindow, options.windowSeconds * 1000);

  const pending = new Set<Promise<unknown>>();
  // The schedule: request k is due at startedAt + k·interval; the loop sleeps until the next one is due.
  for (let k = 0; ; k++) {
    const due = startedAt + k * interval;
    if (due >= endsAt) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = one(installation, installation.tenant, fixtures)
      .then(
        () => void latencies.push(performance.now() - due),
        (error: Error) => {
          latencies.push(performance.now() - due);
          errors++;
          windowErrors++;
          if (firstErrors.length < 5) firstErrors.push(error.message.slice(0, 300));
        },
      )
      .finally(() => {
        requests++;
        windowRequests++;
        pending.delete(request);
      });
    pending.add(request);
  }
  await Promise.all(pending);
  clearInterval(sampler);
  if (windowRequests) closeWindow();
  return { label: installation.label, capacityRps: options.capacityRps, targetRps, windows, errors, requests, firstErrors };
}
