/**
 * Every page, link and control route essd mounts, read from fastify's own route tree (so a route added later is
 * fuzzed without anyone listing it here), and hostile requests to them: random tokens in every path parameter,
 * repeated and unknown query parameters, junk forms and JSON.
 */
import type { Random } from "./random.ts";

export interface Route {
  path: string;
  methods: string[];
}

/** Parses `app.printRoutes({ commonPrefix: false })`: each line is a segment below the line it is indented under. */
export function routesOf(printed: string): Route[] {
  const routes: Route[] = [];
  const stack: Array<{ depth: number; path: string }> = [];
  for (const line of printed.split("\n")) {
    const match = /^([\s│]*)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length;
    while (stack.length && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const parent = stack[stack.length - 1]?.path;
    const segment = match[2]!;
    const full = parent === undefined ? segment : parent === "/" && !segment.startsWith("/") ? `/${segment}` : parent + segment;
    stack.push({ depth, path: full });
    if (match[3]) routes.push({ path: full, methods: match[3].split(", ") });
  }
  return routes.filter((r) => r.path !== "/" && !r.path.endsWith("*"));
}

const JUNK_TOKENS = ["", "a", "..", "..%2f..%2fetc%2fpasswd", "%ff", "%00", "%E4%B8", "%E7%95%8C%E9%9D%A2", "'%20OR%20'1'%3D'1", "x.png", "%2e%2e", "null", "undefined", "__proto__", "constructor"];
const QUERY_NAMES = ["lang", "token", "shortKey", "to", "verifyToken", "Code", "sent", "welcome", "done", "org", "flow", "limit", "mobile", "purpose", "__proto__", "constructor"];

/** A path with every `:param` replaced by a random token (one of `known` now and then: real links reach deeper code). */
export function hostilePath(route: Route, random: Random, known: string[]): string {
  const path = route.path.replace(/:[A-Za-z]+/g, () => {
    const roll = random.int(10);
    if (roll < 3 && known.length) return encodeURIComponent(random.pick(known));
    if (roll < 6) return random.text(random.pick([8, 16, 32, 43, 64]));
    if (roll < 7) return random.text(random.pick([500, 5_000]));
    return random.pick(JUNK_TOKENS);
  });
  const query: string[] = [];
  for (let n = random.int(4); n > 0; n--) {
    const name = random.pick(QUERY_NAMES);
    const value = random.chance(0.3) && known.length ? encodeURIComponent(random.pick(known)) : random.pick([random.text(8), "", "%ff", "1", "AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT", "en", "zh"]);
    query.push(`${name}=${value}`);
    if (random.chance(0.3)) query.push(`${name}=${random.text(4)}`);
  }
  return query.length ? `${path}?${query.join("&")}` : path;
}

/** A form body a page might receive: its fields, repeated, missing, huge or undecodable. */
export function hostileForm(random: Random): string {
  const fields = ["csrf", "mobile", "code", "token", "decision", "reason", "amount", "organizationName", "creditCode"];
  const out: string[] = [];
  for (let n = random.int(6); n > 0; n--) {
    const value = random.pick([random.text(8), "", "%ff", "13800000000", "123456", "1.00", "approve", "x".repeat(random.int(20_000)), "界"]);
    out.push(`${random.pick(fields)}=${value}`);
  }
  return out.join("&");
}
