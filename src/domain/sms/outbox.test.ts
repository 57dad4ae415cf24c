import { describe, it, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDomain } from "../../app/compose.ts";
import { loadConfig } from "../../config/config.ts";
import { ManualClock } from "../../platform/clock.ts";
import { sequentialIds } from "../../platform/ids.ts";
import { openSqliteStore } from "../../store/sqlite.ts";
import type { DomainDeps } from "../deps.ts";
import { readOutbox } from "./outbox-read.ts";
import { openSmsBody, sendSms } from "./outbox.ts";

const ORG = "yDorg0000000000000000000000000001";
const MOBILE = "13900004321";
const CODE = "604213";
const CODE_TEXT = `【腾讯电子签】您的验证码为 ${CODE}，5分钟内有效。`;
const LINK_TOKEN = "Zq8mLinkToken0000000000000000042";
const LINK_TEXT = `【腾讯电子签】请点击 https://essd.example/legal/${LINK_TOKEN} 完成授权`;

describe("the SMS outbox at rest", () => {
  let dir: string;
  let deps: DomainDeps;
  let closed: boolean;
  const databaseBytes = () =>
    // WAL mode: until a checkpoint, fresh rows live in the -wal file, so both are searched.
    Buffer.concat(["essd.sqlite", "essd.sqlite-wal"].map((name) => join(dir, name)).filter(existsSync).map((path) => readFileSync(path)));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "essd-sms-outbox-"));
    closed = false;
    const store = openSqliteStore(join(dir, "essd.sqlite"));
    deps = await openDomain(loadConfig({ logLevel: "silent", dataDir: dir }, {}), { store, clock: new ManualClock(Date.parse("2026-11-24T08:00:00Z")), ids: sequentialIds() });
  });
  afterEach(async () => {
    if (!closed) await deps.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps neither the text (its code, its link token) nor the mobile in clear in the database file", async () => {
    await sendSms(deps, { organizationId: ORG, mobile: MOBILE, purpose: "admin-code", body: CODE_TEXT });
    await sendSms(deps, { organizationId: ORG, mobile: MOBILE, purpose: "legal-rep-link", body: LINK_TEXT });
    const stored = await deps.store.listSmsMessages(ORG, { limit: 10 });
    assert.equal(stored.length, 2);
    for (const message of stored) {
      assert.ok(!message.bodySealed.includes(CODE) && !message.bodySealed.includes(LINK_TOKEN), "the stored text is sealed");
    }
    await deps.store.close();
    closed = true;
    const bytes = databaseBytes();
    assert.ok(bytes.length > 0);
    for (const secret of [CODE, LINK_TOKEN, MOBILE, "验证码"]) assert.ok(!bytes.includes(secret), `${secret === MOBILE ? "the mobile" : "the text"} is not in the file`);
  });

  it("opens the text for the sandbox outbox, which answers it in clear with its code and link", async () => {
    await sendSms(deps, { organizationId: ORG, mobile: MOBILE, purpose: "admin-code", body: CODE_TEXT });
    await sendSms(deps, { organizationId: ORG, mobile: MOBILE, purpose: "legal-rep-link", body: LINK_TEXT });
    const { messages } = await readOutbox(deps, ORG, {});
    assert.deepEqual(
      messages.map((m) => [m.purpose, m.body, m.code, m.link, m.mobile]),
      [
        ["legal-rep-link", LINK_TEXT, undefined, `https://essd.example/legal/${LINK_TOKEN}`, MOBILE],
        ["admin-code", CODE_TEXT, CODE, undefined, MOBILE],
      ],
    );
  });

  it("reads a text dropped after delivery as empty rather than failing", async () => {
    const message = await sendSms(deps, { organizationId: ORG, mobile: MOBILE, purpose: "admin-code", body: CODE_TEXT });
    assert.equal(openSmsBody(deps, message), CODE_TEXT);
    assert.equal(openSmsBody(deps, { ...message, bodySealed: "" }), "");
  });
});
