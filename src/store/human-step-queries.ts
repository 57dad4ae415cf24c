import { type Kysely, type Selectable } from "kysely";
import type { Database } from "./schema.ts";
import type { DialectTraits } from "./kysely-store.ts";
import { claimDue, endClaim, releaseLeases } from "./claim-due.ts";
import { MATCH_NOTHING } from "./match-nothing.ts";
import { toFlow } from "./registration-queries.ts";
import type {
  AuthFlowRecord,
  HumanStepStore,
  LinkVerificationRecord,
  ReviewPolicyRecord,
  SandboxFaultKind,
  SandboxFaultRecord,
  SmsMessageRecord,
  SmsPurpose,
} from "./ports.ts";

/** SMS messages, code checks, sandbox faults and review policies: the part of `KyselyStore` behind the human steps. */
export class HumanStepQueries implements HumanStepStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly traits: DialectTraits,
    private readonly inTransaction: <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
  ) {}

  async insertSmsMessage(m: SmsMessageRecord): Promise<void> {
    await this.db
      .insertInto("sms_messages")
      .values({
        id: m.id,
        organization_id: m.organizationId,
        mobile_sealed: m.mobileSealed,
        mobile_hash: m.mobileHash,
        purpose: m.purpose,
        body_sealed: m.bodySealed,
        state: m.state,
        attempts: m.attempts,
        next_attempt_at: m.nextAttemptAt,
        lease_until: m.leaseUntil,
        last_error: m.lastError,
        created_at: m.createdAt,
        sent_at: m.sentAt,
      })
      .execute();
  }

  async listSmsMessages(organizationId: string, filter: { mobileHash?: string; purpose?: SmsPurpose; limit: number }): Promise<SmsMessageRecord[]> {
    const rows = await this.db
      .selectFrom("sms_messages")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .$if(filter.mobileHash !== undefined, (q) => q.where("mobile_hash", "=", filter.mobileHash!))
      .$if(filter.purpose !== undefined, (q) => q.where("purpose", "=", filter.purpose!))
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(filter.limit)
      .execute();
    return rows.map(toSms);
  }

  async claimSmsMessage(now: number, leaseMs: number): Promise<SmsMessageRecord | undefined> {
    const row = await claimDue(this.db, "sms_messages", this.traits.skipLockedClaims, now, leaseMs);
    return row && toSms(row);
  }

  // A final state drops the body: its code or link token has no further use, so it should not outlive delivery.
  markSmsSent = (id: string, leaseUntil: number, at: number) => this.endSmsClaim(id, leaseUntil, { state: "sent", sent_at: at, last_error: null, body_sealed: "" });
  retrySmsMessage = (id: string, leaseUntil: number, nextAttemptAt: number, error: string) =>
    this.endSmsClaim(id, leaseUntil, { next_attempt_at: nextAttemptAt, last_error: error });
  markSmsFailed = (id: string, leaseUntil: number, error: string) => this.endSmsClaim(id, leaseUntil, { state: "failed", last_error: error, body_sealed: "" });

  private endSmsClaim = (id: string, leaseUntil: number, set: Partial<Database["sms_messages"]>) => endClaim(this.db, "sms_messages", id, leaseUntil, set);

  releaseSmsLeases = () => releaseLeases(this.db, "sms_messages");

  async getLinkVerification(linkCode: string): Promise<LinkVerificationRecord | undefined> {
    const r = await this.db.selectFrom("link_verifications").selectAll().where("link_code", "=", linkCode).executeTakeFirst();
    return r && toVerification(r);
  }

  async putLinkVerification(v: LinkVerificationRecord): Promise<void> {
    const row = {
      link_code: v.linkCode,
      code_hash: v.codeHash,
      code_expires_at: v.codeExpiresAt,
      failed_attempts: v.failedAttempts,
      locked_until: v.lockedUntil,
      sent_at: v.sentAt,
    };
    const { link_code: _key, ...update } = row;
    await this.db
      .insertInto("link_verifications")
      .values(row)
      .onConflict((oc) => oc.column("link_code").doUpdateSet(update))
      .execute();
  }

  async replaceLinkCode(linkCode: string, code: { codeHash: string; codeExpiresAt: number; sentAt: number }, resendAfterMs: number): Promise<boolean> {
    const row = await this.db
      .insertInto("link_verifications")
      .values({ link_code: linkCode, code_hash: code.codeHash, code_expires_at: code.codeExpiresAt, failed_attempts: 0, locked_until: null, sent_at: code.sentAt })
      .onConflict((oc) =>
        oc.column("link_code").doUpdateSet((eb) => ({
          code_hash: code.codeHash,
          code_expires_at: code.codeExpiresAt,
          sent_at: code.sentAt,
          // Read from the row as it is when the statement runs, not as some earlier read saw it.
          failed_attempts: eb.case().when("link_verifications.locked_until", "is", null).then(eb.ref("link_verifications.failed_attempts")).else(0).end(),
          locked_until: null,
        }))
          // Judged on the row as it is when the statement runs: of two sends at once, one replaces and one is refused.
          .where((eb) =>
            eb.and([
              eb.or([eb("link_verifications.code_hash", "is", null), eb("link_verifications.sent_at", "<=", code.sentAt - resendAfterMs)]),
              eb.or([eb("link_verifications.locked_until", "is", null), eb("link_verifications.locked_until", "<=", code.sentAt)]),
            ]),
          ),
      )
      .returning("link_code")
      .executeTakeFirst();
    return row !== undefined;
  }

  async countCodeAttempt(linkCode: string, now: number): Promise<LinkVerificationRecord | undefined> {
    const r = await this.db
      .updateTable("link_verifications")
      .set((eb) => ({ failed_attempts: eb("failed_attempts", "+", 1) }))
      .where("link_code", "=", linkCode)
      .where("code_hash", "is not", null)
      .where("code_expires_at", ">", now)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
      .returningAll()
      .executeTakeFirst();
    return r && toVerification(r);
  }

  async consumeLinkCode(linkCode: string, codeHash: string): Promise<boolean> {
    const result = await this.db
      .updateTable("link_verifications")
      .set({ code_hash: null, failed_attempts: 0, locked_until: null })
      .where("link_code", "=", linkCode)
      .where("code_hash", "=", codeHash)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async lockLinkVerification(linkCode: string, lockedUntil: number): Promise<void> {
    await this.db.updateTable("link_verifications").set({ code_hash: null, locked_until: lockedUntil }).where("link_code", "=", linkCode).execute();
  }

  async insertSandboxFault(f: SandboxFaultRecord): Promise<void> {
    await this.db
      .insertInto("sandbox_faults")
      .values({ id: f.id, organization_id: f.organizationId, kind: f.kind, target: f.target, code: f.code, message: f.message, created_at: f.createdAt })
      .execute();
  }

  async findSandboxFaults(organizationId: string, kind: SandboxFaultKind, targets: string[]): Promise<SandboxFaultRecord[]> {
    const query = this.db.selectFrom("sandbox_faults").selectAll().where("organization_id", "=", organizationId).where("kind", "=", kind);
    const rows = await (targets.length ? query.where("target", "in", targets) : query.where(MATCH_NOTHING)).orderBy("created_at").orderBy("id").execute();
    return rows.map(toFault);
  }

  async listSandboxFaults(organizationId: string): Promise<SandboxFaultRecord[]> {
    const rows = await this.db.selectFrom("sandbox_faults").selectAll().where("organization_id", "=", organizationId).orderBy("created_at").orderBy("id").execute();
    return rows.map(toFault);
  }

  async deleteSandboxFault(organizationId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("sandbox_faults").where("organization_id", "=", organizationId).where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async getReviewPolicy(organizationId: string): Promise<ReviewPolicyRecord | undefined> {
    const r = await this.db.selectFrom("review_policies").selectAll().where("organization_id", "=", organizationId).executeTakeFirst();
    return r && { organizationId: r.organization_id, policy: r.policy as ReviewPolicyRecord["policy"], delayMs: Number(r.delay_ms), updatedAt: Number(r.updated_at) };
  }

  async putReviewPolicy(p: ReviewPolicyRecord): Promise<void> {
    const row = { organization_id: p.organizationId, policy: p.policy, delay_ms: p.delayMs, updated_at: p.updatedAt };
    await this.db
      .insertInto("review_policies")
      .values(row)
      .onConflict((oc) => oc.column("organization_id").doUpdateSet({ policy: row.policy, delay_ms: row.delay_ms, updated_at: row.updated_at }))
      .execute();
  }

  async hasAutomaticReviewPolicy(): Promise<boolean> {
    const row = await this.db.selectFrom("review_policies").select("organization_id").where("policy", "!=", "manual").limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async listFlowsAwaitingReview(limit: number): Promise<AuthFlowRecord[]> {
    const rows = await this.db
      .selectFrom("auth_flows")
      .selectAll()
      .where("audit_status", "=", 3)
      .where("state", "=", "active")
      .orderBy("updated_at")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map(toFlow);
  }

  async deleteHumanStepData(organizationId: string): Promise<{ smsMessages: number; faults: number }> {
    return this.inTransaction(async (db) => {
      const count = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);
      const smsMessages = count(await db.deleteFrom("sms_messages").where("organization_id", "=", organizationId).executeTakeFirst());
      const faults = count(await db.deleteFrom("sandbox_faults").where("organization_id", "=", organizationId).executeTakeFirst());
      await db.deleteFrom("review_policies").where("organization_id", "=", organizationId).execute();
      // Code checks are keyed by link: those of the organization's links go too (before the links themselves do).
      await db
        .deleteFrom("link_verifications")
        .where("link_code", "in", (eb) => eb.selectFrom("links").select("code").where("organization_id", "=", organizationId))
        .execute();
      return { smsMessages, faults };
    });
  }
}

const toSms = (r: Selectable<Database["sms_messages"]>): SmsMessageRecord => ({
  id: r.id,
  organizationId: r.organization_id,
  mobileSealed: r.mobile_sealed,
  mobileHash: r.mobile_hash,
  purpose: r.purpose as SmsMessageRecord["purpose"],
  bodySealed: r.body_sealed,
  state: r.state as SmsMessageRecord["state"],
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
  lastError: r.last_error,
  createdAt: Number(r.created_at),
  sentAt: r.sent_at === null ? null : Number(r.sent_at),
});

const toVerification = (r: Selectable<Database["link_verifications"]>): LinkVerificationRecord => ({
  linkCode: r.link_code,
  codeHash: r.code_hash,
  codeExpiresAt: Number(r.code_expires_at),
  failedAttempts: Number(r.failed_attempts),
  lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
  sentAt: Number(r.sent_at),
});

const toFault = (r: Selectable<Database["sandbox_faults"]>): SandboxFaultRecord => ({
  id: r.id,
  organizationId: r.organization_id,
  kind: r.kind as SandboxFaultKind,
  target: r.target,
  code: r.code,
  message: r.message,
  createdAt: Number(r.created_at),
});
