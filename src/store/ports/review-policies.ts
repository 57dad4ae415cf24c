/** How an organization's submitted powers of attorney are reviewed: by a person, or by essd after a delay. */

export type ReviewPolicy = "manual" | "auto-approve" | "auto-reject";

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
