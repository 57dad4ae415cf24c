import type { ExpressionBuilder } from "kysely";
import type { QueryContext } from "../query-context.ts";
import type { AuthorizationStatus, PlatformStore } from "../ports.ts";
import type { Database } from "../schema.ts";
import { countOf, MATCH_NOTHING, withTotal } from "../sql-idioms.ts";

type PageScope = ExpressionBuilder<Database & { po: Database["proxy_organizations"]; app: Database["applications"]; af: Database["auth_flows"] }, "po" | "app" | "af">;

/** AuthorizationStatus as SQL (the rule AUTHORIZATION_STATUSES states), so the filter and the count run in the query. */
const authorizationStatus = (eb: PageScope) =>
  eb
    .case()
    .when("po.organizationId", "is not", null)
    .then("VERIFIED")
    .when(eb.or([eb("af.id", "is", null), eb("af.state", "!=", "active"), eb("af.status", "in", ["Processing", "Create"])]))
    .then("UNVERIFIED")
    .when("af.authType", "=", 2)
    .then("VERIFYINGLEGALPENDINGAUTHORIZATION")
    .when("af.auditStatus", "=", 3)
    .then("VERIFYINGAUTHORIZATIONFILEPENDING")
    .when("af.auditStatus", "=", 2)
    .then("VERIFYINGAUTHORIZATIONFILEREJECT")
    .else("VERIFYING")
    .end()
    .$castTo<AuthorizationStatus>();

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
    async listFirstApplications(limit) {
      const rows = await db
        .selectFrom("applications")
        .leftJoin("platforms", "platforms.id", "applications.platformId")
        .selectAll("applications")
        .select("platforms.name as platformName")
        .orderBy("applications.createdAt")
        .orderBy("applications.id")
        .limit(limit)
        .execute();
      return withTotal(rows, limit, db.selectFrom("applications"));
    },

    async insertProxyOrganization(record) {
      await db.insertInto("proxy_organizations").values(record).execute();
    },
    getProxyOrganization: (applicationId, openId) =>
      db.selectFrom("proxy_organizations").selectAll().where("applicationId", "=", applicationId).where("openId", "=", openId).executeTakeFirst(),
    findProxyOrganizationByFlow: (flowId) => db.selectFrom("proxy_organizations").selectAll().where("flowId", "=", flowId).executeTakeFirst(),
    listProxyOrganizations: (applicationId, limit) =>
      db
        .selectFrom("proxy_organizations")
        .selectAll()
        .where("applicationId", "=", applicationId)
        .orderBy("createdAt")
        .orderBy("id")
        .$if(limit !== undefined, (q) => q.limit(limit!))
        .execute(),
    async pageProxyOrganizations(applicationId, query) {
      // The flow counts only when the application's owner organization holds it, as every flow lookup is scoped.
      const scoped = db
        .selectFrom("proxy_organizations as po")
        .innerJoin("applications as app", "app.id", "po.applicationId")
        .leftJoin("auth_flows as af", (join) => join.onRef("af.id", "=", "po.flowId").onRef("af.organizationId", "=", "app.organizationId"))
        .where("po.applicationId", "=", applicationId)
        .$if(query.openId !== undefined, (q) => q.where("po.openId", "=", query.openId!))
        .selectAll("po")
        .select((eb) => authorizationStatus(eb).as("authorizationStatus"));
      let page = db.selectFrom(scoped.as("p"));
      if (query.statuses) page = query.statuses.length ? page.where("p.authorizationStatus", "in", [...query.statuses]) : page.where(MATCH_NOTHING);
      const total = await countOf(page);
      const rows = await page.selectAll("p").orderBy("p.createdAt").orderBy("p.id").offset(query.offset).limit(query.limit).execute();
      return { rows, total };
    },
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
    listProxyOperators: (applicationId, organizationOpenId, only = {}) =>
      db
        .selectFrom("proxy_operators")
        .selectAll()
        .where("applicationId", "=", applicationId)
        .where("organizationOpenId", "=", organizationOpenId)
        .$if(only.status !== undefined, (q) => q.where("status", "=", only.status!))
        .orderBy("createdAt")
        .orderBy("id")
        .$if(only.limit !== undefined, (q) => q.limit(only.limit!))
        .execute(),
    async pageProxyOperators(applicationId, organizationOpenId, query) {
      // An operator is verified while it is active and the employee it joined as is current and verified.
      const verifiedEmployee = (eb: ExpressionBuilder<Database, "proxy_operators">) =>
        eb.exists(
          eb
            .selectFrom("employees")
            .select("employees.id")
            .whereRef("employees.id", "=", "proxy_operators.employeeId")
            .where("employees.quit", "=", 0)
            .where("employees.verified", "=", 1),
        );
      let operators = db.selectFrom("proxy_operators").where("applicationId", "=", applicationId).where("organizationOpenId", "=", organizationOpenId);
      if (query.openIds) operators = query.openIds.length ? operators.where("openId", "in", [...query.openIds]) : operators.where(MATCH_NOTHING);
      if (query.excludeResigned || query.state === "unverified") operators = operators.where("status", "!=", "resigned");
      if (query.state === "resigned") operators = operators.where("status", "=", "resigned");
      if (query.state === "verified") operators = operators.where("status", "=", "active").where(verifiedEmployee);
      if (query.state === "unverified") operators = operators.where((eb) => eb.not(verifiedEmployee(eb)));
      const total = await countOf(operators);
      const rows = await operators.selectAll().orderBy("createdAt").orderBy("id").offset(query.offset).limit(query.limit).execute();
      return { rows, total };
    },
    findProxyOperatorsByEmployees: (applicationId, employeeIds) =>
      employeeIds.length
        ? db.selectFrom("proxy_operators").selectAll().where("employeeId", "in", [...employeeIds]).where("applicationId", "=", applicationId).execute()
        : Promise.resolve([]),
    async updateProxyOperator(id, patch, now) {
      await db.updateTable("proxy_operators").set({ ...patch, updatedAt: now }).where("id", "=", id).execute();
    },
  }) satisfies PlatformStore;
