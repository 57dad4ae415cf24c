/**
 * The tenant's organization information changes (CreateOrganizationInfoChangeUrl's links), for CI to read, and the
 * review decision a reviewer would take in the console, for CI to drive.
 */
import { z } from "zod";
import { changeView, decideOrganizationChange } from "../../domain/organization-change/base-info.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { controlRoute, optionalText, queryInteger, requiredText, type ControlRoute } from "./control-route.ts";

const MAX_LIMIT = 500;
const ReviewDecision = z.strictObject({ decision: requiredText().pipe(z.enum(["approve", "reject"])), reason: optionalText() });

export function organizationChangeRoutes(domain: DomainDeps): ControlRoute[] {
  return [
    controlRoute("GET", "organization-changes", { query: z.strictObject({ limit: queryInteger(1, MAX_LIMIT).optional() }) }, async ({ organizationId, query }) => ({
      changes: (await domain.store.listOrganizationChanges(organizationId, { limit: query.limit ?? 100 })).map(changeView),
    })),
    controlRoute("POST", "organization-changes/:id/review", { body: ReviewDecision }, async ({ organizationId, params, body }) =>
      changeView(
        await decideOrganizationChange(domain, params.id!, body.decision === "approve" ? { approve: true } : { approve: false, reason: body.reason ?? "" }, { organizationId }),
      ),
    ),
  ];
}
