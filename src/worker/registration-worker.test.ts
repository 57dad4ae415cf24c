import { describe, it, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { authorizeOperator, type ActingContext } from "../domain/operators.ts";
import type { EnterpriseFacts, EnterpriseRegistry, RegistryVerdict } from "../domain/registration/registry.ts";
import { createRegistrationTask } from "../domain/registration/tasks.ts";
import { createTenant } from "../domain/tenants.ts";
import { ManualClock } from "../platform/clock.ts";
import { sequentialIds, type Ids } from "../platform/ids.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { processRegistrationTask } from "./jobs/process-registration-task.ts";
import { RegistrationWorker } from "./registration-worker.ts";
import { CREDIT_CODES, mintCreditCode } from "../../test/support/identities.ts";
import { eventually } from "../../test/support/eventually.ts";

const NOW = Date.parse("2026-11-24T08:00:00Z");
const CODES = [...CREDIT_CODES, mintCreditCode(1), mintCreditCode(2)];

/** A registry whose behaviour each test sets: pass, throw, or wait for a gate. */
class ScriptedRegistry implements EnterpriseRegistry {
  calls = 0;
  failWith: string | undefined;
  /** Throw on this call number (1-based) only, once. */
  failOnCall: number | undefined;
  gate: Promise<void> | undefined;
  entered: (() => void) | undefined;
  async verify(facts: EnterpriseFacts): Promise<RegistryVerdict> {
    this.calls++;
    this.entered?.();
    if (this.gate) await this.gate;
    if (this.failWith) throw new Error(this.failWith);
    if (this.failOnCall === this.calls) throw new Error(`registry hiccup on call ${this.calls}`);
    return facts.organizationName.includes("未收录") ? { ok: false, message: "三要素校验失败: 未收录" } : { ok: true };
  }
}

/** Sequential ids that remember every link token handed out, to count issued links; `failOn` throws instead once. */
function countingIds(): Ids & { linkTokens: string[]; failOn?: { kind: string; call: number } } {
  const inner = sequentialIds();
  const linkTokens: string[] = [];
  const calls = new Map<string, number>();
  return {
    linkTokens,
    next(kind) {
      const call = (calls.get(kind) ?? 0) + 1;
      calls.set(kind, call);
      if (this.failOn?.kind === kind && this.failOn.call === call) throw new Error(`no ${kind} on call ${call}`);
      const id = inner.next(kind);
      if (kind === "linkToken") linkTokens.push(id);
      return id;
    },
  };
}

const orgs = (prefix: string, n = 3) =>
  Array.from({ length: n }, (_, i) => ({ OrganizationName: `${prefix}${i}有限公司`, UniformSocialCreditCode: CODES[i % CODES.length], LegalName: "张三" }));


describe("the registration worker on an in-memory store", () => {
  let domain: DomainDeps;
  let clock: ManualClock;
  let ids: ReturnType<typeof countingIds>;
  let registry: ScriptedRegistry;
  let acting: ActingContext;
  let errors: Array<Record<string, unknown>>;
  const workers: RegistrationWorker[] = [];

  const newTask = async (prefix: string, n = 3) => {
    const { taskId } = await createRegistrationTask(domain, acting, { organizations: orgs(prefix, n), endpoint: "PC", batchAuthMethod: 0 });
    assert.ok(taskId);
    return taskId;
  };
  const flowsOf = (taskId: string) => domain.store.findAuthFlows(acting.organization.id, { taskId });
  const worker = (options: ConstructorParameters<typeof RegistrationWorker>[1] = {}) => {
    const w = new RegistrationWorker(domain, { logError: (fields) => errors.push(fields), ...options });
    workers.push(w);
    return w;
  };

  beforeEach(async () => {
    clock = new ManualClock(NOW);
    ids = countingIds();
    registry = new ScriptedRegistry();
    errors = [];
    domain = await openDomain(loadConfig({ logLevel: "silent" }, {}), { store: openSqliteStore(":memory:"), clock, ids, registry });
    const tenant = await createTenant(domain, { name: "工作者测试有限公司" });
    acting = await authorizeOperator(domain, tenant.OrganizationId, tenant.OperatorUserId);
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
    await domain.store.close();
  });

  it("runOnce processes every due task, returns how many ran, and then finds nothing", async () => {
    const first = await newTask("甲");
    const second = await newTask("乙");
    const failing = await newTask("未收录丙", 1);
    assert.equal(await worker().runOnce(), 3);
    assert.equal(await worker().runOnce(), 0);
    for (const id of [first, second]) {
      const task = await domain.store.getRegistrationTask(id);
      assert.equal(task?.state, "done");
      assert.equal(task?.finishedAt, NOW);
      assert.equal(task?.attempts, 1);
      const flows = await flowsOf(id);
      assert.deepEqual(flows.map((f) => f.status), ["Create", "Create", "Create"]);
      for (const f of flows) assert.equal((await domain.store.getLink(f.linkToken!))?.kind, "enterprise-registration");
    }
    const [failed] = await flowsOf(failing);
    assert.equal(failed.status, "Failed");
    assert.equal(failed.linkToken, null);
    assert.match(failed.errorMessage, /未收录/);
    assert.equal(ids.linkTokens.length, 6);
  });

  it("a throwing registry rolls the task back, stores a doubling, capped backoff on the row, and recovers", async () => {
    const taskId = await newTask("退避");
    // The third verification throws: the two links issued before it must be rolled back with everything else.
    registry.failOnCall = 3;
    const w = worker({ retry: { firstDelayMs: 1_000, maxDelayMs: 4_000 } });
    assert.equal(await w.runOnce(), 1, "a failed run still counts as run");
    let task = await domain.store.getRegistrationTask(taskId);
    assert.deepEqual([task?.state, task?.attempts, task?.nextAttemptAt, task?.leaseUntil], ["pending", 1, NOW + 1_000, null]);
    assert.equal(task?.lastError, "registry hiccup on call 3");
    assert.deepEqual((await flowsOf(taskId)).map((f) => [f.status, f.linkToken]), Array(3).fill(["Processing", null]));
    assert.equal(ids.linkTokens.length, 0, "links are issued once every enterprise is verified");
    assert.equal(errors.at(-1)?.taskId, taskId);

    registry.failWith = "registry down";
    const expected = [2_000, 4_000, 4_000];
    for (const [i, delay] of expected.entries()) {
      assert.equal(await w.runOnce(), 0, "ran before the backoff elapsed");
      clock.advance((task?.nextAttemptAt ?? 0) - clock.now() - 1);
      assert.equal(await w.runOnce(), 0, "ran 1 ms before the backoff elapsed");
      clock.advance(1);
      assert.equal(await w.runOnce(), 1);
      task = await domain.store.getRegistrationTask(taskId);
      assert.deepEqual([task?.attempts, task?.nextAttemptAt, task?.lastError], [i + 2, clock.now() + delay, "registry down"]);
    }

    registry.failWith = undefined;
    clock.advance(4_000);
    assert.equal(await w.runOnce(), 1);
    task = await domain.store.getRegistrationTask(taskId);
    assert.deepEqual([task?.state, task?.attempts, task?.finishedAt, task?.lastError, task?.leaseUntil], ["done", 5, clock.now(), null, null]);
    const flows = await flowsOf(taskId);
    assert.ok(flows.every((f) => f.status === "Create" && f.linkToken));
    assert.equal(new Set(flows.map((f) => f.linkToken)).size, 3);
  });

  it("a failure after the links were stored rolls them back with the flows they were given to", async () => {
    await domain.store.putCallbackConfig({ organizationId: acting.organization.id, url: "http://127.0.0.1:9/cb", keySealed: null, tokenSealed: null, updatedAt: NOW });
    const taskId = await newTask("回滚");
    // The second flow's callback cannot be queued: its link, the first flow's update and callback are in the store by then.
    ids.failOn = { kind: "msgId", call: 2 };
    assert.equal(await worker().runOnce(), 1);
    assert.equal((await domain.store.getRegistrationTask(taskId))?.state, "pending");
    assert.deepEqual((await flowsOf(taskId)).map((f) => [f.status, f.linkToken]), Array(3).fill(["Processing", null]));
    assert.equal(ids.linkTokens.length, 3);
    for (const token of ids.linkTokens) assert.equal(await domain.store.getLink(token), undefined, "rolled-back link survived");
    assert.deepEqual(await domain.store.listCallbackDeliveries(acting.organization.id, 10), [], "rolled-back callback survived");
    clock.advance(60_000);
    assert.equal(await worker().runOnce(), 1);
    assert.deepEqual((await flowsOf(taskId)).map((f) => f.status), ["Create", "Create", "Create"]);
    assert.equal((await domain.store.listCallbackDeliveries(acting.organization.id, 10)).length, 3);
  });

  it("a claim whose lease expired is claimed again, and the second finish changes nothing", async () => {
    const taskId = await newTask("租约", 4);
    const first = await domain.store.claimRegistrationTask(clock.now(), 30_000);
    assert.equal(first?.id, taskId);
    assert.equal(first?.attempts, 1);
    assert.equal(await domain.store.claimRegistrationTask(clock.now(), 30_000), undefined, "claimed twice within the lease");
    clock.advance(29_999);
    assert.equal(await domain.store.claimRegistrationTask(clock.now(), 30_000), undefined, "claimed 1 ms before the lease ended");
    clock.advance(1);
    const second = await domain.store.claimRegistrationTask(clock.now(), 30_000);
    assert.deepEqual([second?.id, second?.attempts, second?.leaseUntil], [taskId, 2, clock.now() + 30_000]);

    // The new holder finishes first; the old holder, waking up late, must not issue links again.
    await processRegistrationTask(domain, second!);
    const afterFirstFinish = await flowsOf(taskId);
    assert.equal(ids.linkTokens.length, 4);
    clock.advance(5_000);
    await processRegistrationTask(domain, first!);
    assert.deepEqual(await flowsOf(taskId), afterFirstFinish, "a second finish touched the flows");
    assert.equal(ids.linkTokens.length, 4, "links issued twice");
    assert.equal(new Set(afterFirstFinish.map((f) => f.linkToken)).size, 4);
    assert.equal((await domain.store.getRegistrationTask(taskId))?.state, "done");
    assert.equal(await domain.store.claimRegistrationTask(clock.now() + 60_000, 30_000), undefined, "a done task was claimed");
  });

  it("two holders finishing the same task at the same moment issue each link once", async () => {
    const taskId = await newTask("并发", 5);
    const a = await domain.store.claimRegistrationTask(clock.now(), 1_000);
    clock.advance(1_000);
    const b = await domain.store.claimRegistrationTask(clock.now(), 1_000);
    await Promise.all([processRegistrationTask(domain, a!), processRegistrationTask(domain, b!)]);
    const flows = await flowsOf(taskId);
    assert.equal(ids.linkTokens.length, 5);
    assert.deepEqual(flows.map((f) => f.linkToken).sort(), [...ids.linkTokens].sort());
    assert.equal(registry.calls, 5, "each enterprise verified once");
  });

  it("a late second finish leaves finished_at as the first finish set it", async () => {
    const taskId = await newTask("完成时间", 1);
    const a = await domain.store.claimRegistrationTask(clock.now(), 1_000);
    clock.advance(1_000);
    const b = await domain.store.claimRegistrationTask(clock.now(), 1_000);
    await processRegistrationTask(domain, b!);
    const finishedAt = clock.now();
    clock.advance(7_000);
    await processRegistrationTask(domain, a!);
    const task = await domain.store.getRegistrationTask(taskId);
    assert.deepEqual([task?.state, task?.finishedAt], ["done", finishedAt]);
  });

  it(
    "a stale holder giving a task back does not free the current holder's lease",
    async () => {
      const taskId = await newTask("过期租约", 1);
      const stale = await domain.store.claimRegistrationTask(clock.now(), 1_000);
      clock.advance(1_000);
      const current = await domain.store.claimRegistrationTask(clock.now(), 30_000);
      assert.equal(current?.id, taskId);
      // The stale holder's registry call fails long after its lease ended; it gives the task back.
      await domain.store.retryRegistrationTask(stale!.id, stale!.leaseUntil!, clock.now(), "stale failure");
      assert.equal(await domain.store.claimRegistrationTask(clock.now() + 1, 30_000), undefined, "claimed while another holder's lease runs");
    },
  );

  it("start() works in the background on wake(), polls for retries, and stop() drains the task in hand", async () => {
    const w = worker({ pollMs: 10, retry: { firstDelayMs: 1_000, maxDelayMs: 300_000 } });
    domain.notifyWork = () => w.wake();
    w.start();
    const first = await newTask("后台");
    await eventually("the woken worker", async () => (await domain.store.getRegistrationTask(first))?.state === "done");

    // A retry becomes due only when the (manual) clock passes its backoff; the poll picks it up without a wake.
    registry.failWith = "down for a moment";
    const retried = await newTask("轮询");
    await eventually("the failed attempt", async () => (await domain.store.getRegistrationTask(retried))?.attempts === 1);
    registry.failWith = undefined;
    // A pass after the failure (waiting for one in hand) finds the retry not yet due.
    await w.drain();
    assert.equal((await domain.store.getRegistrationTask(retried))?.state, "pending", "retried before the backoff");
    clock.advance(1_000);
    await eventually("the polled retry", async () => (await domain.store.getRegistrationTask(retried))?.state === "done");

    // stop() while the registry is stuck inside a task: it waits for that task, then claims nothing more.
    let release!: () => void;
    registry.gate = new Promise((r) => (release = r));
    const entered = new Promise<void>((r) => (registry.entered = r));
    const held = await newTask("排空", 2);
    await entered;
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    // The task in hand holds the store's one connection, so this insert waits for it to commit.
    const queuing = newTask("停止后", 1);
    // The gate holds the task in hand however long one waits: a turn of the event loop is enough to see it.
    await new Promise((r) => setImmediate(r));
    assert.equal(stopped, false, "stop() returned while a task was in hand");
    release();
    registry.gate = undefined;
    await stopping;
    const queued = await queuing;
    assert.equal((await domain.store.getRegistrationTask(held))?.state, "done", "the task in hand was not finished");
    assert.equal((await domain.store.getRegistrationTask(queued))?.state, "pending", "a task was claimed after stop()");
    w.wake();
    w.start();
    // drain() counts any pass the calls above set off, and runs one itself.
    assert.equal(await w.drain(), 0, "a stopped worker ran work");
    assert.equal((await domain.store.getRegistrationTask(queued))?.attempts, 0);
    assert.equal(await worker().runOnce(), 1, "another worker takes the queued task");
  });
});
