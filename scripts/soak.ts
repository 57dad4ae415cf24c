/**
 * A soak: mixed, realistic traffic (scripts/soak/traffic.ts) at 70 % of the capacity measured just before, for
 * `--minutes`, on SQLite (one node) and on PostgreSQL + Redis (two nodes). Reports errors (there must be none),
 * p99 over time, and each node's resident memory and open handles over time (flat after warm-up).
 *
 *   npm run soak -- --minutes 30 [--backend sqlite|postgres|both] [--fraction 0.7] [--out docs/soak.md]
 *
 * The backends run one after the other, each for the full duration. Not part of `npm test`.
 */
import { appendFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { postgresInstallation, sqliteInstallation, type Installation } from "./soak/nodes.ts";
import { capacity, soak, type SoakResult, type Window } from "./soak/run.ts";
import { createFixtures } from "./soak/traffic.ts";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "2" },
    backend: { type: "string", default: "both" },
    fraction: { type: "string", default: "0.7" },
    "capacity-seconds": { type: "string", default: "20" },
    out: { type: "string" },
  },
});
const minutes = Number(args.minutes);
const fraction = Number(args.fraction);
if (!(minutes > 0) || !(fraction > 0 && fraction <= 1)) throw new Error("--minutes must be > 0 and --fraction in (0, 1]");
const backends = args.backend === "both" ? ["sqlite", "postgres"] : [args.backend!];
// About 30 windows a run, none shorter than 10 s.
const windowSeconds = Math.max(10, Math.round((minutes * 60) / 30));

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const row = (w: Window) => `| ${fmt(w.atMinute)} | ${w.requests} | ${w.errors} | ${fmt(w.p50Ms)} | ${fmt(w.p99Ms)} | ${w.rssMb.map((r) => fmt(r, 0)).join(" / ")} | ${w.handles.join(" / ")} |`;

function report(result: SoakResult): string {
  const afterWarmUp = result.windows.filter((w) => w.atMinute >= Math.min(2, minutes / 4));
  const first = afterWarmUp[0];
  const last = afterWarmUp[afterWarmUp.length - 1];
  const growth = (pick: (w: Window) => number[]) => (first && last ? pick(last).map((v, i) => fmt(v - pick(first)[i]!, 0)).join(" / ") : "-");
  const p99s = afterWarmUp.map((w) => w.p99Ms).filter(Number.isFinite);
  return [
    `### ${result.label}`,
    "",
    `Capacity ${fmt(result.capacityRps, 0)} req/s (closed loop, 16 in flight); soak at ${fmt(result.targetRps, 0)} req/s (${Math.round(fraction * 100)} %) for ${minutes} min: ` +
      `**${result.requests} requests, ${result.errors} errors**; p99 after warm-up ${fmt(Math.min(...p99s))}–${fmt(Math.max(...p99s))} ms; ` +
      `from the first window after warm-up to the last: RSS ${growth((w) => w.rssMb)} MB, open handles ${growth((w) => w.handles)}.`,
    ...(result.firstErrors.length ? ["", "First errors:", ...result.firstErrors.map((e) => `- ${e}`)] : []),
    "",
    "| minute | requests | errors | p50 ms | p99 ms | RSS MB (per node) | open handles (per node) |",
    "|---|---|---|---|---|---|---|",
    ...result.windows.map(row),
    "",
  ].join("\n");
}

const results: SoakResult[] = [];
for (const backend of backends) {
  const installation: Installation = backend === "postgres" ? await postgresInstallation() : await sqliteInstallation();
  try {
    process.stdout.write(`\n${installation.label}: nodes ${installation.nodes.map((n) => `${n.url} (pid ${n.pid})`).join(", ")}\n`);
    const fixtures = await createFixtures(installation.nodes[0]!.url, installation.tenant);
    const { rps: measured, errors: capacityErrors } = await capacity(installation, fixtures, Number(args["capacity-seconds"]));
    if (capacityErrors.length) throw new Error(`${capacityErrors.length} errors while measuring capacity, the first: ${capacityErrors[0]}`);
    process.stdout.write(`capacity ${fmt(measured, 0)} req/s; soaking at ${fmt(measured * fraction, 0)} req/s for ${minutes} min\n`);
    process.stdout.write("| minute | requests | errors | p50 ms | p99 ms | RSS MB | open handles |\n");
    const result = await soak(installation, fixtures, { minutes, capacityRps: measured, fraction, windowSeconds, onWindow: (w) => process.stdout.write(`${row(w)}\n`) });
    results.push(result);
    process.stdout.write(`\n${report(result)}\n`);
  } finally {
    await installation.stop();
  }
}

if (args.out) {
  const when = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  appendFileSync(args.out, `\n## Soak of ${when}: ${minutes} min, \`npm run soak -- --minutes ${minutes}\`\n\n${results.map(report).join("\n")}`);
}
const failed = results.reduce((sum, r) => sum + r.errors, 0);
process.exitCode = failed ? 1 : 0;
