import { describe, it, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import { ManualClock } from "../platform/clock.ts";
import { sequentialIds } from "../platform/ids.ts";
import { SecretBox } from "../platform/secret-box.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import type { DomainDeps } from "./deps.ts";
import { readOutbox } from "./sms/outbox-read.ts";
import { openSmsBody } from "./sms/outbox.ts";
import {
  checkAdminCode,
  codeStatus,
  CODE_TTL_MS,
  issueAdminSession,
  LOCK_MS,
  readAdminSession,
  RESEND_INTERVAL_MS,
  sendAdminCode,
  SESSION_TTL_MS,
} from "./admin-verification.ts";

const START = Date.parse("2026-03-02T02:00:00Z");
const LINK = "yDlink000000000000000000000000001";
const ORG = "yDorg0000000000000000000000000001";
const MOBILE = "13800000001";

describe("the admin's SMS code and session", () => {
  let deps: DomainDeps;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(START);
    deps = await openDomain(loadConfig({ logLevel: "silent" }, {}), { store: openSqliteStore(":memory:"), clock, ids: sequentialIds() });
  });
  afterEach(() => deps.store.close());

  const send = () => sendAdminCode(deps, { linkCode: LINK, organizationId: ORG, mobile: MOBILE });
  const lastCode = async () => (await readOutbox(deps, ORG, { purpose: "admin-code", limit: 1 })).messages[0]!.code!;
  const check = (code: string) => checkAdminCode(deps, { linkCode: LINK, code });

  it("texts a 6-digit code, the only six-digit run in the body, and keeps only its keyed hash", async () => {
    assert.deepEqual(await send(), { codeExpiresAt: START + CODE_TTL_MS });
    const [sms] = await deps.store.listSmsMessages(ORG, { limit: 5 });
    assert.equal(sms!.purpose, "admin-code");
    assert.equal(deps.box.open(sms!.mobileSealed), MOBILE);
    const body = openSmsBody(deps, sms!);
    assert.equal(body.match(/(?<!\d)\d{6}(?!\d)/g)?.length, 1, body);
    const row = await deps.store.getLinkVerification(LINK);
    assert.ok(row?.codeHash && !row.codeHash.includes(await lastCode()));
    assert.deepEqual(await codeStatus(deps, LINK), { canSendAt: START + RESEND_INTERVAL_MS, codePending: true, attemptsLeft: 3 });
  });

  it("accepts the right code once", async () => {
    await send();
    const code = await lastCode();
    assert.deepEqual(await check(code), { ok: true });
    assert.deepEqual(await check(code), { ok: false, reason: "no-code" });
  });

  it("refuses a resend within 60 s and allows it after", async () => {
    await send();
    clock.advance(RESEND_INTERVAL_MS - 1);
    await assert.rejects(send(), (e: Error & { code?: string }) => e.code === "LimitExceeded" && /try again in 1 s/.test(e.message));
    clock.advance(1);
    await send();
    assert.equal((await deps.store.listSmsMessages(ORG, { limit: 5 })).length, 2);
  });

  it("a code is valid five minutes", async () => {
    await send();
    const code = await lastCode();
    clock.advance(CODE_TTL_MS);
    assert.deepEqual(await check(code), { ok: false, reason: "expired" });
  });

  it("does not count a malformed entry or one made before any code", async () => {
    assert.deepEqual(await check("123456"), { ok: false, reason: "no-code" });
    await send();
    assert.deepEqual(await check("12345"), { ok: false, reason: "malformed" });
    assert.equal((await codeStatus(deps, LINK)).attemptsLeft, 3);
  });

  it("locks the link for ten minutes at the third wrong code, voiding the code", async () => {
    await send();
    const code = await lastCode();
    const wrong = code === "000000" ? "111111" : "000000";
    assert.deepEqual(await check(wrong), { ok: false, reason: "wrong", attemptsLeft: 2 });
    // A resend keeps the count: a fresh code is no fresh set of guesses.
    clock.advance(RESEND_INTERVAL_MS);
    await send();
    const second = await lastCode();
    const wrong2 = second === "000000" ? "111111" : "000000";
    assert.deepEqual(await check(wrong2), { ok: false, reason: "wrong", attemptsLeft: 1 });
    assert.deepEqual(await check(wrong2), { ok: false, reason: "locked", lockedUntil: clock.now() + LOCK_MS });
    assert.deepEqual(await check(second), { ok: false, reason: "locked", lockedUntil: clock.now() + LOCK_MS });
    await assert.rejects(send(), (e: Error & { code?: string }) => e.code === "OperationDenied.LinkLocked");
    assert.equal((await codeStatus(deps, LINK)).lockedUntil, clock.now() + LOCK_MS);

    clock.advance(LOCK_MS);
    assert.deepEqual(await check(second), { ok: false, reason: "no-code" }, "the code was voided by the lock");
    await send();
    assert.equal((await codeStatus(deps, LINK)).attemptsLeft, 3, "a fresh count after the lock");
    assert.deepEqual(await check(await lastCode()), { ok: true });
  });

  it("counts guesses sent at the same time one by one: three are compared, the rest find the link locked", async () => {
    await send();
    const code = await lastCode();
    const wrong = code === "000000" ? "111111" : "000000";
    const results = await Promise.all([...Array.from({ length: 9 }, () => check(wrong)), check(code)]);
    const wrongs = results.filter((r) => !r.ok && r.reason === "wrong");
    assert.deepEqual(wrongs, [{ ok: false, reason: "wrong", attemptsLeft: 2 }, { ok: false, reason: "wrong", attemptsLeft: 1 }]);
    assert.equal(results.filter((r) => !r.ok && r.reason === "locked").length, 8, JSON.stringify(results));
    assert.ok(!results.some((r) => r.ok), "the right code came after the third guess: not compared");
    assert.equal((await codeStatus(deps, LINK)).lockedUntil, clock.now() + LOCK_MS);
    assert.equal((await deps.store.getLinkVerification(LINK))?.codeHash, null, "the code is void");
  });

  it("the right code sent twice at the same time opens one session", async () => {
    await send();
    const code = await lastCode();
    const results = await Promise.all([check(code), check(code), check(code)]);
    assert.deepEqual(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
    assert.ok(results.every((r) => r.ok || r.reason === "no-code"));
  });

  it("a session is bound to its link, signed, and ends after two hours or with the link", async () => {
    const session = issueAdminSession(deps, LINK, START + 7 * 86_400_000);
    assert.equal(session.expiresAt, START + SESSION_TTL_MS);
    const read = readAdminSession(deps, LINK, session.value);
    assert.ok(read && read.csrf.length === 43);
    // Read again (a browser's next page) it is the same session, and a node with another master key still refuses it.
    assert.deepEqual(readAdminSession(deps, LINK, session.value), read);
    assert.equal(readAdminSession({ ...deps, box: new SecretBox(randomBytes(32)) }, LINK, session.value), undefined);
    assert.equal(readAdminSession(deps, "yDotherLink", session.value), undefined);
    const [expires, mac] = session.value.split(".");
    assert.equal(readAdminSession(deps, LINK, `${Number(expires) + 1000}.${mac}`), undefined, "a longer life is not signed");
    assert.equal(readAdminSession(deps, LINK, "garbage"), undefined);
    // Another node with the same master key accepts it: nothing was stored.
    const other = { ...deps, store: openSqliteStore(":memory:") };
    assert.ok(readAdminSession(other, LINK, session.value));
    await other.store.close();
    clock.advance(SESSION_TTL_MS);
    assert.equal(readAdminSession(deps, LINK, session.value), undefined);

    const shortLink = issueAdminSession(deps, LINK, clock.now() + 60_000);
    assert.equal(shortLink.expiresAt, clock.now() + 60_000);
  });
});
