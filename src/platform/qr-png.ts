/**
 * A link's QR image as PNG, the one rendering every page uses. The qrcode package (and pngjs under it) is loaded
 * with the first image, not at start: most runs render none, and loading it cost ≈ 3 % of a start's CPU.
 */
type QRCode = typeof import("qrcode");
let qrcode: Promise<QRCode> | undefined;

export async function qrPng(url: string): Promise<Buffer> {
  // A CommonJS package: its exports arrive as the default export.
  const QRCode = await (qrcode ??= import("qrcode").then((m) => (m as QRCode & { default?: QRCode }).default ?? m));
  return QRCode.toBuffer(url, { type: "png", margin: 2, scale: 6, rendererOpts: pngOptions() });
}

/**
 * Grayscale, deflated hard: the same pixels in 1.4 KB instead of qrcode's default RGBA 3.3 KB. An image is rendered
 * once per link and then served from memory, so every fetch after the first writes less. qrcode hands these to
 * pngjs (`colorType` is pngjs's, absent from qrcode's types) and writes the size into them: a fresh object each time.
 */
const pngOptions = () => ({ colorType: 0, deflateLevel: 9, deflateStrategy: 0 });
