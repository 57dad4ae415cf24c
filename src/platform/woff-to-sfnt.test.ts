import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { woffToSfnt } from "./woff-to-sfnt.ts";

const woff = readFileSync(createRequire(import.meta.url).resolve("@fontsource/noto-sans-sc/files/noto-sans-sc-latin-400-normal.woff"));

describe("woffToSfnt", () => {
  it("unpacks to an OpenType font with the same glyphs and metrics as the WOFF", () => {
    const sfnt = woffToSfnt(woff);
    assert.equal(sfnt.readUInt32BE(0), woff.readUInt32BE(4), "the sfnt version is the WOFF's flavor");
    const [fromWoff, fromSfnt] = [fontkit.create(woff), fontkit.create(sfnt)];
    assert.equal(fromSfnt.numGlyphs, fromWoff.numGlyphs);
    assert.equal(fromSfnt.postscriptName, fromWoff.postscriptName);
    const text = "Essd 2026";
    assert.deepEqual(fromSfnt.layout(text).glyphs.map((g) => g.id), fromWoff.layout(text).glyphs.map((g) => g.id));
    assert.equal(fromSfnt.layout(text).advanceWidth, fromWoff.layout(text).advanceWidth);
  });

  it("refuses anything that is not WOFF 1.0", () => {
    assert.throws(() => woffToSfnt(Buffer.from("wOF2\0\0\0\0\0\0\0\0\0\0\0\0")), /not a WOFF 1.0 file/);
  });
});
