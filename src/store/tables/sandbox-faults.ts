import type { QueryContext } from "../query-context.ts";
import type { SandboxFaultStore } from "../ports.ts";
import { MATCH_NOTHING, rowsChanged } from "../sql-idioms.ts";

/** Failures sandbox tenants asked for. */
export const sandboxFaults = ({ db }: QueryContext) => {
  const ofOrganization = (organizationId: string) => db.selectFrom("sandbox_faults").selectAll().where("organizationId", "=", organizationId).orderBy("createdAt").orderBy("id");
  return {
    async insertSandboxFault(fault) {
      await db.insertInto("sandbox_faults").values(fault).execute();
    },
    findSandboxFaults: (organizationId, kind, targets) =>
      ofOrganization(organizationId)
        .where("kind", "=", kind)
        .where(targets.length ? (eb) => eb("target", "in", targets) : MATCH_NOTHING)
        .execute(),
    listSandboxFaults: (organizationId) => ofOrganization(organizationId).execute(),
    async deleteSandboxFault(organizationId, id) {
      const result = await db.deleteFrom("sandbox_faults").where("organizationId", "=", organizationId).where("id", "=", id).executeTakeFirst();
      return rowsChanged(result) > 0;
    },
  } satisfies SandboxFaultStore;
};
