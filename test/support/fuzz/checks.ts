/** What every fuzzed answer must look like, as a problem description (undefined: the answer is fine). */

/** A stack trace, or a source position, in what a client sees. */
const STACK = /\n\s+at \S.*[(:]\d+|node:internal|\.(?:ts|js):\d+:\d+|Error: .*\n\s+at /;

/** The API always answers HTTP 200 with `{"Response": {..., "RequestId"}}` and a catalogued error, never InternalError. */
export function apiProblem(status: number, contentType: string | null, text: string): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 200)}`;
  if (contentType !== "application/json") return `Content-Type ${contentType}`;
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 200)}`;
  }
  const response = json?.Response;
  if (!response || typeof response.RequestId !== "string") return `no Response.RequestId: ${text.slice(0, 200)}`;
  if (response.Error !== undefined) {
    if (typeof response.Error?.Code !== "string" || typeof response.Error?.Message !== "string") return `malformed Error: ${text.slice(0, 200)}`;
    if (response.Error.Code.startsWith("InternalError")) return `${response.Error.Code}: ${response.Error.Message}`;
  }
  if (STACK.test(text)) return `a stack in: ${text.slice(0, 300)}`;
  return undefined;
}

/** Pages and links: a 4xx at worst, and nothing of essd's insides. */
export function pageProblem(status: number, text: string): string | undefined {
  if (status >= 500) return `HTTP ${status}: ${text.slice(0, 300)}`;
  if (STACK.test(text)) return `a stack in HTTP ${status}: ${text.slice(0, 300)}`;
  return undefined;
}

/** Control calls: a JSON answer, a 4xx at worst, never InternalError. */
export function controlProblem(status: number, text: string): string | undefined {
  const page = pageProblem(status, text);
  if (page) return page;
  if (/"Code":"InternalError/.test(text)) return `InternalError: ${text.slice(0, 300)}`;
  return undefined;
}
