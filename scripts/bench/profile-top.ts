/**
 * The top frames of a V8 .cpuprofile (from `npm run bench -- --cpu-prof DIR`): self time per function and per
 * package/file, and total time (the function or anything it called) per function, over the last `--last` seconds
 * of the profile only (the load, not the start-up). `--last 0` takes the whole profile (e.g. a start-up).
 *
 *   node --import tsx scripts/bench/profile-top.ts FILE.cpuprofile [--last 8] [--top 25]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { last: { type: "string", default: "8" }, top: { type: "string", default: "25" } } });
const profile = JSON.parse(readFileSync(positionals[0]!, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);

const times: number[] = [];
let t = 0;
for (const delta of profile.timeDeltas) times.push((t += delta));
const from = Number(values.last) > 0 ? t - Number(values.last) * 1e6 : -Infinity;

const place = (url: string) => {
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) return url.slice(modules + 13).split("/").slice(0, url.slice(modules + 13).startsWith("@") ? 2 : 1).join("/");
  const src = url.indexOf("/src/");
  return src >= 0 ? url.slice(src + 1) : url || "(native)";
};

const nameOf = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || "(anonymous)"} ${place(url)}${url ? `:${lineNumber + 1}` : ""}`;
};
const selfByFunction = new Map<string, number>();
const totalByFunction = new Map<string, number>();
const selfByPlace = new Map<string, number>();
let total = 0;
let idle = 0;
for (let i = 0; i < profile.samples.length; i++) {
  if (times[i]! < from) continue;
  const node = byId.get(profile.samples[i]!)!;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  const { functionName, url } = node.callFrame;
  if (functionName === "(idle)") {
    idle += dt;
    continue;
  }
  total += dt;
  const fn = nameOf(node);
  selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + dt);
  // Total time: every distinct function on the sample's stack (a recursive one counts once).
  const onStack = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) onStack.add(nameOf(byId.get(id)!));
  for (const name of onStack) totalByFunction.set(name, (totalByFunction.get(name) ?? 0) + dt);
  const where = url ? place(url) : functionName;
  selfByPlace.set(where, (selfByPlace.get(where) ?? 0) + dt);
}

const top = Number(values.top);
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
};
console.log(`busy ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s over the last ${values.last} s`);
show("self time by function", selfByFunction);
show("self time by package / file", selfByPlace);
totalByFunction.delete("(root) (native)");
show("total time by function (itself and what it called)", totalByFunction);
