import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { counted } from "./wording.ts";

describe("counted", () => {
  it("names one thing in the singular, any other count in the plural", () => {
    assert.deepEqual(
      [counted(1, "migration"), counted(0, "migration"), counted(2, "migration"), counted(1, "pass", "passes"), counted(6, "batch", "batches")],
      ["1 migration", "0 migrations", "2 migrations", "1 pass", "6 batches"],
    );
  });
});
