import type { Kysely, Selectable } from "kysely";
import type { Database } from "./schema.ts";
import type { DialectTraits } from "./kysely-store.ts";
import { MATCH_NOTHING } from "./match-nothing.ts";
import type { AuthFlowPatch, AuthFlowQuery, AuthFlowRecord, RegistrationStore, RegistrationTaskRecord } from "./ports.ts";
import { claimDue, releaseLeases } from "./claim-due.ts";

/** The registration part of the query layer, shared by both backends like the rest of `KyselyStore`. */
export class RegistrationQueries implements RegistrationStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly traits: DialectTraits,
    private readonly inTransaction: <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
  ) {}

  async insertRegistrationTask(task: RegistrationTaskRecord, flows: AuthFlowRecord[]): Promise<void> {
    await this.inTransaction(async (db) => {
      await db.insertInto("registration_tasks").values(taskRow(task)).execute();
      if (flows.length) await db.insertInto("auth_flows").values(flows.map(flowRow)).execute();
    });
  }

  async getRegistrationTask(id: string): Promise<RegistrationTaskRecord | undefined> {
    const row = await this.db.selectFrom("registration_tasks").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toTask(row);
  }

  async claimRegistrationTask(now: number, leaseMs: number): Promise<RegistrationTaskRecord | undefined> {
    const row = await claimDue(this.db, "registration_tasks", this.traits.skipLockedClaims, now, leaseMs);
    return row && toTask(row);
  }

  async completeRegistrationTask(id: string, now: number): Promise<void> {
    // Only the first finish counts: a late duplicate (a worker that outlived its lease) changes nothing.
    await this.db
      .updateTable("registration_tasks")
      .set({ state: "done", finished_at: now, lease_until: null, last_error: null })
      .where("id", "=", id)
      .where("state", "=", "pending")
      .execute();
  }

  async retryRegistrationTask(id: string, leaseUntil: number, nextAttemptAt: number, error: string): Promise<void> {
    // The lease's end time identifies the claim: a holder whose lease was taken over gives back nothing.
    await this.db
      .updateTable("registration_tasks")
      .set({ lease_until: null, next_attempt_at: nextAttemptAt, last_error: error })
      .where("id", "=", id)
      .where("lease_until", "=", leaseUntil)
      .where("state", "=", "pending")
      .execute();
  }

  async lockRegistrationTask(id: string): Promise<RegistrationTaskRecord | undefined> {
    const row = await this.db
      .selectFrom("registration_tasks")
      .selectAll()
      .where("id", "=", id)
      .$if(this.traits.skipLockedClaims, (q) => q.forUpdate())
      .executeTakeFirst();
    return row && toTask(row);
  }

  async lockAuthFlow(organizationId: string, id: string): Promise<AuthFlowRecord | undefined> {
    const row = await this.db
      .selectFrom("auth_flows")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .where("id", "=", id)
      .$if(this.traits.skipLockedClaims, (q) => q.forUpdate())
      .executeTakeFirst();
    return row && toFlow(row);
  }

  releaseRegistrationLeases = () => releaseLeases(this.db, "registration_tasks");

  async insertAuthFlow(flow: AuthFlowRecord): Promise<void> {
    await this.db.insertInto("auth_flows").values(flowRow(flow)).execute();
  }

  async findAuthFlows(organizationId: string, query: AuthFlowQuery): Promise<AuthFlowRecord[]> {
    let q = this.db.selectFrom("auth_flows").selectAll().where("organization_id", "=", organizationId);
    if (query.ids) q = query.ids.length ? q.where("id", "in", query.ids) : q.where(MATCH_NOTHING);
    if (query.subTaskIds) q = query.subTaskIds.length ? q.where("sub_task_id", "in", query.subTaskIds) : q.where(MATCH_NOTHING);
    if (query.taskId !== undefined) q = q.where("task_id", "=", query.taskId);
    if (query.nameKey !== undefined) q = q.where("name_key", "=", query.nameKey);
    if (query.creditCode !== undefined) q = q.where("credit_code", "=", query.creditCode);
    if (query.operatorId !== undefined) q = q.where("operator_id", "=", query.operatorId);
    if (query.adminMobileHash !== undefined) q = q.where("admin_mobile_hash", "=", query.adminMobileHash);
    const rows = await q.orderBy("created_at").orderBy("task_id").orderBy("position").orderBy("id").execute();
    return rows.map(toFlow);
  }

  async updateAuthFlow(id: string, patch: AuthFlowPatch, now: number): Promise<void> {
    const set: Partial<Database["auth_flows"]> = { updated_at: now };
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.state !== undefined) set.state = patch.state;
    if (patch.errorMessage !== undefined) set.error_message = patch.errorMessage;
    if (patch.authType !== undefined) set.auth_type = patch.authType;
    if (patch.auditStatus !== undefined) set.audit_status = patch.auditStatus;
    if (patch.reason !== undefined) set.reason = patch.reason;
    if (patch.linkToken !== undefined) set.link_token = patch.linkToken;
    if (patch.verifiedOrganizationId !== undefined) set.verified_organization_id = patch.verifiedOrganizationId;
    if (patch.options !== undefined) set.options = JSON.stringify(patch.options);
    if (patch.organizationName !== undefined) set.organization_name = patch.organizationName;
    if (patch.nameKey !== undefined) set.name_key = patch.nameKey;
    if (patch.creditCode !== undefined) set.credit_code = patch.creditCode;
    await this.db.updateTable("auth_flows").set(set).where("id", "=", id).execute();
  }

  async deleteRegistrationData(organizationId: string): Promise<{ tasks: number; flows: number; links: number }> {
    return this.inTransaction(async (db) => {
      const count = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);
      const flows = count(await db.deleteFrom("auth_flows").where("organization_id", "=", organizationId).executeTakeFirst());
      const tasks = count(await db.deleteFrom("registration_tasks").where("organization_id", "=", organizationId).executeTakeFirst());
      const links = count(await db.deleteFrom("links").where("organization_id", "=", organizationId).executeTakeFirst());
      return { tasks, flows, links };
    });
  }
}

const taskRow = (t: RegistrationTaskRecord): Database["registration_tasks"] => ({
  id: t.id,
  organization_id: t.organizationId,
  operator_id: t.operatorId,
  endpoint: t.endpoint,
  batch_auth_method: t.batchAuthMethod,
  state: t.state,
  attempts: t.attempts,
  lease_until: t.leaseUntil,
  next_attempt_at: t.nextAttemptAt,
  last_error: t.lastError,
  created_at: t.createdAt,
  finished_at: t.finishedAt,
});

const toTask = (r: Selectable<Database["registration_tasks"]>): RegistrationTaskRecord => ({
  id: r.id,
  organizationId: r.organization_id,
  operatorId: r.operator_id,
  endpoint: r.endpoint,
  batchAuthMethod: Number(r.batch_auth_method),
  state: r.state === "done" ? "done" : "pending",
  attempts: Number(r.attempts),
  leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
  nextAttemptAt: Number(r.next_attempt_at),
  lastError: r.last_error,
  createdAt: Number(r.created_at),
  finishedAt: r.finished_at === null ? null : Number(r.finished_at),
});

const flowRow = (f: AuthFlowRecord): Database["auth_flows"] => ({
  id: f.id,
  sub_task_id: f.subTaskId,
  task_id: f.taskId,
  position: f.position,
  organization_id: f.organizationId,
  operator_id: f.operatorId,
  source: f.source,
  organization_name: f.organizationName,
  name_key: f.nameKey,
  credit_code: f.creditCode,
  legal_name: f.legalName,
  address: f.address,
  admin_name: f.adminName,
  admin_mobile_sealed: f.adminMobileSealed,
  admin_mobile_hash: f.adminMobileHash,
  admin_id_type: f.adminIdType,
  admin_id_sealed: f.adminIdSealed,
  admin_id_hash: f.adminIdHash,
  authorization_types: JSON.stringify(f.authorizationTypes),
  status: f.status,
  state: f.state,
  error_message: f.errorMessage,
  auth_type: f.authType,
  audit_status: f.auditStatus,
  reason: f.reason,
  link_token: f.linkToken,
  verified_organization_id: f.verifiedOrganizationId,
  options: JSON.stringify(f.options),
  created_at: f.createdAt,
  updated_at: f.updatedAt,
});

export const toFlow = (r: Selectable<Database["auth_flows"]>): AuthFlowRecord => ({
  id: r.id,
  subTaskId: r.sub_task_id,
  taskId: r.task_id,
  position: Number(r.position),
  organizationId: r.organization_id,
  operatorId: r.operator_id,
  source: r.source === "single" ? "single" : "batch",
  organizationName: r.organization_name,
  nameKey: r.name_key,
  creditCode: r.credit_code,
  legalName: r.legal_name,
  address: r.address,
  adminName: r.admin_name,
  adminMobileSealed: r.admin_mobile_sealed,
  adminMobileHash: r.admin_mobile_hash,
  adminIdType: r.admin_id_type,
  adminIdSealed: r.admin_id_sealed,
  adminIdHash: r.admin_id_hash,
  authorizationTypes: JSON.parse(r.authorization_types),
  status: r.status as AuthFlowRecord["status"],
  state: r.state as AuthFlowRecord["state"],
  errorMessage: r.error_message,
  authType: Number(r.auth_type),
  auditStatus: Number(r.audit_status),
  reason: r.reason,
  linkToken: r.link_token,
  verifiedOrganizationId: r.verified_organization_id,
  options: JSON.parse(r.options),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
