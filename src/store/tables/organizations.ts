import { atomically, type QueryContext } from "../query-context.ts";
import type { OrganizationStore } from "../ports.ts";

/** Organizations and their roles. */
export const organizations = ({ db }: QueryContext) =>
  ({
    async insertOrganization(org, roles) {
      await atomically(db, async (db) => {
        await db.insertInto("organizations").values(org).execute();
        if (roles.length) await db.insertInto("roles").values(roles).execute();
      });
    },
    getOrganization: (id) => db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst(),
    listOrganizations: () => db.selectFrom("organizations").selectAll().orderBy("createdAt").orderBy("id").execute(),
    listRoles: (organizationId) => db.selectFrom("roles").selectAll().where("organizationId", "=", organizationId).orderBy("id").execute(),
  }) satisfies OrganizationStore;
