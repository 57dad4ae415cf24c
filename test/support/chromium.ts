/**
 * The page tests' browser: Debian's headless Chromium (/usr/bin/chromium) driven by playwright-core, pages in
 * contexts of their own (another person's device), each watched for script and console errors, and screenshots
 * that first check what every page must satisfy (no sideways scrolling at its width, a label on every field) and
 * audit it with axe-core (WCAG 2.1 A/AA). Screenshots go to test-artifacts/<name>/ (ignored by git).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { axeSummary, axeViolations, type AxeViolation } from "./axe.ts";

export const CHROMIUM = process.env.ESSD_TEST_CHROMIUM ?? "/usr/bin/chromium";
/** An iPhone-sized phone: the width the H5 pages are made for. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
export const DESK = { viewport: { width: 1280, height: 900 } };

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium (as .ci/run does)`);
  }
}

export class BrowserSession {
  readonly pageErrors: string[] = [];
  readonly violations: AxeViolation[] = [];
  private shots = 0;
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    private readonly browser: Browser,
    readonly artifacts: string,
    /** Console errors that are not the pages' fault (a load answered 400 on purpose), matched against `<resource url> <text>`. */
    private readonly expectedFailedLoads: RegExp[],
  ) {}

  /** Launches Chromium; `name` is the folder under test-artifacts/ (emptied first). */
  static async launch(name: string, options: { expectedFailedLoads?: RegExp[] } = {}): Promise<BrowserSession> {
    requireChromium();
    const artifacts = join(import.meta.dirname, "..", "..", "test-artifacts", name);
    rmSync(artifacts, { recursive: true, force: true });
    mkdirSync(artifacts, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    });
    return new BrowserSession(browser, artifacts, options.expectedFailedLoads ?? []);
  }

  /** A page in a context of its own (its own cookies), watched for script and console errors. */
  async openPage(options: Parameters<Browser["newContext"]>[0]): Promise<Page> {
    const context = await this.browser.newContext({ locale: "zh-CN", reducedMotion: "reduce", ...options });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => this.pageErrors.push(`${page.url()}: ${error}`));
    page.on("console", (message) => {
      const resource = message.location().url;
      if (message.type() === "error" && !this.expectedFailedLoads.some((expected) => expected.test(`${resource} ${message.text()}`))) {
        this.pageErrors.push(`${page.url()}: ${message.text()} (${resource})`);
      }
    });
    return page;
  }

  /** Screenshots the whole page as NN-name.png, after checking that it does not scroll sideways and every field has a label; audits it with axe. */
  async shot(page: Page, name: string): Promise<void> {
    // Against the viewport's width, not innerWidth: a mobile browser widens its layout viewport to fit what overflows.
    const width = page.viewportSize()!.width;
    const scroll = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(scroll <= width, `${name} (${page.url()}) scrolls sideways: ${scroll}px wide in a ${width}px window`);
    const unlabelled = await page
      .locator("input:not([type=hidden]), textarea, select")
      .evaluateAll((fields) => fields.filter((field) => !(field as HTMLInputElement).labels?.length).map((field) => field.outerHTML));
    assert.deepEqual(unlabelled, [], `${name}: fields without a label`);
    await page.screenshot({ path: join(this.artifacts, `${String(++this.shots).padStart(2, "0")}-${name}.png`), fullPage: true });
    this.violations.push(...(await axeViolations(page, name)));
  }

  /** Writes the axe findings to axe-report.json and asserts there were pages and no findings. */
  assertAccessible(): void {
    writeFileSync(join(this.artifacts, "axe-report.json"), JSON.stringify(this.violations, null, 2) + "\n");
    assert.ok(this.shots > 0, "pages were audited");
    assert.equal(this.violations.length, 0, `axe found:\n${axeSummary(this.violations)}`);
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close();
    await this.browser.close();
  }
}

/** Clicks what leads to another page and waits until a page whose URL matches `url` has loaded. */
export async function go(page: Page, target: Locator, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), target.click()]);
}

/** The trimmed text of the first element matching `selector`. */
export const textOf = async (page: Page, selector: string): Promise<string> => ((await page.locator(selector).textContent()) ?? "").trim();
