import assert from "node:assert/strict";
import { describe, it } from "node:test";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import { qrPng } from "./qr-png.ts";

// jsqr is CommonJS: under NodeNext its ES default export is `.default` of the CommonJS module.
const jsQR = jsQRModule.default;

describe("qrPng", () => {
  const url = "http://127.0.0.1:8080/jump-mp.html?to=AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT&shortKey=yDS4UUgygqdcj56UuO4zjExBQcOiB68x";

  it("is a grayscale PNG whose QR code holds the URL", async () => {
    const image = await qrPng(url);
    // IHDR: 8-byte signature, 4-byte length, "IHDR", width, height, bit depth (byte 24), colour type (byte 25).
    assert.equal(image.subarray(12, 16).toString("latin1"), "IHDR");
    assert.equal(image[25], 0, "colour type 0: grayscale, a quarter of RGBA's pixels to deflate and send");
    const png = PNG.sync.read(image);
    assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, url);
  });

  it("renders each image with options of its own (qrcode writes the size into them)", async () => {
    const short = PNG.sync.read(await qrPng("http://x/s/a"));
    const long = PNG.sync.read(await qrPng(`${url}&${"p".repeat(200)}`));
    assert.ok(long.width > short.width, "a longer URL needs more modules");
    assert.equal(jsQR(new Uint8ClampedArray(short.data), short.width, short.height)?.data, "http://x/s/a");
  });
});
