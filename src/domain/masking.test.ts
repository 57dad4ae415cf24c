import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { maskMobile, maskSealedMobile } from "./masking.ts";

describe("maskSealedMobile", () => {
  it("answers the masked mobile, opening each sealed value once per box", () => {
    const opened: string[] = [];
    const box = { open: (sealed: string) => (opened.push(sealed), `1380000${sealed.slice(-4)}`) };
    assert.equal(maskSealedMobile(box, "sealed-0001"), maskMobile("13800000001"));
    assert.equal(maskSealedMobile(box, "sealed-0001"), "138****0001");
    assert.equal(maskSealedMobile(box, "sealed-0002"), "138****0002");
    assert.deepEqual(opened, ["sealed-0001", "sealed-0002"]);
  });

  it("does not let a box that cannot open a value answer another box's masked form", () => {
    const holder = { open: () => "13912345678" };
    const stranger = {
      open: () => {
        throw new Error("sealed value under master key k1, which this process does not hold");
      },
    };
    assert.equal(maskSealedMobile(holder, "v2.k1.same"), "139****5678");
    assert.throws(() => maskSealedMobile(stranger, "v2.k1.same"), /does not hold/);
  });
});
