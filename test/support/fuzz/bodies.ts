/**
 * Hostile request bodies for an action: a plausible body built from the action's own JSON Schema (so mutations
 * reach deep into what the action reads), then broken at random places — wrong types at any field, huge strings
 * and arrays, deep nesting, `__proto__`/`constructor` keys, lone surrogates, numbers JSON cannot hold — or broken
 * as a whole (invalid JSON, invalid UTF-8, another top-level type).
 */
import type { JsonSchema } from "../../../src/protocol/params.ts";
import type { Random } from "./random.ts";

/** JSON text no JSON.stringify produces, spliced in where a placeholder string stands. */
const RAW_NUMBERS = ["1e309", "-1e309", "1e-400", "123456789012345678901234567890", "-0", "9007199254740993", "0.1e1", "1E2"];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const put = (node: Record<string, Json>, key: string, value: Json) =>
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });

function unwrap(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema?.anyOf) return schema;
  return schema.anyOf.find((s) => s.type !== "null") ?? schema.anyOf[0];
}

/** A value the schema describes (or nearly), members required or picked at random. */
export function plausible(schema: JsonSchema | undefined, random: Random, depth = 0): Json {
  const node = unwrap(schema);
  if (!node || depth > 6) return random.text(4);
  if (Array.isArray(node.enum)) return random.pick(node.enum as Json[]);
  if (node.const !== undefined) return node.const as Json;
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== "null") : node.type;
  switch (type) {
    case "object": {
      const out: Record<string, Json> = {};
      const required = new Set((node.required as string[] | undefined) ?? []);
      for (const [name, member] of Object.entries(node.properties ?? {})) {
        if (required.has(name) || random.chance(0.5)) put(out, name, plausible(member, random, depth + 1));
      }
      return out;
    }
    case "array":
      return Array.from({ length: random.int(3) + 1 }, () => plausible(node.items, random, depth + 1));
    case "integer":
    case "number": {
      const min = typeof node.minimum === "number" ? node.minimum : 0;
      const max = typeof node.maximum === "number" ? node.maximum : min + 100;
      return min + random.int(Math.max(1, Math.min(max - min + 1, 1000)));
    }
    case "boolean":
      return random.chance(0.5);
    default:
      return random.pick(["示例科技有限公司", "91110000600037341L", "13800000000", "张三", random.text(8), "", " "]);
  }
}

/** A hostile replacement for any field; `raw` collects JSON text the placeholder stands for. */
function hostileValue(random: Random, raw: string[]): Json {
  const placeholder = (text: string) => {
    raw.push(text);
    return `@@RAW${raw.length - 1}@@`;
  };
  switch (random.int(16)) {
    case 0: return random.pick([0, -1, 1.5, 2 ** 31, -(2 ** 53), Number.MAX_SAFE_INTEGER]);
    case 1: return random.pick([true, false, null]);
    case 2: return random.pick(["", " ", "\u0000", "null", "true", "0", "-1", "1e309", "NaN", "Infinity"]);
    case 3: return [];
    case 4: return {};
    case 5: return "界".repeat(random.int(30_000));
    case 6: return Array.from({ length: random.int(5_000) }, () => "a");
    case 7: return placeholder(deep(random));
    case 8: {
      const out: Record<string, Json> = {};
      put(out, "__proto__", { polluted: "yes", toString: "x" });
      return out;
    }
    case 9: {
      const out: Record<string, Json> = {};
      put(out, "constructor", { prototype: { polluted: "yes" } });
      return out;
    }
    case 10: return random.pick(["\ud800", "\udfff", "a\ud83db", "\u202e\u200b", "😀".repeat(50), "\r\n\t<script>alert(1)</script>", "' OR 1=1 --", "%s%n%x", "../../etc/passwd"]);
    case 11: return placeholder(random.pick(RAW_NUMBERS));
    case 12: return Array.from({ length: random.int(50) }, () => ({}));
    case 13: return { UserId: random.text(random.int(64)), [random.text(6)]: random.text(3) };
    case 14: return random.text(random.int(300), "0123456789");
    default: return random.int(2) ? -1e308 : 5e-324;
  }
}

/** Nested arrays or objects thousands of levels deep, as JSON text. */
function deep(random: Random): string {
  const depth = 1_000 + random.int(4_000);
  return random.chance(0.5) ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

/** Every (parent, key) place a value could be replaced in `value`. */
function places(value: Json, out: Array<[Record<string, Json> | Json[], string | number]> = []) {
  if (Array.isArray(value)) value.forEach((item, i) => (out.push([value, i]), places(item, out)));
  else if (value && typeof value === "object") for (const key of Object.keys(value)) out.push([value, key]), places(value[key]!, out);
  return out;
}

const WHOLE_BODY = [
  '{"Operator": {"UserId": ',
  "[]",
  '"text"',
  "null",
  "12",
  "",
  "{}",
  "\ufeff{}",
  '{"Operator":{"UserId":"a"},"Operator":{"UserId":"b"}}',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  "{'single': 'quotes'}",
  '{"a":NaN}',
  '{"a":1,}',
];

/** Sets `value` at a dotted `path` of `body`, making the objects on the way. */
function setPath(body: Record<string, Json>, path: string, value: string): void {
  const parts = path.split(".");
  let node = body;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (!next || typeof next !== "object" || Array.isArray(next)) put(node, part, {});
    node = node[part] as Record<string, Json>;
  }
  put(node, parts[parts.length - 1]!, value);
}

/**
 * A hostile body for an action whose input schema is `schema`; most of the time it acts as `acting` says (dotted
 * names: `{"Operator.UserId": …}` for ess, `{"Agent.AppId": …}` for essbasic), so mutations get past the caller checks.
 */
export function hostileBody(schema: JsonSchema, acting: Record<string, string>, random: Random): Buffer {
  const roll = random.int(20);
  if (roll === 0) return Buffer.from(random.pick(WHOLE_BODY));
  if (roll === 1) return Buffer.concat([Buffer.from('{"Operator":{"UserId":"'), random.pick([Buffer.from([0xff, 0xfe]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xc3]), random.bytes(16)]), Buffer.from('"}}')]);
  if (roll === 2) return random.bytes(random.int(2_000));
  const body = plausible(schema, random) as Record<string, Json>;
  if (body && typeof body === "object" && !Array.isArray(body) && random.chance(0.9)) for (const [path, value] of Object.entries(acting)) setPath(body, path, value);
  const raw: string[] = [];
  for (let n = 1 + random.int(3); n > 0; n--) {
    const spots = places(body);
    const change = random.int(4);
    if (change === 0 || spots.length === 0) put(body, random.pick(["__proto__", "constructor", "toString", "hasOwnProperty", "Foo", random.text(5)]), hostileValue(random, raw));
    else {
      const [parent, key] = random.pick(spots);
      if (change === 1 && !Array.isArray(parent)) delete parent[key as string];
      else if (Array.isArray(parent)) parent[key as number] = hostileValue(random, raw);
      else put(parent, key as string, hostileValue(random, raw));
    }
  }
  let text = JSON.stringify(body);
  raw.forEach((json, i) => (text = text.replace(`"@@RAW${i}@@"`, () => json)));
  return Buffer.from(text);
}
