import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomAlphanumeric, randomIds, timePrefix } from "./ids.ts";

describe("random ids", () => {
  it("draws exactly the length asked, from the 62 letters and digits only", () => {
    for (const length of [0, 1, 10, 32, 64, 65, 200]) {
      const id = randomAlphanumeric(length);
      assert.equal(id.length, length);
      assert.match(id, /^[0-9A-Za-z]*$/);
    }
  });

  it("uses every one of the 62 characters, and never repeats an id", () => {
    const seen = new Set<string>();
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = randomAlphanumeric(32);
      ids.add(id);
      for (const c of id) seen.add(c);
    }
    assert.equal(seen.size, 62);
    assert.equal(ids.size, 2000);
  });

  it("gives each kind its ESS shape", () => {
    assert.match(randomIds.next("linkToken"), /^yD[0-9A-Za-z]{30}$/);
    assert.match(randomIds.next("shortKey"), /^yD[0-9A-Za-z]{18}$/);
    assert.match(randomIds.next("shortCode"), /^[0-9A-Za-z]{10}$/);
    assert.match(randomIds.next("secretId"), /^AKID[0-9A-Za-z]{32}$/);
    assert.match(randomIds.next("requestId"), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(randomIds.next("smsCode"), /^\d{6}$/);
  });

  it("hands out strings that stay what they were when the next id is drawn", () => {
    const first = randomAlphanumeric(20);
    const copy = `${first}`;
    randomAlphanumeric(20);
    assert.equal(first, copy);
  });

  it("starts resource ids and shortKeys with the millisecond, so later ids sort after earlier ones", () => {
    assert.equal(timePrefix(0), "0000000");
    assert.equal(timePrefix(61), "000000z");
    assert.equal(timePrefix(62), "0000010");
    assert.equal(timePrefix(62 ** 7 - 1), "zzzzzzz");
    assert.equal(timePrefix(62 ** 7), "0000000", "wraps after about 111 years rather than growing a character");
    const moments = [0, 1, 61, 62, 3843, 3844, 1_700_000_000_000, 1_800_000_000_000, 2_000_000_000_000];
    const prefixes = moments.map(timePrefix);
    assert.deepEqual([...prefixes].sort(), prefixes, "byte order is time order");

    const first = [randomIds.next("linkToken"), randomIds.next("shortKey"), randomIds.next("organization")];
    const started = Date.now();
    while (Date.now() === started);
    const later = [randomIds.next("linkToken"), randomIds.next("shortKey"), randomIds.next("organization")];
    for (let i = 0; i < first.length; i++) assert.ok(first[i]! < later[i]!, `${first[i]} then ${later[i]}`);
    assert.match(later[0]!, /^yD[0-9A-Za-z]{30}$/);
    assert.match(later[1]!, /^yD[0-9A-Za-z]{18}$/);
  });

  it("keeps secrets and the short code wholly random", () => {
    const codes = Array.from({ length: 200 }, () => randomIds.next("shortCode"));
    assert.ok(new Set(codes.map((c) => c.slice(0, 3))).size > 150, "no shared prefix");
    const keys = Array.from({ length: 200 }, () => randomIds.next("secretKey"));
    assert.ok(new Set(keys.map((k) => k.slice(0, 3))).size > 150, "no shared prefix");
  });
});
