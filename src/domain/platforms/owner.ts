/**
 * An application as the owner of what essbasic's actions create (tasks, flows, links): its own organization row,
 * acting through that row's operator — the ActingContext every ess engine function takes. Each application has
 * its own row, so two applications' tasks and flows never meet, whatever OpenIds they use.
 */
import type { ActingContext } from "../operators.ts";
import type { PlatformActing } from "./identity-mapping.ts";

export function applicationAsOwner(acting: Pick<PlatformActing, "owner" | "ownerOperator">): ActingContext {
  return { callerOrganizationId: acting.owner.id, organization: acting.owner, operator: acting.ownerOperator };
}
