/**
 * Crash safety of the registration worker: `essd serve` is SIGKILLed while acknowledged tasks are still being
 * processed, restarted on the same data dir, and must finish every task exactly once — no task lost, no flow left
 * in Processing, no link issued twice by a re-run.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { CREDIT_CODES, mintCreditCode } from "./support/identities.ts";
import { spawnEssd, stopEssd, type EssdProcess } from "./support/essd-process.ts";
import { eventually } from "./support/eventually.ts";
import { signedCall } from "./support/signed-request.ts";

/** Tasks acknowledged before the first look at the worker's progress. */
const FIRST_BURST = 150;
/** The bound on submissions while waiting for the worker to fall behind. */
const MAX_TASKS = 1_200;
/** After a kill that found the worker caught up, restart and try again after this many more tasks. */
const LATER_BURST = 50;
const MAX_KILLS = 4;
const CONCURRENCY = 10;

/** Ten valid codes, distinct within a task (every task reuses them). */
const CODES = [...CREDIT_CODES, ...Array.from({ length: 7 }, (_, i) => mintCreditCode(7001 + i))];

const serve = (dataDir: string) => spawnEssd(["--data-dir", dataDir, "--rate-limit", "100000", "--daily-limit", "1000000"]);

describe("crash safety of registration processing", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "essd-crash-"));
  const servers: EssdProcess[] = [];
  after(async () => {
    for (const s of servers) await stopEssd(s, "SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finishes every acknowledged task exactly once after a SIGKILL mid-processing", { timeout: 420_000 }, async () => {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    let server = await serve(dataDir);
    servers.push(server);
    const demo = JSON.parse(readFileSync(join(dataDir, "demo-tenant.json"), "utf8"));
    const call = async (action: string, body: Record<string, unknown>) => {
      const { status, json } = await signedCall({
        url: server.url,
        secretId: demo.SecretId,
        secretKey: demo.SecretKey,
        action,
        body: { Operator: { UserId: demo.OperatorUserId }, ...body },
      });
      assert.equal(status, 200);
      assert.equal(json.Response.Error, undefined, `${action}: ${JSON.stringify(json.Response.Error)}`);
      return json.Response;
    };
    const urlsOf = async (TaskId: string) => (await call("DescribeBatchOrganizationRegistrationUrls", { TaskId })).OrganizationAuthUrls as unknown[];

    // Submitters run flat out; once enough are acknowledged, a checker keeps asking for the newest acknowledged
    // task. When it is still processing, submitters stop taking new work, the calls in flight are acknowledged (so
    // every stored task is one we know of), and the process is killed at once.
    const acknowledged: string[] = [];
    let next = 0;
    const submitAndKill = async (before: number) => {
      const floor = acknowledged.length + before;
      let stopSubmitting = false;
      let checks = 0;
      let caughtAt = -1;
      let reachFloor!: () => void;
      const floorReached = new Promise<void>((resolve) => (reachFloor = resolve));
      const submitter = async () => {
        while (!stopSubmitting && next < MAX_TASKS) {
          const t = next++;
          const organizations = CODES.map((code, i) => ({ OrganizationName: `崩溃测试${t}号第${i}企业有限公司`, UniformSocialCreditCode: code, LegalName: "张三" }));
          const { TaskId, ErrorMessages } = await call("CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: organizations });
          assert.ok(TaskId, JSON.stringify(ErrorMessages));
          acknowledged.push(TaskId);
          if (acknowledged.length >= floor) reachFloor();
        }
      };
      const checker = async () => {
        await floorReached;
        while (!stopSubmitting && next < MAX_TASKS) {
          checks++;
          if ((await urlsOf(acknowledged.at(-1)!)).length === 0 && !stopSubmitting) {
            stopSubmitting = true;
            caughtAt = ms();
          }
        }
      };
      const checking = checker();
      await Promise.all(Array.from({ length: CONCURRENCY }, submitter));
      reachFloor();
      let killedAt = -1;
      if (caughtAt >= 0) {
        const killed = stopEssd(server, "SIGKILL");
        killedAt = ms();
        await killed;
      }
      stopSubmitting = true;
      await checking;
      assert.ok(caughtAt >= 0, `the worker kept up with all ${acknowledged.length} submissions (${checks} checks); nothing was left to interrupt`);
      return { checks, caughtAt, killedAt, ...leftBehind() };
    };
    // What the killed process left behind: tasks not yet done were mid-flight (one of them possibly claimed).
    const leftBehind = () => {
      const db = new Database(join(dataDir, "essd.sqlite"), { readonly: true });
      try {
        const row = db.prepare("SELECT count(*) AS pending, sum(lease_until IS NOT NULL) AS leased FROM registration_tasks WHERE state = 'pending'").get() as { pending: number; leased: number | null };
        const processing = (db.prepare("SELECT count(*) AS n FROM auth_flows WHERE status = 'Processing'").get() as { n: number }).n;
        return { pending: row.pending, leased: row.leased ?? 0, processing };
      } finally {
        db.close();
      }
    };

    // The worker may catch up while the last calls are acknowledged; then nothing was mid-flight: start again.
    const kills: Array<Awaited<ReturnType<typeof submitAndKill>>> = [];
    for (let attempt = 0; attempt < MAX_KILLS; attempt++) {
      if (attempt > 0) {
        server = await serve(dataDir);
        servers.push(server);
      }
      kills.push(await submitAndKill(attempt === 0 ? FIRST_BURST : LATER_BURST));
      if (kills.at(-1)!.pending > 0) break;
    }
    const kill = kills.at(-1)!;
    assert.ok(kill.pending > 0, `no task was pending at any of ${kills.length} kills`);

    const restartAt = ms();
    server = await serve(dataDir);
    servers.push(server);
    const listening = ms();
    let remaining = [...acknowledged];
    // Asked 50 at a time while they keep finishing; a pause only when a round finds none finished.
    await eventually(
      () => `${remaining.length} acknowledged tasks still unfinished after restart`,
      async () => {
        while (remaining.length) {
          const results = await Promise.all(remaining.slice(0, 50).map(async (id) => [id, (await urlsOf(id)).length] as const));
          for (const [id, count] of results) if (count) assert.equal(count, 10, `task ${id} answered ${count} links`);
          const finished = new Set(results.filter(([, count]) => count === 10).map(([id]) => id));
          remaining = remaining.filter((id) => !finished.has(id));
          if (!finished.size) return false;
        }
        return true;
      },
      180_000,
    );
    const recoveredAt = ms();
    await stopEssd(server);
    const report = kills.map((k, i) => `kill ${i + 1}: newest seen processing after ${k.checks} check(s) at ${k.caughtAt} ms, SIGKILL at ${k.killedAt} ms, ${k.pending} tasks mid-flight (${k.leased} claimed, ${k.processing} flows in Processing)`);
    console.log(
      `${acknowledged.length} tasks acknowledged; ${report.join("; ")}; restart listening after ${listening - restartAt} ms, all tasks finished ${recoveredAt - restartAt} ms after restart`,
    );

    const db = new Database(join(dataDir, "essd.sqlite"), { readonly: true, fileMustExist: true });
    try {
      const tasks = db.prepare("SELECT id, state, finished_at FROM registration_tasks").all() as Array<{ id: string; state: string; finished_at: number | null }>;
      assert.equal(tasks.length, acknowledged.length);
      assert.deepEqual(new Set(tasks.map((t) => t.id)), new Set(acknowledged));
      for (const t of tasks) assert.ok(t.state === "done" && t.finished_at !== null, `task ${t.id} is ${t.state}`);

      const flows = db.prepare("SELECT id, task_id, status, link_token FROM auth_flows").all() as Array<{ id: string; task_id: string; status: string; link_token: string | null }>;
      assert.equal(flows.length, acknowledged.length * 10);
      for (const f of flows) assert.ok(f.status === "Create" || f.status === "Failed", `flow ${f.id} is ${f.status}`);
      const created = flows.filter((f) => f.status === "Create");
      for (const f of created) assert.ok(f.link_token, `Create flow ${f.id} has no link`);
      for (const f of flows.filter((f) => f.status === "Failed")) assert.equal(f.link_token, null);
      const tokens = new Set(created.map((f) => f.link_token!));
      assert.equal(tokens.size, created.length, "two flows share a link token");

      const links = db.prepare("SELECT code, kind, target FROM links").all() as Array<{ code: string; kind: string; target: string }>;
      assert.equal(links.length, 3 * tokens.size, `links: ${links.length} rows for ${tokens.size} issued tokens`);
      const perToken = new Map<string, string[]>();
      for (const link of links) {
        const target = JSON.parse(link.target);
        const token = link.kind === "enterprise-registration" ? link.code : String(target.token);
        assert.ok(tokens.has(token), `link ${link.code} (${link.kind}) belongs to no flow: a duplicate from a re-run`);
        perToken.set(token, [...(perToken.get(token) ?? []), link.kind]);
      }
      for (const [token, kinds] of perToken) assert.deepEqual(kinds.sort(), ["enterprise-registration", "key", "short"], token);
      assert.equal(perToken.size, tokens.size);
    } finally {
      db.close();
    }
  });
});
