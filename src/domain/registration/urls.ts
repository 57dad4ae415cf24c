/** Link forms of the batch family (reference §6.4, §6.6, §6.9, §8), all on essd's public URL. */

export type RegistrationEndpoint = "PC" | "SHORT_URL" | "APP" | "H5" | "SHORT_H5";
export type BatchLinkEndpoint = "HTTP" | "HTTP_SHORT_URL" | "APP" | "QR_CODE";

export const BATCH_SUBMIT_TARGET = "AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT";
export const BATCH_REGISTER_TARGET = "REGISTER_ENTERPRISE_FOR_BATCH";

/**
 * The enterprise name as it goes into a query: raw like the official examples (Chinese stays readable), except
 * the characters that would end or corrupt the parameter.
 */
const queryValue = (text: string): string => text.replace(/[%&#+=?\s]/g, (c) => encodeURIComponent(c));

/** A sub-task's registration link in the form its task's `Endpoint` asked for. */
export function registrationUrl(publicUrl: string, endpoint: RegistrationEndpoint, link: { token: string; shortCode: string }, orgName: string): string {
  switch (endpoint) {
    case "PC":
      return `${publicUrl}/console/batch-register?token=${link.token}&orgName=${queryValue(orgName)}`;
    case "APP":
      return `/pages/guide/index?to=${BATCH_REGISTER_TARGET}&urlAuthToken=${link.token}&orgName=${queryValue(orgName)}`;
    case "H5":
      return `${publicUrl}/h5/batch-register?token=${link.token}&orgName=${queryValue(orgName)}`;
    case "SHORT_URL":
    case "SHORT_H5":
      return `${publicUrl}/s/${link.shortCode}`;
  }
}

/** The single batch-authorization link of CreateBatchOrganizationAuthorizationUrl. */
export function batchAuthorizationUrl(publicUrl: string, endpoint: BatchLinkEndpoint, link: { token: string; shortCode: string; shortKey: string }): string {
  switch (endpoint) {
    case "HTTP":
      return batchAuthorizationLongUrl(publicUrl, link.shortKey);
    case "HTTP_SHORT_URL":
      return `${publicUrl}/s/${link.shortCode}`;
    case "APP":
      return `pages/guide/index?to=${BATCH_SUBMIT_TARGET}&shortKey=${link.shortKey}`;
    case "QR_CODE":
      return `${publicUrl}/imgs/qrcode_urls/${BATCH_SUBMIT_TARGET.toLowerCase()}/${link.token}.png`;
  }
}

export const batchAuthorizationLongUrl = (publicUrl: string, shortKey: string): string =>
  `${publicUrl}/jump-mp.html?to=${BATCH_SUBMIT_TARGET}&shortKey=${shortKey}`;
