/** The caller's review policy: who decides its submitted powers of attorney, and after how long. */
import type { DomainDeps } from "../../domain/deps.ts";
import { effectiveReviewPolicy, setReviewPolicy, type EffectiveReviewPolicy } from "../../domain/review/policy.ts";
import type { ControlRoute } from "./control-route.ts";

const view = (p: EffectiveReviewPolicy) => ({ policy: p.policy, delaySeconds: Math.round(p.delayMs / 1000), source: p.source });

export function reviewPolicyRoutes(domain: DomainDeps): ControlRoute[] {
  return [
    ["GET", "review-policy", async (org) => view(await effectiveReviewPolicy(domain, org))],
    ["POST", "review-policy", async (org, body) => view(await setReviewPolicy(domain, org, { policy: body.policy, delaySeconds: body.delaySeconds }))],
  ];
}
