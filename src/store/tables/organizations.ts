import { atomically, type QueryContext } from "../query-context.ts";
import type { GroupMemberQuery, OrganizationStore } from "../ports.ts";
import { containsText, countOf, withTotal } from "../sql-idioms.ts";

/** Organizations and their roles. */
export const organizations = ({ db }: QueryContext) => {
  const groupMembers = (groupId: string, query: GroupMemberQuery) =>
    db
      .selectFrom("organizations")
      .where("parentId", "=", groupId)
      .$if(query.id !== undefined, (q) => q.where("id", "=", query.id!))
      .$if(!!query.nameContains, (q) => q.where(containsText("name", query.nameContains!)));
  return {
    async insertOrganization(org, roles) {
      await atomically(db, async (db) => {
        await db.insertInto("organizations").values(org).execute();
        if (roles.length) await db.insertInto("roles").values(roles).execute();
      });
    },
    getOrganization: (id) => db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst(),
    listOrganizations: (limit) =>
      db
        .selectFrom("organizations")
        .selectAll()
        .orderBy("createdAt")
        .orderBy("id")
        .$if(limit !== undefined, (q) => q.limit(limit!))
        .execute(),
    async listTenantOrganizations(limit) {
      const tenants = db
        .selectFrom("organizations")
        .where((eb) => eb.not(eb.exists(eb.selectFrom("applications").select("applications.id").whereRef("applications.organizationId", "=", "organizations.id"))));
      const rows = await tenants.selectAll("organizations").orderBy("createdAt").orderBy("id").limit(limit).execute();
      return withTotal(rows, limit, tenants);
    },
    listRoles: (organizationId) => db.selectFrom("roles").selectAll().where("organizationId", "=", organizationId).orderBy("id").execute(),
    hasGroupMembers: async (groupId) => (await db.selectFrom("organizations").select("id").where("parentId", "=", groupId).limit(1).executeTakeFirst()) !== undefined,
    async pageGroupMembers(groupId, query) {
      const members = groupMembers(groupId, query);
      const total = await countOf(members);
      const rows = query.limit > 0 ? await members.selectAll().orderBy("groupJoinedAt").orderBy("createdAt").orderBy("id").offset(query.offset).limit(query.limit).execute() : [];
      return { rows, total };
    },
    countGroupMembers: (groupId) => countOf(groupMembers(groupId, { offset: 0, limit: 0 })),
    async joinGroup(organizationId, groupId, at) {
      // One statement: a second join (another group, another node) finds parent_id set and changes nothing.
      const result = await db
        .updateTable("organizations")
        .set({ parentId: groupId, groupJoinedAt: at })
        .where("id", "=", organizationId)
        .where("parentId", "is", null)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom("organizations as member").select("member.id").where("member.parentId", "=", organizationId))))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async renameOrganization(id, name) {
      await db.updateTable("organizations").set({ name }).where("id", "=", id).execute();
    },
    findOrganizationsByCreditCode: (creditCode, limit) =>
      db.selectFrom("organizations").selectAll().where("creditCode", "=", creditCode).orderBy("createdAt").orderBy("id").limit(limit).execute(),
  } satisfies OrganizationStore;
};
