/** Link forms of the batch family (reference §6.4, §6.6, §6.9, §8), all on essd's public URL. */
import { pathWith } from "../../platform/url.ts";

/** ess's forms; essbasic adds CHANNEL (an http link that opens the mini-program, here the same pages). */
export type RegistrationEndpoint = "PC" | "CHANNEL" | "SHORT_URL" | "APP" | "H5" | "SHORT_H5";
export type BatchLinkEndpoint = "HTTP" | "HTTP_SHORT_URL" | "APP" | "QR_CODE";

export const BATCH_SUBMIT_TARGET = "AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT";
export const BATCH_REGISTER_TARGET = "REGISTER_ENTERPRISE_FOR_BATCH";

/** The enterprise name goes into a query raw like the official examples (Chinese stays readable). */
const READABLE_NAME = { readable: ["orgName"] } as const;

/** A sub-task's registration link in the form its task's `Endpoint` asked for. */
export function registrationUrl(publicUrl: string, endpoint: RegistrationEndpoint, link: { token: string; shortCode: string }, orgName: string): string {
  switch (endpoint) {
    case "PC":
      return pathWith("/console/batch-register", { token: link.token, orgName }, { base: publicUrl, ...READABLE_NAME });
    case "APP":
      return pathWith("/pages/guide/index", { to: BATCH_REGISTER_TARGET, urlAuthToken: link.token, orgName }, READABLE_NAME);
    case "CHANNEL":
      return pathWith("/jump-mp.html", { to: BATCH_REGISTER_TARGET, urlAuthToken: link.token, orgName }, { base: publicUrl, ...READABLE_NAME });
    case "H5":
      return pathWith("/h5/batch-register", { token: link.token, orgName }, { base: publicUrl, ...READABLE_NAME });
    case "SHORT_URL":
    case "SHORT_H5":
      return shortUrl(publicUrl, link.shortCode);
  }
}

/** The single batch-authorization link of CreateBatchOrganizationAuthorizationUrl. */
export function batchAuthorizationUrl(publicUrl: string, endpoint: BatchLinkEndpoint, link: { token: string; shortCode: string; shortKey: string }): string {
  switch (endpoint) {
    case "HTTP":
      return batchAuthorizationLongUrl(publicUrl, link.shortKey);
    case "HTTP_SHORT_URL":
      return shortUrl(publicUrl, link.shortCode);
    case "APP":
      return pathWith("pages/guide/index", { to: BATCH_SUBMIT_TARGET, shortKey: link.shortKey });
    case "QR_CODE":
      return pathWith(QR_IMAGE_PATH, { file: `${link.token}.png` }, { base: publicUrl });
  }
}

export const batchAuthorizationLongUrl = (publicUrl: string, shortKey: string): string =>
  pathWith("/jump-mp.html", { to: BATCH_SUBMIT_TARGET, shortKey }, { base: publicUrl });

/** The route of the QR images of batch links (`:file` is `<token>.png`). */
export const QR_IMAGE_PATH = `/imgs/qrcode_urls/${BATCH_SUBMIT_TARGET.toLowerCase()}/:file`;

/** A `/s/<code>` short link, which redirects to the long form of its link. */
export const shortUrl = (publicUrl: string, shortCode: string): string => pathWith("/s/:code", { code: shortCode }, { base: publicUrl });
