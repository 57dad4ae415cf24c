import type { QueryContext } from "../query-context.ts";
import type { PlatformStore } from "../ports.ts";

/** Platforms, applications and the OpenIds of sub-enterprises and operators, always looked up within one application. */
export const platforms = ({ db }: QueryContext) =>
  ({
    async insertPlatform(platform) {
      await db.insertInto("platforms").values(platform).execute();
    },
    getPlatform: (id) => db.selectFrom("platforms").selectAll().where("id", "=", id).executeTakeFirst(),
    listPlatforms: () => db.selectFrom("platforms").selectAll().orderBy("createdAt").orderBy("id").execute(),
    async insertApplication(application) {
      await db.insertInto("applications").values(application).execute();
    },
    getApplication: (id) => db.selectFrom("applications").selectAll().where("id", "=", id).executeTakeFirst(),
    listApplications: (platformId) =>
      db
        .selectFrom("applications")
        .selectAll()
        .$if(platformId !== undefined, (q) => q.where("platformId", "=", platformId!))
        .orderBy("createdAt")
        .orderBy("id")
        .execute(),

    async insertProxyOrganization(record) {
      await db.insertInto("proxy_organizations").values(record).execute();
    },
    getProxyOrganization: (applicationId, openId) =>
      db.selectFrom("proxy_organizations").selectAll().where("applicationId", "=", applicationId).where("openId", "=", openId).executeTakeFirst(),
    findProxyOrganizationByFlow: (flowId) => db.selectFrom("proxy_organizations").selectAll().where("flowId", "=", flowId).executeTakeFirst(),
    listProxyOrganizations: (applicationId) =>
      db.selectFrom("proxy_organizations").selectAll().where("applicationId", "=", applicationId).orderBy("createdAt").orderBy("id").execute(),
    async updateProxyOrganization(id, patch, now) {
      await db.updateTable("proxy_organizations").set({ ...patch, updatedAt: now }).where("id", "=", id).execute();
    },

    async insertProxyOperator(record) {
      await db.insertInto("proxy_operators").values(record).execute();
    },
    getProxyOperator: (applicationId, organizationOpenId, openId) =>
      db
        .selectFrom("proxy_operators")
        .selectAll()
        .where("applicationId", "=", applicationId)
        .where("organizationOpenId", "=", organizationOpenId)
        .where("openId", "=", openId)
        .executeTakeFirst(),
    findProxyOperatorByEmployee: (employeeId) => db.selectFrom("proxy_operators").selectAll().where("employeeId", "=", employeeId).executeTakeFirst(),
    listProxyOperators: (applicationId, organizationOpenId) =>
      db
        .selectFrom("proxy_operators")
        .selectAll()
        .where("applicationId", "=", applicationId)
        .where("organizationOpenId", "=", organizationOpenId)
        .orderBy("createdAt")
        .orderBy("id")
        .execute(),
    async updateProxyOperator(id, patch, now) {
      await db.updateTable("proxy_operators").set({ ...patch, updatedAt: now }).where("id", "=", id).execute();
    },
  }) satisfies PlatformStore;
