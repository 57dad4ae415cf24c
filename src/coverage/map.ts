/**
 * The coverage map: for every service essd knows, every action of its spec, whether essd implements it, and for
 * implemented ones how many tests call it. `essd coverage`, the /coverage page and docs/coverage.md all render
 * this one structure, built from the service registry and the committed test counts (test-counts.json, written
 * by scripts/coverage-doc.ts; see test-references.ts for what counts as a test calling an action).
 */
import { readFileSync } from "node:fs";
import type { ServiceRegistry } from "../protocol/services.ts";

export interface CoverageAction {
  name: string;
  /** Tencent's Chinese name of the action, from the spec. */
  title: string;
  implemented: boolean;
  /** Implemented actions only: the tests that call it, and the files they are in. */
  tests?: number;
  testFiles?: number;
}

export interface ServiceCoverage {
  service: string;
  version: string;
  /** How many of `total` actions essd implements. */
  implemented: number;
  total: number;
  actions: CoverageAction[];
}

export interface CoverageMap {
  services: ServiceCoverage[];
}

/** Per action name, the tests calling it and the files they are in. */
export type TestCountFacts = Readonly<Record<string, { tests: number; files: number }>>;

export const TEST_COUNTS_FILE = new URL("./test-counts.json", import.meta.url);

export function committedTestCounts(): TestCountFacts {
  return JSON.parse(readFileSync(TEST_COUNTS_FILE, "utf8")) as TestCountFacts;
}

export function coverageMap(registry: ServiceRegistry, counts: TestCountFacts = committedTestCounts()): CoverageMap {
  return {
    services: registry.services.map((service) => {
      const names = [...new Set([...Object.keys(service.spec.actions), ...service.actions.keys()])].sort();
      const actions = names.map((name): CoverageAction => {
        const implemented = service.actions.has(name);
        const title = service.spec.actions[name]?.title ?? "";
        if (!implemented) return { name, title, implemented };
        return { name, title, implemented, tests: counts[name]?.tests ?? 0, testFiles: counts[name]?.files ?? 0 };
      });
      return { service: service.name, version: service.version, implemented: actions.filter((a) => a.implemented).length, total: actions.length, actions };
    }),
  };
}
