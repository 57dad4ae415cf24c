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
  const { literals, names } = parsedTemplate(template);
  let path = literals[0]!;
  for (let i = 0; i < names.length; i++) {
    const value = values[names[i]!];
    if (value === undefined || value === "") throw new Error(`pathWith(${template}): no value for :${names[i]}`);
    path += encodeURIComponent(wellFormed(String(value))) + literals[i + 1];
  }
  let query = "";
  for (const name of Object.keys(values)) {
    const value = values[name];
    if (value === undefined || names.includes(name)) continue;
    query += `${query ? "&" : "?"}${encodeURIComponent(name)}=${(options.readable?.includes(name) ? readableValue : strictValue)(String(value))}`;
  }
  return `${options.base ?? ""}${path}${query}`;
}

/** A template split once around its `:name` segments: literals[0] name[0] literals[1] … (templates are few, fixed). */
interface Template {
  literals: string[];
  names: string[];
}
const templates = new Map<string, Template>();
function parsedTemplate(template: string): Template {
  let parsed = templates.get(template);
  if (!parsed) {
    parsed = { literals: [], names: [] };
    let last = 0;
    for (const match of template.matchAll(/:([A-Za-z_]\w*)/g)) {
      parsed.literals.push(template.slice(last, match.index));
      parsed.names.push(match[1]!);
      last = match.index + match[0].length;
    }
    parsed.literals.push(template.slice(last));
    if (templates.size >= 1000) templates.clear();
    templates.set(template, parsed);
  }
  return parsed;
}

/** A URL with every character outside printable ASCII percent-encoded, as a Location header needs. */
export const asciiUrl = (url: string): string => wellFormed(url).replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));

/** encodeURIComponent throws on a lone surrogate: such a character becomes U+FFFD first. */
const wellFormed = (text: string): string => (/[\ud800-\udfff]/.test(text) ? text.replace(/\p{Cs}/gu, "\ufffd") : text);
const strictValue = (text: string): string => encodeURIComponent(wellFormed(text));
/** The ASCII that encodeURIComponent encodes; everything from U+0080 on stays as it is (readable). */
const ASCII_TO_ENCODE = /[^A-Za-z0-9\-_.!~*'()\u0080-\uffff]/g;
// One regular expression pass, not an array of characters: a task's 50 links carry 50 enterprise names.
const readableValue = (text: string): string => wellFormed(text).replace(ASCII_TO_ENCODE, (c) => encodeURIComponent(c));
