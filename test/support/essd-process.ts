import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { join } from "node:path";
import { when } from "./when.ts";

export interface EssdProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the match once the output matches `pattern` (at once if it already does); fails after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited and its output is read. */
  exited: Promise<number | null>;
}

const ESSD = join(import.meta.dirname, "..", "..", "bin", "essd.js");

/**
 * Every essd this test process started and that has not exited yet. Whatever way the test process ends (a failed
 * assertion, a forgotten stop, a timeout), they are killed with it: no `essd serve` outlives its test.
 */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill("SIGKILL");
    process.exit(1);
  });
}

/**
 * Starts `essd serve --port 0 --log-level warn …` (later flags win) and resolves once its banner names the address
 * it listens on; the banner is written at once, so all of it is in `output()` by then.
 */
export async function spawnEssd(args: string[], env: NodeJS.ProcessEnv = {}, options: { startTimeoutMs?: number } = {}): Promise<EssdProcess> {
  const child = spawn(process.execPath, [ESSD, "serve", "--port", "0", "--log-level", "warn", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let output = "";
  const printed = new EventEmitter();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    printed.emit("output");
  };
  running.add(child);
  child.once("exit", () => running.delete(child));
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  // "close", not "exit": by then every byte the process printed has been read.
  let closed = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once("close", (code) => {
      closed = true;
      printed.emit("close");
      resolve(code);
    }),
  );
  const waitForOutput = (pattern: RegExp, timeoutMs = 30_000) => {
    const failure = (reason: string) => `essd printed nothing matching ${pattern} (${reason}):\n${output}`;
    const exitedFirst = `it exited ${child.exitCode ?? child.signalCode} first`;
    if (closed) {
      const match = pattern.exec(output);
      return match ? Promise.resolve(match) : Promise.reject(new Error(failure(exitedFirst)));
    }
    return when(printed, "output", () => pattern.exec(output) ?? undefined, {
      timeoutMs,
      abortEvent: "close",
      failure: (reason) => failure(reason.startsWith("close") ? exitedFirst : reason),
    });
  };
  let url: string | undefined;
  try {
    [, url] = await waitForOutput(/essd listening on (http:\/\/[\d.:]+).*\n/, options.startTimeoutMs);
  } catch (error) {
    // Never listening (or too slow to say so): not left behind either.
    child.kill("SIGKILL");
    throw error;
  }
  return { child, url: url!, output: () => output, waitForOutput, exited };
}

/** Signals the process (unless it has exited) and resolves with its exit code. */
export async function stopEssd(p: EssdProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  return p.exited;
}
