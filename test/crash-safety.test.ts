/**
 * Crash safety of the registration worker: `essd serve` is SIGKILLed while acknowledged tasks are still being
 * processed, restarted on the same data dir, and must finish every task exactly once — no task lost, no flow left
 * in Processing, no link issued twice by a re-run.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { creditCodeCheckChar } from "../src/domain/identity/credit-code.ts";
import { signedCall } from "./support/signed-request.ts";

const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
const FIRST_BURST = 150;
const LATER_BURST = 25;
const MAX_TASKS = 750;
const CONCURRENCY = 10;

const minted = (n: number) => {
  const first17 = `91440300${String(n).padStart(9, "0")}`;
  return first17 + creditCodeCheckChar(first17)!;
};
/** Ten valid codes, distinct within a task (every task reuses them). */
const CODES = ["9144030071526726XG", "91110108772551611J", "9131000063159284XQ", ...Array.from({ length: 7 }, (_, i) => minted(7001 + i))];

interface Server {
  process: ChildProcess;
  address: string;
}

function serve(dataDir: string): Promise<Server> {
  const args = [ESSD, "serve", "--port", "0", "--data-dir", dataDir, "--rate-limit", "100000", "--log-level", "warn", "--daily-limit", "1000000"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /essd listening on (http:\/\/\S+) .*\n(?:[\s\S]*?SecretKey\s+\S+\n|Tenants:.*\n)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ process: child, address: match[1] });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`essd exited ${code ?? signal}:\n${output}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

describe("crash safety of registration processing", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "essd-crash-"));
  const servers: Server[] = [];
  after(async () => {
    for (const s of servers) {
      s.process.kill("SIGKILL");
      await exited(s.process);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finishes every acknowledged task exactly once after a SIGKILL mid-processing", { timeout: 240_000 }, async () => {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    let server = await serve(dataDir);
    servers.push(server);
    const demo = JSON.parse(readFileSync(join(dataDir, "demo-tenant.json"), "utf8"));
    const call = async (action: string, body: Record<string, unknown>) => {
      const { status, json } = await signedCall({
        url: server.address,
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

    // A first burst, then smaller ones: after each, every submission is acknowledged (so every stored task is one
    // we know of); if the newest task, claimed last, is still processing, the worker is mid-backlog: kill at once.
    const acknowledged: string[] = [];
    let killedAt = -1;
    let bursts = 0;
    const submit = async (t: number) => {
      const organizations = CODES.map((code, i) => ({ OrganizationName: `崩溃测试${t}号第${i}企业有限公司`, UniformSocialCreditCode: code, LegalName: "张三" }));
      const { TaskId, ErrorMessages } = await call("CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: organizations });
      assert.ok(TaskId, JSON.stringify(ErrorMessages));
      acknowledged.push(TaskId);
    };
    while (killedAt < 0 && acknowledged.length < MAX_TASKS) {
      const first = acknowledged.length;
      const end = first + (first === 0 ? FIRST_BURST : LATER_BURST);
      let next = first;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        for (let t = next++; t < end; t = next++) await submit(t);
      }));
      bursts++;
      if ((await urlsOf(acknowledged.at(-1)!)).length === 0) {
        server.process.kill("SIGKILL");
        killedAt = ms();
        await exited(server.process);
      }
    }
    assert.ok(killedAt >= 0, `the worker kept up with all ${acknowledged.length} submissions; nothing was left to interrupt`);

    // What the killed process left behind: tasks not yet done were mid-flight (one of them possibly claimed).
    const pendingAtKill = (() => {
      const db = new Database(join(dataDir, "essd.sqlite"), { readonly: true });
      try {
        const row = db.prepare("SELECT count(*) AS pending, sum(lease_until IS NOT NULL) AS leased FROM registration_tasks WHERE state = 'pending'").get() as { pending: number; leased: number | null };
        const processing = (db.prepare("SELECT count(*) AS n FROM auth_flows WHERE status = 'Processing'").get() as { n: number }).n;
        return { ...row, processing };
      } finally {
        db.close();
      }
    })();
    assert.ok(pendingAtKill.pending > 0, "no task was pending when killed");

    const restartAt = ms();
    server = await serve(dataDir);
    servers.push(server);
    const listening = ms();
    const deadline = Date.now() + 120_000;
    let remaining = [...acknowledged];
    while (remaining.length) {
      assert.ok(Date.now() < deadline, `${remaining.length} acknowledged tasks still unfinished after restart`);
      const results = await Promise.all(remaining.slice(0, 50).map(async (id) => [id, (await urlsOf(id)).length] as const));
      for (const [id, count] of results) if (count) assert.equal(count, 10, `task ${id} answered ${count} links`);
      const finished = new Set(results.filter(([, count]) => count === 10).map(([id]) => id));
      remaining = remaining.filter((id) => !finished.has(id));
      if (!finished.size) await new Promise((r) => setTimeout(r, 50));
    }
    const recoveredAt = ms();
    server.process.kill("SIGTERM");
    await exited(server.process);
    console.log(
      `${acknowledged.length} tasks acknowledged in ${bursts} burst(s); SIGKILL at ${killedAt} ms with ${pendingAtKill.pending} tasks mid-flight ` +
        `(${pendingAtKill.leased ?? 0} claimed, ${pendingAtKill.processing} flows in Processing); restart listening after ${listening - restartAt} ms, ` +
        `all tasks finished ${recoveredAt - restartAt} ms after restart`,
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
