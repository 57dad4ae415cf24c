/** The benchmark's one table, its JSON file, and the PASS/FAIL of each budget. */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname } from "node:path";

export interface Row {
  scenario: string;
  label: string;
  rps?: number;
  bareRps?: number;
  ratio?: number;
  p50Ms?: number;
  p99Ms?: number;
  cpuSeconds?: number;
  cpuUsPerRequest?: number;
  peakRssMb?: number;
  errors?: number;
  /** The budget as a sentence and whether it holds; absent for rows without one. */
  budget?: string;
  pass?: boolean;
  note?: string;
}

const fixed = (digits: number) => (value: number | undefined) => (value === undefined || Number.isNaN(value) ? "" : value.toFixed(digits));
const int = fixed(0);
const ms = (value: number | undefined) => (value === undefined ? "" : value < 10 ? value.toFixed(2) : value.toFixed(1));

export function machine(): Record<string, string | number> {
  const cpu = cpus();
  return { cpus: cpu.length, cpuModel: cpu[0]?.model ?? "?", memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` };
}

/** The table in Markdown (it reads as well in a terminal as in docs/performance.md). */
export function renderTable(rows: Row[]): string {
  const header = ["#", "scenario", "rps", "bare rps", "ratio", "p50 ms", "p99 ms", "CPU s/round", "CPU µs/req", "peak RSS MB", "budget", "result"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const r of rows) {
    const result = r.pass === undefined ? "" : r.pass ? "PASS" : "**FAIL**";
    const budget = [r.budget, r.note].filter(Boolean).join("; ");
    lines.push(
      `| ${[r.scenario, r.label, int(r.rps), int(r.bareRps), fixed(3)(r.ratio), ms(r.p50Ms), ms(r.p99Ms), fixed(2)(r.cpuSeconds), int(r.cpuUsPerRequest), int(r.peakRssMb), budget, result].join(" | ")} |`,
    );
  }
  return lines.join("\n");
}

export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}
