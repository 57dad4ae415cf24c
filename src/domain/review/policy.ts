/**
 * Who decides a submitted power of attorney: a reviewer in the console (manual), or essd itself after a delay
 * (auto-approve / auto-reject, for sandboxes and CI). The server's `--review` / `--review-delay` apply to every
 * tenant that has not chosen its own policy through the control API. Production is always manual.
 */
import type { ReviewPolicy } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";

export const REVIEW_POLICIES: readonly ReviewPolicy[] = ["manual", "auto-approve", "auto-reject"];
/** As `--review-delay` allows: up to a day. */
export const MAX_REVIEW_DELAY_SECONDS = 86_400;

export interface EffectiveReviewPolicy {
  policy: ReviewPolicy;
  delayMs: number;
  /** tenant: set through the control API; server: `--review` / `--review-delay`. */
  source: "tenant" | "server";
}

export async function effectiveReviewPolicy(deps: Pick<DomainDeps, "store" | "humanSteps" | "mode">, organizationId: string): Promise<EffectiveReviewPolicy> {
  // A production installation has a reviewer decide, whatever a tenant chose while it was a sandbox (store copy).
  if (deps.mode !== "sandbox") return { policy: "manual", delayMs: 0, source: "server" };
  const own = await deps.store.getReviewPolicy(organizationId);
  if (own) return { policy: own.policy, delayMs: own.delayMs, source: "tenant" };
  return { ...deps.humanSteps.defaultReview, source: "server" };
}

/**
 * Sets the organization's own policy; `delaySeconds` (0 to MAX_REVIEW_DELAY_SECONDS, as the control call's schema
 * checks) defaults to 0. Flows already waiting follow the new policy.
 */
export async function setReviewPolicy(deps: DomainDeps, organizationId: string, input: { policy: ReviewPolicy; delaySeconds?: number }): Promise<EffectiveReviewPolicy> {
  const { policy } = input;
  const delayMs = (input.delaySeconds ?? 0) * 1000;
  await deps.store.putReviewPolicy({ organizationId, policy, delayMs, updatedAt: deps.clock.now() });
  // Waiting flows may be due under the new policy: let the automatic reviewer look now.
  deps.notifyWork("review");
  return { policy, delayMs, source: "tenant" };
}
