/** The forms of an initialisation link (CreateBatchInitOrganizationUrl), all on essd's public URL. */
import { pathWith } from "../platform/url.ts";
import { shortUrl } from "./registration/urls.ts";

export const BATCH_INIT_TARGET = "BATCH_INITIALIZATION_ORGANIZATIONS";
/** The page the admin operates on. */
export const BATCH_INIT_PAGE = "/h5/batch-init/:token";
/** `QRCodeUrl`: `:file` is `<token>.png`. */
export const BATCH_INIT_QR_PATH = `/imgs/qrcode_urls/${BATCH_INIT_TARGET.toLowerCase()}/:file`;

export const batchInitPageUrl = (publicUrl: string, token: string): string => pathWith(BATCH_INIT_PAGE, { token }, { base: publicUrl });

export function batchInitForms(publicUrl: string, link: { token: string; shortCode: string; shortKey: string }) {
  return {
    MiniAppPath: pathWith("pages/guide/index", { to: BATCH_INIT_TARGET, shortKey: link.shortKey }),
    OperateLongUrl: pathWith("/jump-mp.html", { to: BATCH_INIT_TARGET, shortKey: link.shortKey }, { base: publicUrl }),
    OperateShortUrl: shortUrl(publicUrl, link.shortCode),
    QRCodeUrl: pathWith(BATCH_INIT_QR_PATH, { file: `${link.token}.png` }, { base: publicUrl }),
  };
}
