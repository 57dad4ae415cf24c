/**
 * Derives the facts essd keeps of Tencent's machine-readable API specs (`../shared/reference/spec/*.api.json`):
 * every action's name, Chinese title and status, and every structure's members (name, type, element type,
 * required, disabled). Tencent's prose and examples are left behind. The output is committed under
 * `src/protocol/spec/`, so essd needs nothing outside its repository at run time.
 *
 *   node --import tsx scripts/spec-facts.ts           writes the files
 *   node --import tsx scripts/spec-facts.ts --check   exits 1 when a committed file differs from the spec
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const SPEC_DIR = join(root, "..", "shared", "reference", "spec");
export const FACTS_DIR = join(root, "src", "protocol", "spec");
export const SPEC_FILES = ["ess-2020-11-11", "essbasic-2021-05-26"] as const;

interface RawMember { name: string; type: string; member: string; required?: boolean; disabled?: boolean }
interface RawSpec {
  metadata: { apiVersion: string; serviceShortName: string };
  actions: Record<string, { name: string; status: string; input: string; output: string }>;
  objects: Record<string, { members: RawMember[] }>;
}

/** The facts of one spec file as the JSON text essd commits (sorted, so a diff shows what changed). */
export function factsOf(raw: RawSpec): string {
  const byName = <T>(entries: Array<[string, T]>) => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const facts = {
    service: raw.metadata.serviceShortName,
    version: raw.metadata.apiVersion,
    actions: byName(Object.entries(raw.actions).map(([name, a]) => [name, { title: a.name, status: a.status, input: a.input, output: a.output }])),
    objects: byName(
      Object.entries(raw.objects).map(([name, o]) => [
        name,
        o.members.map((m) => ({ name: m.name, type: m.type, member: m.member, required: m.required === true, ...(m.disabled ? { disabled: true } : {}) })),
      ]),
    ),
  };
  // One action or member per line: compact, and a regenerated file's diff reads as the spec's change.
  const lines = (entries: Array<[string, unknown]>, indent: string) => entries.map(([k, v]) => `${indent}${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(",\n");
  const objects = Object.entries(facts.objects).map(([k, members]) => `  ${JSON.stringify(k)}: [\n${members.map((m) => `   ${JSON.stringify(m)}`).join(",\n")}\n  ]`);
  return `{\n "service": ${JSON.stringify(facts.service)},\n "version": ${JSON.stringify(facts.version)},\n "actions": {\n${lines(Object.entries(facts.actions), "  ")}\n },\n "objects": {\n${objects.join(",\n")}\n }\n}\n`;
}

export function readSpec(file: string): RawSpec {
  return JSON.parse(readFileSync(join(SPEC_DIR, `${file}.api.json`), "utf8")) as RawSpec;
}

function main(): void {
  const check = process.argv.includes("--check");
  if (!existsSync(SPEC_DIR)) {
    console.error(`no spec directory at ${SPEC_DIR}`);
    process.exit(2);
  }
  let stale = 0;
  for (const file of SPEC_FILES) {
    const target = join(FACTS_DIR, `${file}.json`);
    const text = factsOf(readSpec(file));
    if (check) {
      const current = existsSync(target) ? readFileSync(target, "utf8") : "";
      if (current !== text) {
        stale++;
        console.error(`${target} is stale: run node --import tsx scripts/spec-facts.ts`);
      }
    } else {
      writeFileSync(target, text);
      console.log(`wrote ${target}`);
    }
  }
  process.exit(stale ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
