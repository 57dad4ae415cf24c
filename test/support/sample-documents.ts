/**
 * Small but well-formed power-of-attorney files for browser tests: a browser really decodes what the review
 * console shows (an image, an embedded PDF), so the magic bytes alone (review-flows.ts) are not enough there.
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
