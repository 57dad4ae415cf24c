import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export interface EssdProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

const ESSD = join(import.meta.dirname, "..", "..", "bin", "essd.js");

/** Starts `essd serve --port 0 …` and resolves once its banner names the address it listens on. */
export function spawnEssd(args: string[], env: NodeJS.ProcessEnv = {}): Promise<EssdProcess> {
  const child = spawn(process.execPath, [ESSD, "serve", "--port", "0", "--log-level", "warn", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`essd did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /essd listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match && /\n/.test(output.slice(match.index))) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output, exited });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`essd exited ${code} before starting:\n${output}`)));
  });
}

export async function stopEssd(p: EssdProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  await p.exited;
}
