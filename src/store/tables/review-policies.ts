import type { QueryContext } from "../query-context.ts";
import type { ReviewPolicyStore } from "../ports.ts";
import { AUTOMATIC_REVIEW_POLICIES } from "../ports/review-policies.ts";
import { upsert } from "../sql-idioms.ts";

/** Review policies, one per organization at most. */
export const reviewPolicies = ({ db }: QueryContext) =>
  ({
    getReviewPolicy: (organizationId) => db.selectFrom("review_policies").selectAll().where("organizationId", "=", organizationId).executeTakeFirst(),
    putReviewPolicy: (record) => upsert(db, "review_policies", "organizationId", record),
    async hasAutomaticReviewPolicy() {
      const row = await db.selectFrom("review_policies").select("organizationId").where("policy", "in", AUTOMATIC_REVIEW_POLICIES).limit(1).executeTakeFirst();
      return row !== undefined;
    },
  }) satisfies ReviewPolicyStore;
