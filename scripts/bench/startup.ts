/**
 * Start to ready on an existing store (issue 13: < 1 s on 1,000,000 sub-tasks): spawns `bin/essd.js serve` on
 * the store, waits for the listening banner and reads the process's CPU seconds (utime + stime, /proc) and RSS
 * at that moment, then stops it. With `--base DIR` it alternates that checkout's essd and this one's, so both
 * see the same machine load; CPU seconds is the figure to compare (wall time is mostly waiting for a core when
 * other processes run).
 *
 *   node --import tsx scripts/bench/startup.ts --data-dir DIR [--base /path/to/other/checkout] [--runs 5]
 *
 * DIR is a store seeded with `seed.ts` (essd must not be running on it).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cpuSeconds, rssMb, stopChild } from "./processes.ts";

const { values: args } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    base: { type: "string" },
    runs: { type: "string", default: "5" },
    "node-flag": { type: "string", multiple: true, default: [] },
  },
});
if (!args["data-dir"]) throw new Error("--data-dir DIR (a seeded store) is required");

interface Sample {
  wallMs: number;
  cpuS: number;
  rssMb: number;
}

/** One start: spawn to the banner, CPU and RSS read at the banner. */
function once(checkout: string): Promise<Sample> {
  const began = performance.now();
  const bin = join(checkout, "bin", "essd.js");
  const child = spawn(process.execPath, [...args["node-flag"]!, bin, "serve", "--port", "0", "--data-dir", args["data-dir"]!, "--log-level", "warn"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let ready = false;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready || !/essd listening on /.test(output)) return;
      ready = true;
      const sample = { wallMs: performance.now() - began, cpuS: cpuSeconds(child.pid!), rssMb: rssMb(child.pid!) };
      child.stdout!.off("data", onData);
      child.stderr!.off("data", onData);
      stopChild(child).then(() => resolve(sample), reject);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => ready || reject(new Error(`essd exited ${code} before listening: ${output}`)));
  });
}

const here = join(import.meta.dirname, "..", "..");
const trees = args.base ? [["base", args.base], ["this", here]] : [["this", here]];
const samples = new Map<string, Sample[]>(trees.map(([name]) => [name!, []]));
for (let run = 0; run < Number(args.runs); run++) {
  for (const [name, checkout] of trees) {
    const sample = await once(checkout!);
    samples.get(name!)!.push(sample);
    process.stderr.write(`${name} run ${run + 1}: ${sample.cpuS.toFixed(2)} s CPU, ${sample.wallMs.toFixed(0)} ms wall, ${sample.rssMb.toFixed(0)} MB\n`);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const [name, list] of samples) {
  const cpu = list.map((s) => s.cpuS);
  process.stdout.write(
    `${name}: CPU s to the banner median ${median(cpu).toFixed(2)} (${Math.min(...cpu).toFixed(2)}–${Math.max(...cpu).toFixed(2)}), ` +
      `wall ms median ${median(list.map((s) => s.wallMs)).toFixed(0)}, RSS MB median ${median(list.map((s) => s.rssMb)).toFixed(0)}\n`,
  );
}
