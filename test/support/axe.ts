/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) on a page in a Playwright browser. The pages forbid every script by
 * CSP; axe's source is evaluated through the DevTools protocol, which CSP does not govern, so the pages are
 * audited exactly as they are served (no bypassCSP, no <script> tag).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, ImpactValue } from "axe-core";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface AxeViolation {
  page: string;
  url: string;
  rule: string;
  impact: ImpactValue | undefined;
  help: string;
  targets: string[];
}

/** The page's WCAG 2.1 A/AA violations, one entry per rule, labelled with `name`. */
export async function axeViolations(page: Page, name: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate((values) => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } };
    return axe.run(document, { runOnly: { type: "tag", values }, resultTypes: ["violations"] });
  }, WCAG_AA);
  return results.violations.map((v) => ({
    page: name,
    url: page.url(),
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((node) => node.target.join(" ")),
  }));
}

/** One line per violation: `page: rule (impact) help — selectors`. */
export const axeSummary = (violations: AxeViolation[]): string =>
  violations.map((v) => `${v.page}: ${v.rule} (${v.impact}) ${v.help} — ${v.targets.join(", ")}`).join("\n");
