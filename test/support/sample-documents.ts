/**
 * Files to upload in tests. Small but well-formed power-of-attorney files for browser tests: a browser really
 * decodes what the review console shows (an image, an embedded PDF), so the magic bytes alone are not enough there;
 * the API tests' uploads are just those magic bytes.
 */
import { PNG } from "pngjs";

/** A 240×320 "scanned page": white paper, grey text lines and a red round seal. */
export function powerOfAttorneyPng(): Buffer {
  const width = 240;
  const height = 320;
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const line = y > 40 && y < 220 && y % 24 < 5 && x > 24 && x < (y % 48 < 24 ? 216 : 170);
      const ring = Math.abs(Math.hypot(x - 170, y - 260) - 38) < 4;
      const [r, g, b] = ring ? [200, 30, 40] : line ? [150, 155, 165] : [252, 252, 250];
      png.data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

/** A one-page PDF with a line of text, with a correct cross-reference table. */
export function powerOfAttorneyPdf(): Buffer {
  const text = "BT /F1 18 Tf 72 720 Td (Power of attorney - essd sandbox) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** Base64 of a `size`-byte upload that starts with `magic`: essd types a file by its first bytes. */
export function upload(magic: number[] | string, size = 64): string {
  const bytes = Buffer.alloc(size, 0x20);
  Buffer.from(magic as never).copy(bytes);
  return bytes.toString("base64");
}
export const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Smallest uploads of each accepted type, Base64 as the API takes them. */
export const UPLOADS = { PNG: upload(PNG_MAGIC), JPG: upload([0xff, 0xd8, 0xff, 0xe0]), PDF: upload("%PDF-1.7\n") };
