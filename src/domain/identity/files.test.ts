import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkBase64File, detectFileType, formatSize, type FileType } from "./files.ts";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("IHDR....rest")]);
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF")]);
const PDF = Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n");
const b64 = (bytes: Buffer) => bytes.toString("base64");
const IMAGES: FileType[] = ["png", "jpg"];
const ANY: FileType[] = ["png", "jpg", "pdf"];
const MB = 1024 * 1024;

type Row = { input: string; allowed: FileType[]; max: number; type?: FileType; reason?: RegExp; why: string };

const rows: Row[] = [
  // Detection by magic bytes.
  { input: b64(PNG), allowed: IMAGES, max: 5 * MB, type: "png", why: "PNG" },
  { input: b64(JPG), allowed: IMAGES, max: 5 * MB, type: "jpg", why: "JPEG" },
  { input: b64(PDF), allowed: ANY, max: 8 * MB, type: "pdf", why: "PDF" },
  { input: b64(PDF), allowed: IMAGES, max: 5 * MB, reason: /不支持PDF文件，仅支持PNG\/JPG/, why: "PDF where only images are allowed" },
  { input: b64(PNG), allowed: ["pdf"], max: 5 * MB, reason: /不支持PNG文件，仅支持PDF/, why: "PNG where only PDF is allowed" },
  { input: b64(Buffer.from("GIF89a......")), allowed: ANY, max: MB, reason: /无法识别的文件类型，仅支持PNG\/JPG\/PDF/, why: "GIF" },
  { input: b64(PNG.subarray(0, 7)), allowed: ANY, max: MB, reason: /无法识别/, why: "truncated PNG signature" },
  { input: b64(Buffer.from([0xff, 0xd8])), allowed: ANY, max: MB, reason: /无法识别/, why: "truncated JPEG signature" },
  { input: b64(Buffer.from(" %PDF-1.4")), allowed: ANY, max: MB, reason: /无法识别/, why: "%PDF- not at offset 0" },
  { input: b64(Buffer.from("%PDF1.4")), allowed: ANY, max: MB, reason: /无法识别/, why: "%PDF without the dash" },
  // Official doc examples are base64 text, not files.
  { input: "6JCl5Lia5omn54Wn5q2j6Z2i54Wn", allowed: IMAGES, max: 5 * MB, reason: /无法识别/, why: "BusinessLicense doc example" },
  { input: "5o6I5p2D5LmmKFBOR+aIlkpQR+aIllBERikgYmFzZTY05qC85byP", allowed: ANY, max: 8 * MB, reason: /无法识别/, why: "PowerOfAttorneys doc example" },
  // Data URL prefix (decision: accepted, declared mime ignored).
  { input: `data:image/png;base64,${b64(PNG)}`, allowed: IMAGES, max: MB, type: "png", why: "data URL" },
  { input: `data:image/jpeg;base64,${b64(PNG)}`, allowed: IMAGES, max: MB, type: "png", why: "data URL with a wrong mime" },
  { input: `DATA:application/pdf;name=a.pdf;base64,${b64(PDF)}`, allowed: ANY, max: MB, type: "pdf", why: "data URL with a parameter" },
  { input: `data:image/png,${b64(PNG)}`, allowed: IMAGES, max: MB, reason: /不是有效的base64编码/, why: "data URL without ;base64" },
  // Alphabet, padding, line breaks.
  { input: b64(PNG).replace(/(.{8})/g, "$1\r\n"), allowed: IMAGES, max: MB, type: "png", why: "CRLF line breaks ignored" },
  { input: b64(PNG).replace(/(.{4})/g, "$1\n"), allowed: IMAGES, max: MB, type: "png", why: "LF line breaks ignored" },
  { input: b64(PNG).replace(/(.{8})/, "$1 "), allowed: IMAGES, max: MB, reason: /base64/, why: "space refused" },
  { input: b64(JPG).replace(/\//g, "_").replace(/\+/g, "-"), allowed: IMAGES, max: MB, reason: /非法字符/, why: "URL-safe alphabet" },
  { input: b64(JPG).replace(/=+$/, ""), allowed: IMAGES, max: MB, reason: /长度须为4的倍数/, why: "padding stripped" },
  { input: "/9j/4A==AAAA", allowed: IMAGES, max: MB, reason: /非法字符/, why: "padding in the middle" },
  { input: "/9j/4===", allowed: IMAGES, max: MB, reason: /非法字符/, why: "three padding characters" },
  { input: "====", allowed: IMAGES, max: MB, reason: /非法字符/, why: "padding only" },
  { input: "/9j/４AAA", allowed: IMAGES, max: MB, reason: /非法字符/, why: "full-width digit" },
  // Empty.
  { input: "", allowed: IMAGES, max: MB, reason: /文件内容为空/, why: "empty" },
  { input: "data:image/png;base64,", allowed: IMAGES, max: MB, reason: /文件内容为空/, why: "empty data URL" },
  { input: "\r\n", allowed: IMAGES, max: MB, reason: /文件内容为空/, why: "line break only" },
];

describe("checkBase64File", () => {
  for (const row of rows) {
    it(`${row.why} → ${row.type ?? "refused"}`, () => {
      const result = checkBase64File(row.input, row.allowed, row.max);
      if (row.type) {
        assert.ok(result.ok, JSON.stringify(result));
        assert.equal(result.type, row.type);
      } else {
        assert.ok(!result.ok, "expected a refusal");
        assert.match(result.reason.zh, row.reason!);
        assert.match(result.reason.en, /^(the file|[A-Z]{3} files)/);
      }
    });
  }

  it("returns the decoded bytes", () => {
    const result = checkBase64File(b64(PDF), ANY, MB);
    assert.ok(result.ok);
    assert.deepEqual(result.bytes, PDF);
  });

  describe("size limit on the decoded bytes", () => {
    for (const [size, max, ok] of [
      [100, 100, true],
      [101, 100, false],
      [99, 100, true],
      [98, 100, true],
      [5 * MB, 5 * MB, true],
      [5 * MB + 1, 5 * MB, false],
    ] as const) {
      it(`${size} bytes with a ${max}-byte limit → ${ok ? "ok" : "refused"}`, () => {
        const bytes = Buffer.alloc(size, 0x41);
        PNG.copy(bytes);
        const result = checkBase64File(b64(bytes), IMAGES, max);
        assert.equal(result.ok, ok, JSON.stringify(!result.ok && result.reason));
        if (!result.ok) assert.equal(result.reason.zh, `文件大小${formatSize(size)}超过上限${formatSize(max)}`);
      });
    }

    it("names both sizes", () => {
      const result = checkBase64File(b64(Buffer.alloc(6 * MB, 0x89)), IMAGES, 5 * MB);
      assert.deepEqual(result, {
        ok: false,
        reason: { zh: "文件大小6 MB超过上限5 MB", en: "the file is 6 MB, more than the 5 MB limit" },
      });
    });

    it("refuses an oversized upload from its length alone, before looking at the characters", () => {
      // 16 M characters of '!' (12 MB once decoded) is not base64 at all; the size verdict comes first, so nothing is scanned or decoded.
      const result = checkBase64File("!".repeat(16 * MB), ANY, 8 * MB);
      assert.ok(!result.ok);
      assert.match(result.reason.zh, /文件大小12 MB超过上限8 MB/);
    });
  });

  it("formatSize", () => {
    assert.equal(formatSize(5 * MB), "5 MB");
    assert.equal(formatSize(1536), "1.5 KB");
    assert.equal(formatSize(100), "100 B");
    assert.equal(formatSize(MB + 1), "1048577 B");
    assert.equal(formatSize(8 * MB), "8 MB");
  });

  it("detectFileType", () => {
    assert.equal(detectFileType(PNG), "png");
    assert.equal(detectFileType(JPG), "jpg");
    assert.equal(detectFileType(PDF), "pdf");
    assert.equal(detectFileType(new Uint8Array()), undefined);
  });
});
