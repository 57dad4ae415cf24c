/**
 * The leased work queues the workers claim from — registration tasks, callback deliveries, SMS messages — and the
 * WorkQueueStore view of them (`/metrics`, `essd doctor`), as one contract run against every backend and every
 * queue: a claim is exclusive, even under concurrent claimers on several nodes; an expired lease is claimed again
 * and its old holder then changes nothing; a release makes leased work claimable at once; due work goes oldest
 * first. There is no per-tenant fairness: a queue is one line, whatever organization an item belongs to.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { QueueName, Store } from "./ports.ts";
import { smsRecord, storeCase, T0, taskRecord } from "./contract-support.ts";

interface Item {
  id: string;
  attempts: number;
  leaseUntil: number | null;
}

interface Placement {
  organizationId?: string;
  createdAt?: number;
  nextAttemptAt?: number;
}

/** One queue through its part of the Store port, in the verbs every queue has. */
interface QueueUnderTest {
  queue: QueueName;
  insert(store: Store, id: string, at?: Placement): Promise<void>;
  claim(store: Store, now: number, leaseMs: number): Promise<Item | undefined>;
  retry(store: Store, item: { id: string; leaseUntil: number }, nextAttemptAt: number): Promise<void>;
  /** The claim's successful end (done, delivered, sent). */
  finish(store: Store, item: { id: string; leaseUntil: number }, at: number): Promise<void>;
  /** The claim's end for good, for the queues that give up (registration tasks are retried until they succeed). */
  fail?(store: Store, item: { id: string; leaseUntil: number }): Promise<void>;
  releaseAll(store: Store): Promise<void>;
}

const QUEUES: QueueUnderTest[] = [
  {
    queue: "registration",
    insert: (store, id, at = {}) =>
      store.insertRegistrationTask(taskRecord(id, { organizationId: at.organizationId ?? "org1", nextAttemptAt: at.nextAttemptAt ?? T0, createdAt: at.createdAt ?? T0 }), []),
    claim: (store, now, leaseMs) => store.claimRegistrationTask(now, leaseMs),
    retry: (store, item, next) => store.retryRegistrationTask(item.id, item.leaseUntil, next, "registry down"),
    // The worker completes a task inside the transaction that holds its row lock, not by its lease.
    finish: (store, item, at) => store.completeRegistrationTask(item.id, at),
    releaseAll: (store) => store.releaseRegistrationLeases(),
  },
  {
    queue: "callbacks",
    insert: (store, id, at = {}) =>
      store.insertCallbackDelivery({
        id,
        organizationId: at.organizationId ?? "org1",
        msgType: "OrganizationAuthorization",
        payload: JSON.stringify({ MsgId: id }),
        state: "pending",
        attempts: 0,
        nextAttemptAt: at.nextAttemptAt ?? T0,
        leaseUntil: null,
        giveUpAt: T0 + 86_400_000,
        lastStatus: null,
        lastError: null,
        createdAt: at.createdAt ?? T0,
        deliveredAt: null,
      }),
    claim: (store, now, leaseMs) => store.claimCallbackDelivery(now, leaseMs),
    retry: (store, item, next) => store.retryCallbackDelivery(item.id, item.leaseUntil, next, { status: 500, error: "HTTP 500" }),
    finish: (store, item, at) => store.markCallbackDelivered(item.id, item.leaseUntil, at, { status: 200, error: null }),
    fail: (store, item) => store.markCallbackFailed(item.id, item.leaseUntil, { status: null, error: "connection refused" }),
    releaseAll: (store) => store.releaseCallbackLeases(),
  },
  {
    queue: "sms",
    insert: (store, id, at = {}) =>
      store.insertSmsMessage(smsRecord(id, { state: "pending", organizationId: at.organizationId ?? "org1", nextAttemptAt: at.nextAttemptAt ?? T0, createdAt: at.createdAt ?? T0 })),
    claim: (store, now, leaseMs) => store.claimSmsMessage(now, leaseMs),
    retry: (store, item, next) => store.retrySmsMessage(item.id, item.leaseUntil, next, "HTTP 503"),
    finish: (store, item, at) => store.markSmsSent(item.id, item.leaseUntil, at),
    fail: (store, item) => store.markSmsFailed(item.id, item.leaseUntil, "no answer"),
    releaseAll: (store) => store.releaseSmsLeases(),
  },
];

const claimed = (item: Item | undefined) => {
  assert.ok(item, "an item was claimed");
  assert.ok(item.leaseUntil !== null, "a claimed item carries its lease");
  return { id: item.id, leaseUntil: item.leaseUntil };
};

/** Claims until the queue answers nothing, at `now` with a long lease; answers the ids in claim order. */
async function claimAll(q: QueueUnderTest, store: Store, now: number): Promise<string[]> {
  const ids: string[] = [];
  for (let item = await q.claim(store, now, 60_000); item; item = await q.claim(store, now, 60_000)) {
    ids.push(item.id);
    // A queue that hands out leased items again would never run dry.
    assert.ok(ids.length <= 100, `still claiming after 100 items: ${ids.slice(0, 10).join(", ")}…`);
  }
  return ids;
}

export function describeWorkQueueContract(name: string, makeStore: () => Promise<Store>, options: { openNodes?: (count: number) => Promise<Store[]> } = {}): void {
  const withStore = storeCase(makeStore);
  const countsOf = async (store: Store, queue: QueueName, now: number) => (await store.workQueues(now)).find((w) => w.queue === queue)!;

  for (const q of QUEUES) {
    describe(`Work queue contract (${q.queue}): ${name}`, () => {
      it("hands out due items by due time, then age, across organizations alike; items not yet due wait", withStore(async (store) => {
        await q.insert(store, "later", { nextAttemptAt: T0 + 5_000, createdAt: T0 - 100 });
        await q.insert(store, "young", { createdAt: T0 + 2 });
        await q.insert(store, "other-org", { organizationId: "org2", createdAt: T0 + 1 });
        await q.insert(store, "old", { createdAt: T0 - 1 });
        await q.insert(store, "retried-early", { nextAttemptAt: T0 - 10, createdAt: T0 + 50 });
        assert.deepEqual(await claimAll(q, store, T0), ["retried-early", "old", "other-org", "young"]);
        assert.deepEqual(await claimAll(q, store, T0 + 5_000), ["later"]);
      }));

      it("never hands one item to two concurrent claimers", withStore(async (store) => {
        for (let i = 0; i < 20; i++) await q.insert(store, `i${i}`, { createdAt: T0 + i });
        const claims = await Promise.all(Array.from({ length: 30 }, () => q.claim(store, T0, 60_000)));
        const ids = claims.filter((c) => c !== undefined).map((c) => c!.id);
        assert.equal(ids.length, 20, "every item claimed");
        assert.equal(new Set(ids).size, 20, "none twice");
        assert.ok(claims.every((c) => c === undefined || c.attempts === 1));
      }));

      if (options.openNodes) {
        it("never hands one item to two nodes claiming at once", async () => {
          const nodes = await options.openNodes!(3);
          try {
            for (let i = 0; i < 30; i++) await q.insert(nodes[0]!, `n${i}`, { createdAt: T0 + i });
            // Each node claims until it finds nothing, all at once, with several claimers of its own.
            const perNode = await Promise.all(
              nodes.map(async (node) => (await Promise.all(Array.from({ length: 4 }, () => claimAll(q, node, T0)))).flat()),
            );
            const ids = perNode.flat();
            assert.equal(new Set(ids).size, ids.length, "no item claimed by two claimers");
            assert.deepEqual([...ids].sort(), Array.from({ length: 30 }, (_, i) => `n${i}`).sort());
          } finally {
            await Promise.all(nodes.map((n) => n.close()));
          }
        });
      }

      it("gives an item whose lease ran out to the next claimer, and then ignores its old holder", withStore(async (store) => {
        await q.insert(store, "a");
        const first = claimed(await q.claim(store, T0, 1_000));
        assert.equal(first.leaseUntil, T0 + 1_000);
        assert.equal(await q.claim(store, T0 + 999, 1_000), undefined, "held until its lease ends");
        assert.equal((await countsOf(store, q.queue, T0 + 999)).expiredLeases, 0);
        assert.equal((await countsOf(store, q.queue, T0 + 1_001)).expiredLeases, 1, "a lease run out shows, for doctor and metrics");
        const second = await q.claim(store, T0 + 1_000, 1_000);
        assert.deepEqual([second?.id, second?.attempts, second?.leaseUntil], ["a", 2, T0 + 2_000]);
        // The first holder comes back late: its retry changes nothing, the item stays the second holder's.
        await q.retry(store, first, T0 + 1_500);
        assert.equal(await q.claim(store, T0 + 1_600, 1_000), undefined, "still leased to the second holder");
        await q.finish(store, claimed(second), T0 + 1_700);
        assert.equal(await q.claim(store, T0 + 999_999, 1_000), undefined, "finished items are never claimed again");
        assert.equal((await countsOf(store, q.queue, T0 + 999_999)).pending, 0);
      }));

      it("takes an item given back for a retry again once it is due, counting the attempt", withStore(async (store) => {
        await q.insert(store, "a");
        const item = claimed(await q.claim(store, T0, 60_000));
        await q.retry(store, item, T0 + 5_000);
        assert.equal(await q.claim(store, T0 + 4_999, 60_000), undefined);
        const counts = await countsOf(store, q.queue, T0 + 1);
        assert.deepEqual([counts.pending, counts.retrying, counts.expiredLeases], [1, 1, 0]);
        const again = await q.claim(store, T0 + 5_000, 60_000);
        assert.deepEqual([again?.id, again?.attempts], ["a", 2]);
      }));

      it("makes every leased item claimable at once on release, and revives nothing finished", withStore(async (store) => {
        await q.insert(store, "held", { createdAt: T0 });
        await q.insert(store, "done", { createdAt: T0 + 1 });
        // The third is given up on where the queue gives up, else held too.
        await q.insert(store, "third", { createdAt: T0 + 2 });
        const held = claimed(await q.claim(store, T0, 60_000));
        await q.finish(store, claimed(await q.claim(store, T0, 60_000)), T0 + 1);
        const third = claimed(await q.claim(store, T0, 60_000));
        if (q.fail) await q.fail(store, third);
        assert.equal(await q.claim(store, T0 + 1, 60_000), undefined);
        await q.releaseAll(store);
        const reclaimed = await claimAll(q, store, T0 + 1);
        assert.deepEqual(reclaimed, q.fail ? [held.id] : [held.id, third.id]);
        if (q.fail) assert.equal((await countsOf(store, q.queue, T0 + 1)).failed, 1, "a given-up item counts as failed and stays so");
      }));

      it("reports its depth and oldest pending item", withStore(async (store) => {
        const empty = await countsOf(store, q.queue, T0);
        assert.deepEqual(empty, { queue: q.queue, pending: 0, oldestCreatedAt: null, expiredLeases: 0, retrying: 0, failed: 0 });
        await q.insert(store, "b", { createdAt: T0 + 10 });
        await q.insert(store, "a", { createdAt: T0 + 3, nextAttemptAt: T0 + 60_000 });
        const counts = await countsOf(store, q.queue, T0);
        assert.deepEqual([counts.pending, counts.oldestCreatedAt], [2, T0 + 3], "items not yet due are pending too");
      }));
    });
  }
}
