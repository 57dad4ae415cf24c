/**
 * Who decides a submitted power of attorney: a reviewer in the console (manual), or essd itself after a delay
 * (auto-approve / auto-reject, for sandboxes and CI). The server's `--review` / `--review-delay` apply to every
 * tenant that has not chosen its own policy through the control API. Production is always manual.
 */
import type { ReviewPolicy } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { essError } from "../errors.ts";

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

/** Sets the organization's own policy; `delaySeconds` defaults to 0. Flows already waiting follow the new policy. */
export async function setReviewPolicy(deps: DomainDeps, organizationId: string, input: { policy: unknown; delaySeconds?: unknown }): Promise<EffectiveReviewPolicy> {
  const policy = input.policy;
  if (policy === undefined || policy === null || policy === "") {
    throw essError("MissingParameter", "缺少参数：policy（manual、auto-approve 或 auto-reject）。", "The request is missing policy (manual, auto-approve or auto-reject).");
  }
  if (typeof policy !== "string" || !REVIEW_POLICIES.includes(policy as ReviewPolicy)) {
    throw essError("InvalidParameterValue", "参数 policy 取值错误：应为 manual、auto-approve 或 auto-reject。", "policy must be manual, auto-approve or auto-reject.");
  }
  const delaySeconds = input.delaySeconds ?? 0;
  if (typeof delaySeconds !== "number" || !Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_REVIEW_DELAY_SECONDS) {
    throw essError(
      "InvalidParameterValue",
      `参数 delaySeconds 取值错误：应为 0 到 ${MAX_REVIEW_DELAY_SECONDS} 之间的整数（秒）。`,
      `delaySeconds must be an integer from 0 to ${MAX_REVIEW_DELAY_SECONDS} (seconds).`,
    );
  }
  await deps.store.putReviewPolicy({ organizationId, policy: policy as ReviewPolicy, delayMs: delaySeconds * 1000, updatedAt: deps.clock.now() });
  // Waiting flows may be due under the new policy: let the automatic reviewer look now.
  deps.notifyWork();
  return { policy: policy as ReviewPolicy, delayMs: delaySeconds * 1000, source: "tenant" };
}
