/** What admins did on the tenant's initialisation links (CreateBatchInitOrganizationUrl), for CI to check. */
import { z } from "zod";
import { listInitializations } from "../../domain/batch-init.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { controlRoute, queryInteger, type ControlRoute } from "./control-route.ts";

const MAX_LIMIT = 500;

export function initializationRoutes(domain: DomainDeps): ControlRoute[] {
  return [
    controlRoute("GET", "initializations", { query: z.strictObject({ limit: queryInteger(1, MAX_LIMIT).optional() }) }, async ({ organizationId, query }) =>
      listInitializations(domain, organizationId, query.limit ?? 100),
    ),
  ];
}
