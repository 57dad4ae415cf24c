/** How an organization's submitted powers of attorney are reviewed: by a person, or by essd after a delay. */

export type ReviewPolicy = "manual" | "auto-approve" | "auto-reject";

/** Every policy but manual, named so a lookup by policy can use its index (`!=` cannot); a new policy must be listed. */
const AUTOMATIC: Record<Exclude<ReviewPolicy, "manual">, true> = { "auto-approve": true, "auto-reject": true };
export const AUTOMATIC_REVIEW_POLICIES = Object.keys(AUTOMATIC) as Array<Exclude<ReviewPolicy, "manual">>;

export interface ReviewPolicyRecord {
  organizationId: string;
  policy: ReviewPolicy;
  delayMs: number;
  updatedAt: number;
}

export interface ReviewPolicyStore {
  getReviewPolicy(organizationId: string): Promise<ReviewPolicyRecord | undefined>;
  /** Creates or replaces the organization's policy. */
  putReviewPolicy(record: ReviewPolicyRecord): Promise<void>;
  /** Whether any organization set an automatic review policy (so the automatic reviewer has anything to do). */
  hasAutomaticReviewPolicy(): Promise<boolean>;
}
