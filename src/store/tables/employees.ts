import type { Selectable } from "kysely";
import { atomically, type QueryContext } from "../query-context.ts";
import type { EmployeeDetails, EmployeeFilter, EmployeeRecord, EmployeeStore } from "../ports.ts";
import type { Database } from "../schema.ts";
import { countOf, MATCH_NOTHING } from "../sql-idioms.ts";

const EDITABLE = ["displayName", "mobileSealed", "mobileHash", "email", "openId", "departmentId", "departmentName"] as const satisfies ReadonlyArray<keyof EmployeeDetails>;

/** Employees, with their roles in `employee_roles`; the flags are stored as 0/1. */
export const employees = ({ db, traits }: QueryContext) => {
  const withRoles = async (rows: Selectable<Database["employees"]>[]): Promise<EmployeeRecord[]> => {
    if (!rows.length) return [];
    const held = await db
      .selectFrom("employee_roles")
      .selectAll()
      .where("employeeId", "in", rows.map((r) => r.id))
      .orderBy("roleId")
      .execute();
    return rows.map((row) => ({
      ...row,
      verified: row.verified === 1,
      quit: row.quit === 1,
      roleIds: held.filter((h) => h.employeeId === row.id).map((h) => h.roleId),
    }));
  };

  /** An organization's employees that pass the filter (listEmployees' and firstEmployees'). */
  const matching = (organizationId: string, filter: EmployeeFilter) => {
    let query = db.selectFrom("employees").where("organizationId", "=", organizationId);
    if (filter.verified !== undefined) query = query.where("verified", "=", filter.verified ? 1 : 0);
    const lists = [
      ["departmentId", filter.departmentIds],
      ["id", filter.userIds],
      ["weworkOpenId", filter.weworkOpenIds],
      ["openId", filter.openIds],
    ] as const;
    for (const [column, values] of lists) {
      if (values) query = values.length ? query.where(column, "in", values) : query.where(MATCH_NOTHING);
    }
    if (filter.roleIds) {
      const roleIds = filter.roleIds;
      query = roleIds.length
        ? query.where("id", "in", (eb) => eb.selectFrom("employee_roles").select("employeeId").where("roleId", "in", roleIds))
        : query.where(MATCH_NOTHING);
    }
    return query;
  };

  const findBy = async (organizationId: string, column: "mobileHash" | "openId" | "weworkOpenId", value: string) =>
    withRoles(await db.selectFrom("employees").selectAll().where("organizationId", "=", organizationId).where(column, "=", value).orderBy("createdAt").execute());

  return {
    async insertEmployee({ roleIds, verified, quit, ...employee }) {
      await atomically(db, async (db) => {
        await db
          .insertInto("employees")
          .values({ ...employee, verified: verified ? 1 : 0, quit: quit ? 1 : 0 })
          .execute();
        if (roleIds.length) await db.insertInto("employee_roles").values(roleIds.map((roleId) => ({ employeeId: employee.id, roleId }))).execute();
      });
    },
    async getEmployee(id) {
      const row = await db.selectFrom("employees").selectAll().where("id", "=", id).executeTakeFirst();
      return row && (await withRoles([row]))[0];
    },
    async markEmployeeVerified(id, at) {
      await db.updateTable("employees").set({ verified: 1, verifiedAt: at }).where("id", "=", id).execute();
    },
    async updateEmployee(id, details) {
      // Only the listed members: a caller's object may carry more than a record's details.
      const set = Object.fromEntries(EDITABLE.filter((key) => details[key] !== undefined).map((key) => [key, details[key]]));
      if (Object.keys(set).length) await db.updateTable("employees").set(set).where("id", "=", id).execute();
    },
    async moveRole(roleId, fromEmployeeId, toEmployeeId) {
      return atomically(db, async (db) => {
        // Hand-overs of one role queue on its row (PostgreSQL; SQLite's one writer queues them already), so each
        // checks what the one before it left: two submitted at once cannot both hand over the same holder's role.
        await db.selectFrom("roles").select("id").where("id", "=", roleId).$if(traits.supportsRowLocks, (q) => q.forUpdate()).execute();
        if (fromEmployeeId) {
          const { numDeletedRows } = await db.deleteFrom("employee_roles").where("employeeId", "=", fromEmployeeId).where("roleId", "=", roleId).executeTakeFirst();
          if (Number(numDeletedRows) === 0) return false;
        } else {
          const holder = await db
            .selectFrom("employee_roles")
            .innerJoin("employees", "employees.id", "employee_roles.employeeId")
            .select("employees.id")
            .where("employee_roles.roleId", "=", roleId)
            .where("employees.quit", "=", 0)
            .limit(1)
            .executeTakeFirst();
          if (holder) return false;
        }
        await db.insertInto("employee_roles").values({ employeeId: toEmployeeId, roleId }).onConflict((oc) => oc.columns(["employeeId", "roleId"]).doNothing()).execute();
        // Roles are part of a cached employee record: writing the employees rows tells every node's read cache.
        await db.updateTable("employees").set((eb) => ({ id: eb.ref("id") })).where("id", "in", fromEmployeeId ? [fromEmployeeId, toEmployeeId] : [toEmployeeId]).execute();
        return true;
      });
    },
    async markEmployeeQuit(id, receiverId) {
      await db.updateTable("employees").set({ quit: 1, receiverId }).where("id", "=", id).execute();
    },
    findEmployeesByMobileHash: (organizationId, mobileHash) => findBy(organizationId, "mobileHash", mobileHash),
    findEmployeesEverywhereByMobileHash: async (mobileHash, limit) =>
      withRoles(await db.selectFrom("employees").selectAll().where("mobileHash", "=", mobileHash).orderBy("createdAt").orderBy("id").limit(limit).execute()),
    findEmployeesByOpenId: (organizationId, openId) => findBy(organizationId, "openId", openId),
    findEmployeesByWeworkOpenId: (organizationId, weworkOpenId) => findBy(organizationId, "weworkOpenId", weworkOpenId),
    listRoleHolders: (roleIds) =>
      roleIds.length ? db.selectFrom("employee_roles").select(["roleId", "employeeId"]).where("roleId", "in", [...roleIds]).execute() : Promise.resolve([]),
    async listEmployees(organizationId, filter, offset, limit) {
      const query = matching(organizationId, filter);
      const total = await countOf(query);
      const rows = await query.selectAll().orderBy("createdAt").orderBy("id").offset(offset).limit(limit).execute();
      return { rows: await withRoles(rows), total };
    },
    firstEmployees: async (organizationId, filter, limit) =>
      withRoles(await matching(organizationId, filter).selectAll().orderBy("createdAt").orderBy("id").limit(limit).execute()),
  } satisfies EmployeeStore;
};
