import type { QueryContext } from "../query-context.ts";
import type { InitializationStore } from "../ports.ts";

/** Operations done on initialisation links; `detail` is JSON text. */
export const initializations = ({ db }: QueryContext) =>
  ({
    async insertInitializations(records) {
      if (!records.length) return;
      await db
        .insertInto("initializations")
        .values(records.map((r) => ({ ...r, detail: JSON.stringify(r.detail) })))
        // Done twice (two tabs, two nodes) is done once: the first record stands.
        .onConflict((oc) => oc.columns(["linkCode", "targetOrganizationId", "operateType"]).doNothing())
        .execute();
    },
    async listInitializations(organizationId, filter) {
      let q = db.selectFrom("initializations").selectAll().where("organizationId", "=", organizationId);
      if (filter.linkCode !== undefined) q = q.where("linkCode", "=", filter.linkCode);
      const rows = await q.orderBy("doneAt").orderBy("linkCode").orderBy("targetOrganizationId").orderBy("operateType").limit(filter.limit).execute();
      return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    },
  }) satisfies InitializationStore;
