import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomAlphanumeric, randomIds } from "./ids.ts";

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
});
