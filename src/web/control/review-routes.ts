/** The caller's review policy: who decides its submitted powers of attorney, and after how long. */
import { z } from "zod";
import type { DomainDeps } from "../../domain/deps.ts";
import { effectiveReviewPolicy, MAX_REVIEW_DELAY_SECONDS, REVIEW_POLICIES, setReviewPolicy, type EffectiveReviewPolicy } from "../../domain/review/policy.ts";
import { controlRoute, requiredText, type ControlRoute } from "./control-route.ts";

const view = (p: EffectiveReviewPolicy) => ({ policy: p.policy, delaySeconds: Math.round(p.delayMs / 1000), source: p.source });

const PolicyBody = z.strictObject({
  policy: requiredText().pipe(z.enum(REVIEW_POLICIES)),
  delaySeconds: z.int().min(0).max(MAX_REVIEW_DELAY_SECONDS).optional(),
});

export function reviewPolicyRoutes(domain: DomainDeps): ControlRoute[] {
  return [
    controlRoute("GET", "review-policy", {}, async ({ organizationId }) => view(await effectiveReviewPolicy(domain, organizationId))),
    controlRoute("POST", "review-policy", { body: PolicyBody }, async ({ organizationId, body }) => view(await setReviewPolicy(domain, organizationId, body))),
  ];
}
