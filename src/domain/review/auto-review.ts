/**
 * The automatic reviewer: decides the powers of attorney whose tenant's policy is automatic once they waited the
 * policy's delay (from the flow's last change, i.e. its submission). Safe with several nodes: each decision goes
 * through applyFlowEvent, which serialises per flow, and a node that lost the race gets IllegalTransition.
 */
import { applyFlowEvent } from "../authorization/flows.ts";
import { ILLEGAL_TRANSITION, type FlowEvent } from "../authorization/flow-machine.ts";
import type { DomainDeps } from "../deps.ts";
import { EssError } from "../errors.ts";
import { effectiveReviewPolicy, type EffectiveReviewPolicy } from "./policy.ts";
import { decideOrganizationChange } from "../organization-change/base-info.ts";

export const AUTO_REJECT_REASON = "沙箱自动驳回（--review auto-reject）";
/** Flows looked at per run, longest waiting first; manual flows beyond it wait for the next run's turn. */
export const AUTO_REVIEW_BATCH = 1000;

export interface AutoReviewResult {
  approved: number;
  rejected: number;
}

/** Decides every flow due now; `onError` hears what failed for another reason than a lost race. */
export async function runAutoReviews(
  deps: DomainDeps,
  options: { limit?: number; onError?: (flowId: string, error: unknown) => void; shouldStop?: () => boolean } = {},
): Promise<AutoReviewResult> {
  const result: AutoReviewResult = { approved: 0, rejected: 0 };
  if (deps.mode !== "sandbox") return result;
  // Every node polls each second: under the default manual policy, and no tenant's own automatic one, one cheap
  // query instead of reading the whole queue.
  if (deps.humanSteps.defaultReview.policy === "manual" && !(await deps.store.hasAutomaticReviewPolicy())) return result;
  const waiting = await deps.store.listFlowsAwaitingReview(options.limit ?? AUTO_REVIEW_BATCH);
  const policies = new Map<string, EffectiveReviewPolicy>();
  for (const flow of waiting) {
    if (options.shouldStop?.()) break;
    let policy = policies.get(flow.organizationId);
    if (!policy) {
      policy = await effectiveReviewPolicy(deps, flow.organizationId);
      policies.set(flow.organizationId, policy);
    }
    if (policy.policy === "manual" || flow.updatedAt + policy.delayMs > deps.clock.now()) continue;
    const event: FlowEvent = policy.policy === "auto-approve" ? { type: "review-approve" } : { type: "review-reject", reason: AUTO_REJECT_REASON };
    try {
      await applyFlowEvent(deps, flow.organizationId, flow.id, event);
      if (event.type === "review-approve") result.approved++;
      else result.rejected++;
    } catch (error) {
      // Another node (or a reviewer) decided it first, or it was cleared meanwhile.
      if (error instanceof EssError && error.code === ILLEGAL_TRANSITION) continue;
      options.onError?.(flow.id, error);
    }
  }
  await decideOrganizationChanges(deps, policies, result, options);
  return result;
}

/** Organization information changes awaiting review follow the link creator's policy, like its flows. */
async function decideOrganizationChanges(
  deps: DomainDeps,
  policies: Map<string, EffectiveReviewPolicy>,
  result: AutoReviewResult,
  options: { limit?: number; onError?: (id: string, error: unknown) => void; shouldStop?: () => boolean },
): Promise<void> {
  const waiting = await deps.store.listOrganizationChangesAwaitingReview(options.limit ?? AUTO_REVIEW_BATCH);
  for (const change of waiting) {
    if (options.shouldStop?.()) break;
    let policy = policies.get(change.organizationId);
    if (!policy) {
      policy = await effectiveReviewPolicy(deps, change.organizationId);
      policies.set(change.organizationId, policy);
    }
    if (policy.policy === "manual" || change.updatedAt + policy.delayMs > deps.clock.now()) continue;
    const approve = policy.policy === "auto-approve";
    try {
      await decideOrganizationChange(deps, change.id, approve ? { approve: true } : { approve: false, reason: AUTO_REJECT_REASON });
      if (approve) result.approved++;
      else result.rejected++;
    } catch (error) {
      // Another node (or a reviewer) decided it first.
      if (error instanceof EssError && error.code === "FailedOperation") continue;
      options.onError?.(change.id, error);
    }
  }
}
