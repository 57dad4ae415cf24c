/**
 * The one way essd builds a URL from data (pages, redirects, links handed out, form actions, QR targets), so a
 * token, id or name can never end a path segment or a query value early, whatever it holds.
 */

export type UrlValues = Readonly<Record<string, string | number | undefined>>;

export interface UrlOptions {
  /** Put in front of the path: essd's public URL for links that leave essd. */
  base?: string;
  /**
   * Query values kept readable like Tencent's own links (an enterprise name stays Chinese): only ASCII that would
   * end or corrupt the value is encoded. A Location header encodes the rest (see `asciiUrl`).
   */
  readable?: readonly string[];
}

/**
 * `template` is a route pattern: each `:name` segment takes `values[name]`, encoded as one path segment; every
 * other defined value becomes a query parameter, in the order given. `pathWith("/h5/auth/:token", { token, sent: 1 })`
 * is `/h5/auth/<token>?sent=1`.
 */
export function pathWith(template: string, values: UrlValues = {}, options: UrlOptions = {}): string {
  const inPath = new Set<string>();
  const path = template.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === "") throw new Error(`pathWith(${template}): no value for :${name}`);
    inPath.add(name);
    return encodeURIComponent(wellFormed(String(value)));
  });
  const readable = new Set(options.readable);
  const query = Object.entries(values)
    .filter(([name, value]) => value !== undefined && !inPath.has(name))
    .map(([name, value]) => `${encodeURIComponent(name)}=${(readable.has(name) ? readableValue : strictValue)(String(value))}`);
  return `${options.base ?? ""}${path}${query.length ? `?${query.join("&")}` : ""}`;
}

/** A URL with every character outside printable ASCII percent-encoded, as a Location header needs. */
export const asciiUrl = (url: string): string => wellFormed(url).replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));

/** encodeURIComponent throws on a lone surrogate: such a character becomes U+FFFD first. */
const wellFormed = (text: string): string => text.replace(/\p{Cs}/gu, "\ufffd");
const strictValue = (text: string): string => encodeURIComponent(wellFormed(text));
const readableValue = (text: string): string => Array.from(wellFormed(text), (c) => (c.charCodeAt(0) > 0x7f ? c : encodeURIComponent(c))).join("");
