import { Migrator, type Kysely, type Selectable } from "kysely";
import { MATCH_NOTHING } from "./match-nothing.ts";
import { toApiKey, toEmployee, toOrganization } from "./rows.ts";
import { migrations } from "./migrations/index.ts";
import type { Database } from "./schema.ts";
import type { ApiKeyRecord, AuthFlowPatch, CallbackAttemptRecord, CallbackConfigRecord, CallbackDeliveryRecord, CallbackOutcome, AuthFlowQuery, AuthFlowRecord, EmployeeFilter, EmployeeRecord, LinkRecord, OrganizationRecord, RegistrationTaskRecord, RoleRecord, Store } from "./ports.ts";
import { RegistrationQueries } from "./registration-queries.ts";
import { CallbackQueries } from "./callback-queries.ts";
import { HumanStepQueries } from "./human-step-queries.ts";

/**
 * What differs between backends, each with the reason it differs. (Migrations need nothing here: Kysely's
 * migrator already takes PostgreSQL's advisory lock, and SQLite has a single writer.)
 */
export interface DialectTraits {
  /** Concurrent claimers pass over rows another node holds (PostgreSQL SKIP LOCKED); SQLite has one writer. */
  readonly skipLockedClaims: boolean;
  /** A lost, timed-out or overloaded database, as opposed to a faulty query. */
  isUnavailable(error: unknown): boolean;
  /** The PostgreSQL schema essd lives in, when not the default; Kysely's migrator must look for its tables there. */
  readonly schema?: string;
}

type EmployeeRow = Selectable<Database["employees"]>;

/** The dialect-neutral query layer; SQLite and PostgreSQL adapters only supply the connection and traits. */
export class KyselyStore implements Store {
  private readonly registration: RegistrationQueries;
  private readonly callbacks: CallbackQueries;
  private readonly humanSteps: HumanStepQueries;

  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly traits: DialectTraits,
    private readonly onClose: () => Promise<void> = async () => db.destroy(),
  ) {
    const inTransaction = <T>(work: (db: Kysely<Database>) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
    this.registration = new RegistrationQueries(db, traits, inTransaction);
    this.callbacks = new CallbackQueries(db, traits);
    this.humanSteps = new HumanStepQueries(db, traits, inTransaction);
  }

  insertRegistrationTask = (task: RegistrationTaskRecord, flows: AuthFlowRecord[]) => this.registration.insertRegistrationTask(task, flows);
  getRegistrationTask = (id: string) => this.registration.getRegistrationTask(id);
  claimRegistrationTask = (now: number, leaseMs: number) => this.registration.claimRegistrationTask(now, leaseMs);
  completeRegistrationTask = (id: string, now: number) => this.registration.completeRegistrationTask(id, now);
  retryRegistrationTask = (id: string, leaseUntil: number, nextAttemptAt: number, error: string) =>
    this.registration.retryRegistrationTask(id, leaseUntil, nextAttemptAt, error);
  lockRegistrationTask = (id: string) => this.registration.lockRegistrationTask(id);
  releaseRegistrationLeases = () => this.registration.releaseRegistrationLeases();
  insertAuthFlow = (flow: AuthFlowRecord) => this.registration.insertAuthFlow(flow);
  lockAuthFlow = (organizationId: string, id: string) => this.registration.lockAuthFlow(organizationId, id);
  findAuthFlows = (organizationId: string, query: AuthFlowQuery) => this.registration.findAuthFlows(organizationId, query);
  updateAuthFlow = (id: string, patch: AuthFlowPatch, now: number) => this.registration.updateAuthFlow(id, patch, now);
  deleteRegistrationData = (organizationId: string) => this.registration.deleteRegistrationData(organizationId);

  insertSmsMessage: Store["insertSmsMessage"] = (m) => this.humanSteps.insertSmsMessage(m);
  listSmsMessages: Store["listSmsMessages"] = (org, filter) => this.humanSteps.listSmsMessages(org, filter);
  claimSmsMessage: Store["claimSmsMessage"] = (now, leaseMs) => this.humanSteps.claimSmsMessage(now, leaseMs);
  markSmsSent: Store["markSmsSent"] = (id, leaseUntil, at) => this.humanSteps.markSmsSent(id, leaseUntil, at);
  retrySmsMessage: Store["retrySmsMessage"] = (id, leaseUntil, next, error) => this.humanSteps.retrySmsMessage(id, leaseUntil, next, error);
  markSmsFailed: Store["markSmsFailed"] = (id, leaseUntil, error) => this.humanSteps.markSmsFailed(id, leaseUntil, error);
  releaseSmsLeases: Store["releaseSmsLeases"] = () => this.humanSteps.releaseSmsLeases();
  getLinkVerification: Store["getLinkVerification"] = (code) => this.humanSteps.getLinkVerification(code);
  putLinkVerification: Store["putLinkVerification"] = (record) => this.humanSteps.putLinkVerification(record);
  replaceLinkCode: Store["replaceLinkCode"] = (code, fresh, resendAfterMs) => this.humanSteps.replaceLinkCode(code, fresh, resendAfterMs);
  countCodeAttempt: Store["countCodeAttempt"] = (code, now) => this.humanSteps.countCodeAttempt(code, now);
  consumeLinkCode: Store["consumeLinkCode"] = (code, hash) => this.humanSteps.consumeLinkCode(code, hash);
  lockLinkVerification: Store["lockLinkVerification"] = (code, until) => this.humanSteps.lockLinkVerification(code, until);
  insertSandboxFault: Store["insertSandboxFault"] = (fault) => this.humanSteps.insertSandboxFault(fault);
  findSandboxFaults: Store["findSandboxFaults"] = (org, kind, targets) => this.humanSteps.findSandboxFaults(org, kind, targets);
  listSandboxFaults: Store["listSandboxFaults"] = (org) => this.humanSteps.listSandboxFaults(org);
  deleteSandboxFault: Store["deleteSandboxFault"] = (organizationId, id) => this.humanSteps.deleteSandboxFault(organizationId, id);
  getReviewPolicy: Store["getReviewPolicy"] = (org) => this.humanSteps.getReviewPolicy(org);
  putReviewPolicy: Store["putReviewPolicy"] = (record) => this.humanSteps.putReviewPolicy(record);
  listFlowsAwaitingReview: Store["listFlowsAwaitingReview"] = (limit) => this.humanSteps.listFlowsAwaitingReview(limit);
  hasAutomaticReviewPolicy: Store["hasAutomaticReviewPolicy"] = () => this.humanSteps.hasAutomaticReviewPolicy();
  deleteHumanStepData: Store["deleteHumanStepData"] = (org) => this.humanSteps.deleteHumanStepData(org);

  putCallbackConfig = (config: CallbackConfigRecord) => this.callbacks.putCallbackConfig(config);
  getCallbackConfig = (organizationId: string) => this.callbacks.getCallbackConfig(organizationId);
  insertCallbackDelivery = (delivery: CallbackDeliveryRecord) => this.callbacks.insertCallbackDelivery(delivery);
  getCallbackDelivery = (id: string) => this.callbacks.getCallbackDelivery(id);
  claimCallbackDelivery = (now: number, leaseMs: number) => this.callbacks.claimCallbackDelivery(now, leaseMs);
  insertCallbackAttempt = (attempt: CallbackAttemptRecord) => this.callbacks.insertCallbackAttempt(attempt);
  markCallbackDelivered = (id: string, leaseUntil: number, at: number, outcome: CallbackOutcome) => this.callbacks.markCallbackDelivered(id, leaseUntil, at, outcome);
  retryCallbackDelivery = (id: string, leaseUntil: number, nextAttemptAt: number, outcome: CallbackOutcome) =>
    this.callbacks.retryCallbackDelivery(id, leaseUntil, nextAttemptAt, outcome);
  markCallbackFailed = (id: string, leaseUntil: number, outcome: CallbackOutcome) => this.callbacks.markCallbackFailed(id, leaseUntil, outcome);
  listCallbackDeliveries = (organizationId: string, limit: number) => this.callbacks.listCallbackDeliveries(organizationId, limit);
  listCallbackAttempts = (deliveryIds: string[]) => this.callbacks.listCallbackAttempts(deliveryIds);
  resetCallbackDelivery = (id: string, now: number, giveUpAt: number) => this.callbacks.resetCallbackDelivery(id, now, giveUpAt);
  releaseCallbackLeases = () => this.callbacks.releaseCallbackLeases();

  async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      provider: { getMigrations: async () => migrations },
      ...(this.traits.schema ? { migrationTableSchema: this.traits.schema } : {}),
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  }

  isUnavailable(error: unknown): boolean {
    return this.traits.isUnavailable(error);
  }

  async putBlob(hash: string, bytes: Buffer): Promise<void> {
    await this.db.insertInto("blobs").values({ hash, bytes: bytes.toString("base64"), size: bytes.length }).onConflict((oc) => oc.column("hash").doNothing()).execute();
  }

  async getBlob(hash: string): Promise<Buffer | undefined> {
    const row = await this.db.selectFrom("blobs").select("bytes").where("hash", "=", hash).executeTakeFirst();
    return row && Buffer.from(row.bytes, "base64");
  }

  /** The query builder itself, for whole-store tooling (`essd store copy`); application code uses the verbs above. */
  get kysely(): Kysely<Database> {
    return this.db;
  }

  async ping(): Promise<void> {
    await this.db.selectFrom("settings").select("key").limit(1).execute();
  }

  async close(): Promise<void> {
    await this.onClose();
  }

  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new KyselyStore(trx, this.traits, async () => {})));
  }

  async getSetting(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
    return row?.value;
  }

  async putSettingIfAbsent(key: string, value: string): Promise<string> {
    await this.db.insertInto("settings").values({ key, value }).onConflict((oc) => oc.column("key").doNothing()).execute();
    return (await this.getSetting(key))!;
  }

  async replaceSetting(key: string, value: string): Promise<void> {
    await this.db.insertInto("settings").values({ key, value }).onConflict((oc) => oc.column("key").doUpdateSet({ value })).execute();
  }

  async insertOrganization(org: OrganizationRecord, roles: RoleRecord[]): Promise<void> {
    await this.transaction(async (tx) => {
      const db = (tx as KyselyStore).db;
      await db.insertInto("organizations").values({ id: org.id, name: org.name, parent_id: org.parentId, created_at: org.createdAt }).execute();
      if (roles.length) {
        await db.insertInto("roles").values(roles.map((r) => ({ id: r.id, organization_id: r.organizationId, name: r.name }))).execute();
      }
    });
  }

  async getOrganization(id: string): Promise<OrganizationRecord | undefined> {
    const row = await this.db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toOrganization(row);
  }

  async listOrganizations(): Promise<OrganizationRecord[]> {
    const rows = await this.db.selectFrom("organizations").selectAll().orderBy("created_at").orderBy("id").execute();
    return rows.map(toOrganization);
  }

  async listRoles(organizationId: string): Promise<RoleRecord[]> {
    const rows = await this.db.selectFrom("roles").selectAll().where("organization_id", "=", organizationId).orderBy("id").execute();
    return rows.map((r) => ({ id: r.id, organizationId: r.organization_id, name: r.name }));
  }

  async insertEmployee(e: EmployeeRecord): Promise<void> {
    await this.transaction(async (tx) => {
      const db = (tx as KyselyStore).db;
      await db
        .insertInto("employees")
        .values({
          id: e.id,
          organization_id: e.organizationId,
          display_name: e.displayName,
          mobile_sealed: e.mobileSealed,
          mobile_hash: e.mobileHash,
          email: e.email,
          open_id: e.openId,
          wework_open_id: e.weworkOpenId,
          department_id: e.departmentId,
          department_name: e.departmentName,
          verified: e.verified ? 1 : 0,
          verified_at: e.verifiedAt,
          quit: e.quit ? 1 : 0,
          created_at: e.createdAt,
        })
        .execute();
      if (e.roleIds.length) {
        await db.insertInto("employee_roles").values(e.roleIds.map((role_id) => ({ employee_id: e.id, role_id }))).execute();
      }
    });
  }

  async getEmployee(id: string): Promise<EmployeeRecord | undefined> {
    const row = await this.db.selectFrom("employees").selectAll().where("id", "=", id).executeTakeFirst();
    return row && (await this.withRoles([row]))[0];
  }

  async markEmployeeVerified(id: string, at: number): Promise<void> {
    await this.db.updateTable("employees").set({ verified: 1, verified_at: at }).where("id", "=", id).execute();
  }

  async findEmployeesByMobileHash(organizationId: string, mobileHash: string): Promise<EmployeeRecord[]> {
    return this.findEmployeesBy(organizationId, "mobile_hash", mobileHash);
  }

  async findEmployeesByOpenId(organizationId: string, openId: string): Promise<EmployeeRecord[]> {
    return this.findEmployeesBy(organizationId, "open_id", openId);
  }

  async findEmployeesByWeworkOpenId(organizationId: string, weworkOpenId: string): Promise<EmployeeRecord[]> {
    return this.findEmployeesBy(organizationId, "wework_open_id", weworkOpenId);
  }

  private async findEmployeesBy(organizationId: string, column: "mobile_hash" | "open_id" | "wework_open_id", value: string) {
    const rows = await this.db
      .selectFrom("employees")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .where(column, "=", value)
      .orderBy("created_at")
      .execute();
    return this.withRoles(rows);
  }

  async listEmployees(organizationId: string, filter: EmployeeFilter, offset: number, limit: number) {
    let query = this.db.selectFrom("employees").where("organization_id", "=", organizationId);
    if (filter.verified !== undefined) query = query.where("verified", "=", filter.verified ? 1 : 0);
    const lists = [
      ["department_id", filter.departmentIds],
      ["id", filter.userIds],
      ["wework_open_id", filter.weworkOpenIds],
      ["open_id", filter.openIds],
    ] as const;
    for (const [column, values] of lists) {
      if (values) query = values.length ? query.where(column, "in", values) : query.where(MATCH_NOTHING);
    }
    if (filter.roleIds) {
      const roleIds = filter.roleIds;
      query = roleIds.length
        ? query.where("id", "in", (eb) => eb.selectFrom("employee_roles").select("employee_id").where("role_id", "in", roleIds))
        : query.where(MATCH_NOTHING);
    }
    const { total } = await query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
    const rows = await query.selectAll().orderBy("created_at").orderBy("id").offset(offset).limit(limit).execute();
    return { rows: await this.withRoles(rows), total: Number(total) };
  }

  private async withRoles(rows: EmployeeRow[]): Promise<EmployeeRecord[]> {
    if (!rows.length) return [];
    const links = await this.db
      .selectFrom("employee_roles")
      .selectAll()
      .where("employee_id", "in", rows.map((r) => r.id))
      .orderBy("role_id")
      .execute();
    return rows.map((r) => toEmployee(r, links.filter((l) => l.employee_id === r.id).map((l) => l.role_id)));
  }

  async insertApiKey(k: ApiKeyRecord): Promise<void> {
    await this.db
      .insertInto("api_keys")
      .values({
        secret_id: k.secretId,
        organization_id: k.organizationId,
        secret_key_sealed: k.secretKeySealed,
        status: k.status,
        created_at: k.createdAt,
        revoked_at: k.revokedAt,
      })
      .execute();
  }

  async getApiKey(secretId: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.selectFrom("api_keys").selectAll().where("secret_id", "=", secretId).executeTakeFirst();
    return row && toApiKey(row);
  }

  async listApiKeys(organizationId?: string): Promise<ApiKeyRecord[]> {
    let query = this.db.selectFrom("api_keys").selectAll();
    if (organizationId) query = query.where("organization_id", "=", organizationId);
    return (await query.orderBy("created_at").execute()).map(toApiKey);
  }

  async revokeApiKey(secretId: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable("api_keys")
      .set({ status: "revoked", revoked_at: at })
      .where("secret_id", "=", secretId)
      .where("status", "=", "active")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async insertLink(link: LinkRecord): Promise<void> {
    await this.db
      .insertInto("links")
      .values({
        code: link.code,
        kind: link.kind,
        organization_id: link.organizationId,
        target: JSON.stringify(link.target),
        created_at: link.createdAt,
        expires_at: link.expiresAt,
      })
      .execute();
  }

  async getLink(code: string): Promise<LinkRecord | undefined> {
    const row = await this.db.selectFrom("links").selectAll().where("code", "=", code).executeTakeFirst();
    return (
      row && {
        code: row.code,
        kind: row.kind,
        organizationId: row.organization_id,
        target: JSON.parse(row.target),
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      }
    );
  }

  async readQuota(key: string, now: number): Promise<number> {
    const row = await this.db.selectFrom("quota_counters").select("count").where("key", "=", key).where("expires_at", ">", now).executeTakeFirst();
    return row ? Number(row.count) : 0;
  }

  async addToQuota(key: string, by: number, expiresAt: number, now: number): Promise<number> {
    await this.db.deleteFrom("quota_counters").where("key", "=", key).where("expires_at", "<=", now).execute();
    const row = await this.db
      .insertInto("quota_counters")
      .values({ key, count: by, expires_at: expiresAt })
      .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ count: eb("quota_counters.count", "+", by) })))
      .returning("count")
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
