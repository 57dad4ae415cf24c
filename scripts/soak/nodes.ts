/**
 * The essd nodes a soak runs against, started as users start them (`bin/essd.js serve`): one on the embedded
 * SQLite store, or two sharing a fresh PostgreSQL database and Redis (one master key). Each node is watched
 * through /proc: resident memory and open file descriptors (its sockets, files and pipes: the handles a leak grows).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from "../../test/support/postgres.ts";
import { stopChild, type Tenant } from "../bench/processes.ts";

export interface Node {
  url: string;
  pid: number;
  child: ChildProcess;
}

export interface Installation {
  label: string;
  nodes: Node[];
  tenant: Tenant;
  stop(): Promise<void>;
}

const ESSD = join(import.meta.dirname, "..", "..", "bin", "essd.js");

function startNode(args: string[], env: NodeJS.ProcessEnv): Promise<Node> {
  const child = spawn(process.execPath, [ESSD, "serve", "--port", "0", "--log-level", "warn", "--rate-limit", "1000000", "--daily-limit", "10000000", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (output.length < 200_000) output += chunk.toString();
      const match = /essd listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) resolve({ url: match[1]!, pid: child.pid!, child });
    };
    child.stdout!.on("data", onData);
    // Warnings and errors are the soak's business: print them as they come.
    child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`[essd ${child.pid}] ${chunk}`));
    child.on("exit", (code) => reject(new Error(`essd exited ${code}: ${output}`)));
  });
}

export async function sqliteInstallation(): Promise<Installation> {
  const dataDir = mkdtempSync(join(tmpdir(), "essd-soak-"));
  const node = await startNode(["--data-dir", dataDir], {});
  const tenant = JSON.parse(readFileSync(join(dataDir, "demo-tenant.json"), "utf8")) as Tenant;
  return {
    label: "SQLite, one node",
    nodes: [node],
    tenant,
    async stop() {
      await stopChild(node.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postgresInstallation(): Promise<Installation> {
  const database: TestDatabase = await createTestDatabase("soak");
  const env = { ESSD_MASTER_KEY: randomBytes(32).toString("hex") };
  const dirs = [mkdtempSync(join(tmpdir(), "essd-soak-a-")), mkdtempSync(join(tmpdir(), "essd-soak-b-"))];
  const shared = ["--database-url", database.url, "--redis-url", TEST_REDIS_URL, "--redis-prefix", `soak${process.pid}`];
  const first = await startNode([...shared, "--data-dir", dirs[0]!], env);
  const second = await startNode([...shared, "--data-dir", dirs[1]!], env);
  // The demo tenant is created once per installation, by whichever node claimed it.
  const file = dirs.map((d) => join(d, "demo-tenant.json")).find((f) => readdirSync(join(f, "..")).includes("demo-tenant.json"))!;
  const tenant = JSON.parse(readFileSync(file, "utf8")) as Tenant;
  return {
    label: "PostgreSQL + Redis, two nodes",
    nodes: [first, second],
    tenant,
    async stop() {
      await Promise.all([stopChild(first.child), stopChild(second.child)]);
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      await database.drop();
    },
  };
}

export function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

export function openHandles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}
