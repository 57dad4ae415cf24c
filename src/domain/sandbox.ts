/**
 * What only the sandbox offers an integrator besides the ESS API: moving time forward and starting over.
 * Never reachable in `--mode production` (the control API answers 404 there).
 */
import { isAdvanceable, SandboxClock } from "../platform/clock.ts";
import type { DomainDeps } from "./deps.ts";
import { errors } from "./errors.ts";

/** A year: more than every lifetime essd hands out (links 7 or 30 days), so one call can expire anything. */
export const MAX_ADVANCE_SECONDS = 366 * 86_400;

/**
 * The sandbox clock's offset, kept in the store so every node of an installation moves together and a restart
 * does not turn time back (links that had expired would come alive again).
 */
const SHARED_OFFSET_KEY = "sandbox-clock-offset-ms";
const NEVER = Number.MAX_SAFE_INTEGER;

/**
 * Moves the server's clock forward by `seconds` (a whole number from 1 to MAX_ADVANCE_SECONDS, as the control
 * call's schema checks) for every tenant and every node; answers the new time.
 */
export async function advanceClock(deps: Pick<DomainDeps, "clock" | "store">, seconds: number): Promise<{ now: number }> {
  if (!isAdvanceable(deps.clock)) throw errors.clockNotAdjustable();
  const clock = deps.clock;
  if (!(clock instanceof SandboxClock)) {
    // A test's manual clock belongs to that test alone.
    clock.advance(seconds * 1000);
    return { now: clock.now() };
  }
  // Added atomically, so two nodes advancing at once both count; raised to this node's own offset plus the step
  // when the node is ahead of the store (its clock was also moved directly, as tests do).
  const wanted = clock.offset + seconds * 1000;
  let shared = await deps.store.addToQuota(SHARED_OFFSET_KEY, seconds * 1000, NEVER, 0);
  if (shared < wanted) shared = await deps.store.addToQuota(SHARED_OFFSET_KEY, wanted - shared, NEVER, 0);
  clock.catchUp(shared);
  return { now: clock.now() };
}

/** Takes on the offset other nodes (or an earlier run) moved the sandbox clock to; a no-op on other clocks. */
export async function syncSandboxClock(deps: Pick<DomainDeps, "clock" | "store">): Promise<void> {
  if (deps.clock instanceof SandboxClock) deps.clock.catchUp(await deps.store.readQuota(SHARED_OFFSET_KEY, 0));
}

/**
 * Forgets the organization's registration tasks, flows and links (invitations, initialisation, mobile-change and
 * auth-file links included), its SMS messages and SMS-code checks, faults, review policy, initialisations, callback
 * deliveries, quota counters and its employees' OpenId bindings, in one transaction (its tenant, employees, keys,
 * callback settings, group membership and a platform's sub-enterprises stay).
 */
export async function resetRegistrations(deps: DomainDeps, organizationId: string) {
  return deps.store.transaction(async (store) => {
    // Human-step data and activity first: the code checks and counters they forget are found through the links
    // and flows forgotten next.
    const humanSteps = await store.deleteHumanStepData(organizationId);
    const activity = await store.deleteTenantActivity(organizationId);
    return { ...(await store.deleteRegistrationData(organizationId)), ...humanSteps, ...activity };
  });
}
