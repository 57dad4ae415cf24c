/**
 * A link's QR image as PNG, the one rendering every page uses. The qrcode package (and pngjs under it) is loaded
 * with the first image, not at start: most runs render none, and loading it cost ≈ 3 % of a start's CPU.
 */
type QRCode = typeof import("qrcode");
let qrcode: Promise<QRCode> | undefined;

export async function qrPng(url: string): Promise<Buffer> {
  // A CommonJS package: its exports arrive as the default export.
  const QRCode = await (qrcode ??= import("qrcode").then((m) => (m as QRCode & { default?: QRCode }).default ?? m));
  return QRCode.toBuffer(url, { type: "png", margin: 2, scale: 6 });
}
