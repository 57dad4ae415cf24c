import type { Kysely, Selectable } from "kysely";
import type { Database } from "./schema.ts";
import type { DialectTraits } from "./kysely-store.ts";
import { MATCH_NOTHING } from "./match-nothing.ts";
import type { CallbackAttemptRecord, CallbackConfigRecord, CallbackDeliveryRecord, CallbackOutcome, CallbackStore } from "./ports.ts";
import { claimDue, endClaim, releaseLeases } from "./claim-due.ts";

/** The callback part of the query layer, shared by both backends like the rest of `KyselyStore`. */
export class CallbackQueries implements CallbackStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly traits: DialectTraits,
  ) {}

  async putCallbackConfig(c: CallbackConfigRecord): Promise<void> {
    const row = { organization_id: c.organizationId, url: c.url, key_sealed: c.keySealed, token_sealed: c.tokenSealed, updated_at: c.updatedAt };
    await this.db
      .insertInto("callback_configs")
      .values(row)
      .onConflict((oc) => oc.column("organization_id").doUpdateSet({ url: row.url, key_sealed: row.key_sealed, token_sealed: row.token_sealed, updated_at: row.updated_at }))
      .execute();
  }

  async getCallbackConfig(organizationId: string): Promise<CallbackConfigRecord | undefined> {
    const r = await this.db.selectFrom("callback_configs").selectAll().where("organization_id", "=", organizationId).executeTakeFirst();
    return r && { organizationId: r.organization_id, url: r.url, keySealed: r.key_sealed, tokenSealed: r.token_sealed, updatedAt: Number(r.updated_at) };
  }

  async insertCallbackDelivery(d: CallbackDeliveryRecord): Promise<void> {
    await this.db.insertInto("callback_deliveries").values(deliveryRow(d)).execute();
  }

  async getCallbackDelivery(id: string): Promise<CallbackDeliveryRecord | undefined> {
    const row = await this.db.selectFrom("callback_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toDelivery(row);
  }

  async claimCallbackDelivery(now: number, leaseMs: number): Promise<CallbackDeliveryRecord | undefined> {
    const row = await claimDue(this.db, "callback_deliveries", this.traits.skipLockedClaims, now, leaseMs);
    return row && toDelivery(row);
  }

  async insertCallbackAttempt(a: CallbackAttemptRecord): Promise<void> {
    await this.db
      .insertInto("callback_attempts")
      .values({ delivery_id: a.deliveryId, attempt: a.attempt, at: a.at, url: a.url, http_status: a.httpStatus, error: a.error, duration_ms: a.durationMs })
      .execute();
  }

  async markCallbackDelivered(id: string, leaseUntil: number, at: number, outcome: CallbackOutcome): Promise<void> {
    await this.endClaim(id, leaseUntil, { state: "delivered", delivered_at: at, last_status: outcome.status, last_error: outcome.error });
  }

  async retryCallbackDelivery(id: string, leaseUntil: number, nextAttemptAt: number, outcome: CallbackOutcome): Promise<void> {
    await this.endClaim(id, leaseUntil, { next_attempt_at: nextAttemptAt, last_status: outcome.status, last_error: outcome.error });
  }

  async markCallbackFailed(id: string, leaseUntil: number, outcome: CallbackOutcome): Promise<void> {
    await this.endClaim(id, leaseUntil, { state: "failed", last_status: outcome.status, last_error: outcome.error });
  }

  private endClaim = (id: string, leaseUntil: number, set: Partial<Database["callback_deliveries"]>) => endClaim(this.db, "callback_deliveries", id, leaseUntil, set);

  async listCallbackDeliveries(organizationId: string, limit: number): Promise<CallbackDeliveryRecord[]> {
    const rows = await this.db
      .selectFrom("callback_deliveries")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  async listCallbackAttempts(deliveryIds: string[]): Promise<CallbackAttemptRecord[]> {
    const query = this.db.selectFrom("callback_attempts").selectAll();
    const matching = deliveryIds.length ? query.where("delivery_id", "in", deliveryIds) : query.where(MATCH_NOTHING);
    const rows = await matching.orderBy("delivery_id").orderBy("attempt").execute();
    return rows.map((r) => ({
      deliveryId: r.delivery_id,
      attempt: Number(r.attempt),
      at: Number(r.at),
      url: r.url,
      httpStatus: r.http_status === null ? null : Number(r.http_status),
      error: r.error,
      durationMs: Number(r.duration_ms),
    }));
  }

  async resetCallbackDelivery(id: string, now: number, giveUpAt: number): Promise<boolean> {
    const result = await this.db
      .updateTable("callback_deliveries")
      .set({ state: "pending", next_attempt_at: now, give_up_at: giveUpAt, lease_until: null, delivered_at: null })
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  releaseCallbackLeases = () => releaseLeases(this.db, "callback_deliveries");
}

const deliveryRow = (d: CallbackDeliveryRecord): Database["callback_deliveries"] => ({
  id: d.id,
  organization_id: d.organizationId,
  msg_type: d.msgType,
  payload: d.payload,
  state: d.state,
  attempts: d.attempts,
  next_attempt_at: d.nextAttemptAt,
  lease_until: d.leaseUntil,
  give_up_at: d.giveUpAt,
  last_status: d.lastStatus,
  last_error: d.lastError,
  created_at: d.createdAt,
  delivered_at: d.deliveredAt,
});

const toDelivery = (r: Selectable<Database["callback_deliveries"]>): CallbackDeliveryRecord => ({
  id: r.id,
  organizationId: r.organization_id,
  msgType: r.msg_type,
  payload: r.payload,
  state: r.state as CallbackDeliveryRecord["state"],
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
  giveUpAt: Number(r.give_up_at),
  lastStatus: r.last_status === null ? null : Number(r.last_status),
  lastError: r.last_error,
  createdAt: Number(r.created_at),
  deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
});
