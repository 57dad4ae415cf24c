/**
 * Base64-encoded uploads (`BusinessLicense`: PNG/JPG ≤ 5 MB; `PowerOfAttorneys[]`: PNG/JPG/PDF ≤ 8 MB,
 * reference §6.3). The type is decided by magic bytes only: PNG `89 50 4E 47 0D 0A 1A 0A`, JPEG `FF D8 FF`,
 * PDF `%PDF-`, each at offset 0.
 *
 * Decisions:
 * - Standard alphabet only (`A–Z a–z 0–9 + /`), padded to a multiple of 4; URL-safe `-_`, spaces and
 *   unpadded input are refused. CR/LF line breaks are ignored, as Go's `encoding/base64` (ESS's stack) does.
 * - A `data:<mime>;base64,` prefix is accepted and stripped (browsers' FileReader produces it); the declared
 *   mime type is ignored, the magic bytes decide. UNCONFIRMED whether ESS accepts the prefix.
 * - The size limit applies to the decoded bytes; it is computed from the length and padding, so an oversized
 *   upload is refused before the alphabet is scanned or anything is decoded.
 * - The official doc examples (`6JCl5Lia5omn54Wn5q2j6Z2i54Wn`…) are base64 text, not images, and are refused.
 */
import type { CheckReason } from "./credit-code.ts";

export type FileType = "png" | "jpg" | "pdf";
export type FileCheckResult = { ok: true; bytes: Buffer; type: FileType } | { ok: false; reason: CheckReason };

const LABEL: Record<FileType, string> = { png: "PNG", jpg: "JPG", pdf: "PDF" };
const MAGIC: Array<[FileType, number[]]> = [
  ["png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["jpg", [0xff, 0xd8, 0xff]],
  ["pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]],
];
const DATA_URL = /^data:[\w.+-]+\/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,/i;
const ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

const fail = (zh: string, en: string): FileCheckResult => ({ ok: false, reason: { zh, en } });

/** `5242880` → `5 MB`, `1536` → `1.5 KB`, `5242881` → `5242881 B`: a unit is used only when it is exact. */
export function formatSize(bytes: number): string {
  for (const [unit, name] of [[1024 * 1024, "MB"], [1024, "KB"]] as const) {
    const scaled = Number((bytes / unit).toFixed(2));
    if (bytes >= unit && scaled * unit === bytes) return `${scaled} ${name}`;
  }
  return `${bytes} B`;
}

/** The type announced by the first bytes, or `undefined`. */
export function detectFileType(bytes: Uint8Array): FileType | undefined {
  return MAGIC.find(([, magic]) => magic.every((b, i) => bytes[i] === b))?.[0];
}

export function checkBase64File(base64: string, allowed: FileType[], maxBytes: number): FileCheckResult {
  let text = base64.replace(DATA_URL, "");
  if (/[\r\n]/.test(text)) text = text.replace(/\r?\n|\r/g, "");
  if (text === "") return fail("文件内容为空", "the file is empty");
  if (text.length % 4 !== 0) {
    return fail("文件不是有效的base64编码：长度须为4的倍数", "the file is not valid base64: its length must be a multiple of 4");
  }
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const size = (text.length / 4) * 3 - padding;
  if (size > maxBytes) {
    return fail(
      `文件大小${formatSize(size)}超过上限${formatSize(maxBytes)}`,
      `the file is ${formatSize(size)}, more than the ${formatSize(maxBytes)} limit`,
    );
  }
  if (!ALPHABET.test(text)) {
    return fail(
      "文件不是有效的base64编码：含有非法字符（仅允许A-Z、a-z、0-9、+、/及末尾的=）",
      "the file is not valid base64: it contains characters outside A-Z, a-z, 0-9, +, / and trailing =",
    );
  }
  // Non-zero bits after the last full byte are tolerated, as Go's non-strict StdEncoding tolerates them.
  const bytes = Buffer.from(text, "base64");
  const type = detectFileType(bytes);
  const expected = allowed.map((t) => LABEL[t]).join("/");
  if (type === undefined) {
    return fail(`无法识别的文件类型，仅支持${expected}`, `the file type is not recognised; only ${expected} is accepted`);
  }
  if (!allowed.includes(type)) {
    return fail(`不支持${LABEL[type]}文件，仅支持${expected}`, `${LABEL[type]} files are not accepted here; only ${expected} is accepted`);
  }
  return { ok: true, bytes, type };
}
