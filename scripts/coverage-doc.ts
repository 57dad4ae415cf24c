/**
 * Writes docs/coverage.md and src/coverage/test-counts.json from the service registry and the test files, so the
 * coverage map is never kept by hand. Run it after adding an action or a test (and to settle a merge conflict in
 * either file); src/coverage/coverage-doc.test.ts fails while they are stale.
 *
 *   node --import tsx scripts/coverage-doc.ts           writes both files
 *   node --import tsx scripts/coverage-doc.ts --check   exits 1 when either differs
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { services } from "../src/actions/services.ts";
import { coverageMap, TEST_COUNTS_FILE, type TestCountFacts } from "../src/coverage/map.ts";
import { coverageMarkdown } from "../src/coverage/render.ts";
import { countTestsCalling, readTestFiles } from "../src/coverage/test-references.ts";
import { registerServices } from "../src/protocol/services.ts";

export const COVERAGE_DOC = new URL("../docs/coverage.md", import.meta.url);

/** What both files should hold now. */
export function generatedCoverageFiles(): Array<{ file: URL; text: string }> {
  const registry = registerServices(services);
  const names = registry.implemented().map((a) => a.name);
  const counted = countTestsCalling(names, readTestFiles());
  const counts: TestCountFacts = Object.fromEntries([...new Set(names)].sort().map((name) => [name, counted.get(name) ?? { tests: 0, files: 0 }]));
  const json = `{\n${Object.entries(counts)
    .map(([name, c]) => `  ${JSON.stringify(name)}: ${JSON.stringify(c)}`)
    .join(",\n")}\n}\n`;
  return [
    { file: TEST_COUNTS_FILE, text: json },
    { file: COVERAGE_DOC, text: coverageMarkdown(coverageMap(registry, counts)) },
  ];
}

/** The files whose committed text differs from what they should hold. */
export function staleCoverageFiles(): string[] {
  return generatedCoverageFiles()
    .filter(({ file, text }) => !existsSync(file) || readFileSync(file, "utf8") !== text)
    .map(({ file }) => fileURLToPath(file));
}

function main(): void {
  if (process.argv.includes("--check")) {
    const stale = staleCoverageFiles();
    for (const path of stale) console.error(`${path} is stale: run node --import tsx scripts/coverage-doc.ts`);
    process.exit(stale.length ? 1 : 0);
  }
  for (const { file, text } of generatedCoverageFiles()) {
    writeFileSync(file, text);
    console.log(`wrote ${fileURLToPath(file)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
