/**
 * Drives the pages behind links anyone may hold (group invitation, initialisation, change links): open the link,
 * prove a mobile with the code the link creator's outbox shows, and land on the signed-in page.
 */
import assert from "node:assert/strict";
import { readOutbox } from "../../src/domain/sms/outbox-read.ts";
import type { ManualClock } from "../../src/platform/clock.ts";
import { csrfOf, type Page, type PageClient } from "./admin-pages.ts";
import type { Harness } from "./harness.ts";

/** The newest code texted to `mobile` for links of `organizationId`. */
export async function codeTextedTo(h: Harness, organizationId: string, mobile: string): Promise<string> {
  const [sms] = (await readOutbox(h.domain, organizationId, { purpose: "admin-code", mobile, limit: 1 })).messages;
  assert.ok(sms?.code, `no code texted to ${mobile}`);
  return sms.code;
}

/**
 * Opens `url` (any form; redirects followed), sends a code to `mobile`, enters it. `clock` moves a second first so
 * the code is the newest in the outbox. Answers the page's token and the signed-in page.
 */
export async function signInWithMobile(
  h: Harness,
  browser: PageClient,
  input: { url: string; page: "group-join" | "batch-init" | "organization-change"; mobile: string; outboxOf: string; clock: ManualClock },
): Promise<{ token: string; home: Page }> {
  const opened = await browser.follow(await browser.get(input.url));
  assert.equal(opened.status, 200, opened.text);
  const token = new RegExp(`/h5/${input.page}/([0-9A-Za-z]+)/code`).exec(opened.text)?.[1];
  assert.ok(token, opened.text);
  const csrf = csrfOf(opened);
  input.clock.advance(1000);
  const sent = await browser.post(`/h5/${input.page}/${token}/code`, { csrf, mobile: input.mobile });
  assert.equal(sent.status, 200, sent.text);
  const code = await codeTextedTo(h, input.outboxOf, input.mobile);
  const verified = await browser.post(`/h5/${input.page}/${token}/verify`, { csrf, mobile: input.mobile, code });
  assert.equal(verified.status, 303, verified.text);
  return { token, home: await browser.follow(verified) };
}
