/**
 * What only the sandbox offers an integrator besides the ESS API: moving time forward and starting over.
 * Never reachable in `--mode production` (the control API answers 404 there).
 */
import { isAdvanceable } from "../platform/clock.ts";
import type { DomainDeps } from "./deps.ts";
import { essError } from "./errors.ts";

/** A year: more than every lifetime essd hands out (links 7 or 30 days), so one call can expire anything. */
export const MAX_ADVANCE_SECONDS = 366 * 86_400;

/** Moves the server's clock forward by `seconds` (for every tenant of this process); answers the new time. */
export function advanceClock(deps: DomainDeps, seconds: unknown): { now: number } {
  if (!isAdvanceable(deps.clock)) {
    throw essError("UnsupportedOperation", "此服务器的时钟不可调整（仅沙箱模式的 essd serve 支持）。", "This server's clock cannot be advanced (only essd serve in sandbox mode can).");
  }
  if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_ADVANCE_SECONDS) {
    throw essError(
      "InvalidParameterValue",
      `seconds 应为 1 到 ${MAX_ADVANCE_SECONDS} 之间的整数（时钟只能向前）。`,
      `seconds must be an integer from 1 to ${MAX_ADVANCE_SECONDS} (the clock only moves forward).`,
    );
  }
  deps.clock.advance(seconds * 1000);
  return { now: deps.clock.now() };
}

/**
 * Forgets the organization's registration tasks, flows and links, and its SMS messages, faults and review
 * policy, in one transaction (its tenant, employees, keys and callback settings stay).
 */
export async function resetRegistrations(deps: DomainDeps, organizationId: string) {
  return deps.store.transaction(async (store) => {
    // Human-step data first: the code checks it forgets are found through the links forgotten next.
    const humanSteps = await store.deleteHumanStepData(organizationId);
    return { ...(await store.deleteRegistrationData(organizationId)), ...humanSteps };
  });
}
