/**
 * A plain A4 PDF of headings and paragraphs in Chinese and Latin text, rendered with pdf-lib and the Noto Sans SC
 * font that `npm ci` installs (@fontsource/noto-sans-sc's simplified-Chinese WOFF, which also covers Latin, digits
 * and CJK punctuation): never a system font, so any fresh machine renders the same bytes. Only the glyphs used are
 * embedded (subset), with a ToUnicode map, so the text can be searched and extracted.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { PDFFont } from "pdf-lib";
import { woffToSfnt } from "./woff-to-sfnt.ts";

export type PdfBlock = { kind: "title"; text: string } | { kind: "paragraph"; text: string } | { kind: "field"; label: string; text: string } | { kind: "gap" };

const FONT_FILE = "@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff";
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 64;
const SIZES = { title: 20, body: 12 } as const;
const LINE_GAP = 1.6;

let fontBytes: Promise<Buffer> | undefined;
/** Read and unpacked once per process: about 4 MB of OpenType that every document subsets. */
const loadFont = () => (fontBytes ??= readFile(createRequire(import.meta.url).resolve(FONT_FILE)).then(woffToSfnt));

/**
 * pdf-lib and fontkit are loaded on the first document, not at start: fontkit alone unpacks its Brotli tables when
 * loaded (≈ 0.2 s of CPU and megabytes of heap), which every `essd` start paid for a file few runs ever render.
 */
type Fontkit = Parameters<import("pdf-lib").PDFDocument["registerFontkit"]>[0];
let libraries: Promise<[typeof import("pdf-lib"), Fontkit]> | undefined;
// fontkit is a CommonJS (UMD) module: its `module.exports` arrives as the default export.
const loadLibraries = () => (libraries ??= Promise.all([import("pdf-lib"), import("@pdf-lib/fontkit").then((m) => (m as unknown as { default: Fontkit }).default)]));

export async function renderPdf(blocks: readonly PdfBlock[], meta: { title: string; createdAt: Date }): Promise<Uint8Array> {
  const [{ PDFDocument, rgb }, fontkit] = await loadLibraries();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await loadFont(), { subset: true });
  // Fixed metadata from the caller's clock, so one document always renders to the same bytes.
  doc.setTitle(meta.title);
  doc.setProducer("essd");
  doc.setCreator("essd");
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);

  let page = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const width = A4.width - 2 * MARGIN;
  const draw = (line: string, size: number, x = MARGIN) => {
    if (y - size * LINE_GAP < MARGIN) {
      page = doc.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN;
    }
    y -= size * LINE_GAP;
    page.drawText(line, { x, y, size, font, color: rgb(0, 0, 0) });
  };

  for (const block of blocks) {
    switch (block.kind) {
      case "title": {
        const w = font.widthOfTextAtSize(block.text, SIZES.title);
        draw(block.text, SIZES.title, MARGIN + Math.max(0, (width - w) / 2));
        y -= SIZES.body;
        break;
      }
      case "paragraph":
        for (const line of wrap(block.text, font, SIZES.body, width)) draw(line, SIZES.body);
        break;
      case "field":
        for (const line of wrap(`${block.label}：${block.text}`, font, SIZES.body, width)) draw(line, SIZES.body);
        break;
      case "gap":
        y -= SIZES.body;
        break;
    }
  }
  return doc.save({ useObjectStreams: false });
}

/**
 * Breaks text into lines that fit `width`: at any character, since Chinese has no spaces between words. Widths are
 * measured per character and cached: measuring whole strings shapes them with the full CJK font each time, which
 * costs tens of milliseconds a call; this text needs no shaping (no ligatures or kerning in a letter's CJK lines).
 */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const widths = new Map<string, number>();
  const widthOf = (ch: string) => widths.get(ch) ?? widths.set(ch, font.widthOfTextAtSize(ch, size)).get(ch)!;
  const lines: string[] = [];
  let line = "";
  let lineWidth = 0;
  for (const ch of text) {
    const w = widthOf(ch);
    if (line && lineWidth + w > width) {
      lines.push(line);
      [line, lineWidth] = ch.trim() ? [ch, w] : ["", 0];
    } else {
      line += ch;
      lineWidth += w;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}
