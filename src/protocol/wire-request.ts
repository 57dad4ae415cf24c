/** An API request as it arrived, independent of the HTTP framework that received it. */
export interface WireRequest {
  method: string;
  /** Path and query exactly as sent (`/?Action=…`). */
  rawUrl: string;
  /** Lower-case header names; repeated headers joined as Node joins them. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

export function rawQuery(rawUrl: string): string {
  const at = rawUrl.indexOf("?");
  return at === -1 ? "" : rawUrl.slice(at + 1);
}

/** Decodes `a=1&b=%E4` into ordered pairs; `+` means space, as every form encoder writes it. */
export function decodeForm(encoded: string): Array<[string, string]> {
  return [...new URLSearchParams(encoded)];
}

export const mediaType = (contentType: string | undefined): string => (contentType ?? "").split(";")[0].trim().toLowerCase();
