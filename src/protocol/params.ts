/**
 * Flattened parameters (GET query, signature-v1 form, multipart fields) arrive as dotted string keys:
 * `Operator.UserId`, `SubTaskIds.0`, `RegistrationOrganizations.0.AuthorizationTypes.0`. This module rebuilds
 * them into nested values and, guided by the action's JSON Schema, turns strings into the declared types.
 */
import { errors, type EssError } from "../domain/errors.ts";

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  [key: string]: unknown;
};

type Tree = { [key: string]: Tree | string };

// Names like `__proto__` or `toString` must stay plain own keys (later refused as unknown), never reach a
// prototype: read only own properties and write with defineProperty.
const own = (node: Record<string, unknown>, key: string): unknown => (Object.hasOwn(node, key) ? node[key] : undefined);
const put = (node: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
};
const newTree = (): Tree => ({});

/**
 * How deeply a flattened name may nest. The deepest parameter any action declares has 4 levels
 * (`RegistrationOrganizations.0.AuthorizationTypes.0`); a name thousands of levels deep (10 KB is within the size
 * limits) is refused by name before anything walks it, so neither rebuilding nor validating recurses that deep.
 */
export const MAX_PARAMETER_DEPTH = 16;

export function unflatten(pairs: Iterable<[string, string]>): Record<string, unknown> {
  const root = newTree();
  for (const [key, value] of pairs) {
    const parts = key.split(".", MAX_PARAMETER_DEPTH + 1);
    if (parts.length > MAX_PARAMETER_DEPTH) throw tooDeep(key);
    if (parts.some((p) => p === "")) throw errors.invalidParameter({ name: key, why: { zh: "参数名不合法。", en: "the parameter name is malformed." } });
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const existing = own(node, parts[i]);
      if (typeof existing === "string") throw conflict(parts.slice(0, i + 1).join("."));
      if (existing === undefined) put(node, parts[i], newTree());
      node = own(node, parts[i]) as Tree;
    }
    const last = parts[parts.length - 1];
    if (Object.hasOwn(node, last)) throw conflict(key);
    put(node, last, value);
  }
  return root;
}

const tooDeep = (name: string): EssError =>
  errors.invalidParameter({
    name: name.length > 64 ? `${name.slice(0, 64)}…` : name,
    why: { zh: `参数名嵌套超过 ${MAX_PARAMETER_DEPTH} 层。`, en: `the name nests more than ${MAX_PARAMETER_DEPTH} levels deep.` },
  });

const conflict = (name: string): EssError =>
  errors.invalidParameter({ name, why: { zh: "参数重复或与其子参数冲突。", en: "it is given twice or together with its members." } });

/** Follows a JSON Schema to the node describing `path`, looking through `anyOf` (optional/nullable wrappers). */
export function schemaAt(schema: JsonSchema | undefined, path: ReadonlyArray<string | number>): JsonSchema | undefined {
  let node = unwrap(schema);
  for (const part of path) {
    if (!node) return undefined;
    const member = node.properties && Object.hasOwn(node.properties, part) ? node.properties[part] : undefined;
    node = unwrap(typeof part === "number" || /^\d+$/.test(String(part)) ? (node.items ?? member) : member);
  }
  return node;
}

function unwrap(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema?.anyOf) return schema;
  return schema.anyOf.find((s) => s.type !== "null") ?? schema;
}

const typeOf = (schema: JsonSchema | undefined): string | undefined =>
  Array.isArray(schema?.type) ? schema.type.find((t) => t !== "null") : schema?.type;

/**
 * Converts a flattened tree to the types the schema declares. Anything it cannot convert is left as it is,
 * so the schema's own validation reports it with the parameter's name.
 */
export function coerceFlattened(schema: JsonSchema | undefined, value: unknown): unknown {
  const node = unwrap(schema);
  const type = typeOf(node);
  if (typeof value === "string") {
    // Node's SDK sends `Key=` for undefined members; an empty scalar means "not given" (docs/compatibility.md).
    if (value === "" && (type !== "string" || Array.isArray(node?.enum))) return undefined;
    if (type === "integer" || type === "number") return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (type === "boolean") {
      const lower = value.toLowerCase();
      return lower === "true" ? true : lower === "false" ? false : value;
    }
    return value;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (type === "array") {
      if (!entries.every(([k]) => /^\d+$/.test(k))) return value;
      return entries
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, v]) => coerceFlattened(node?.items, v));
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const coerced = coerceFlattened(node?.properties && Object.hasOwn(node.properties, k) ? node.properties[k] : undefined, v);
      if (coerced !== undefined) put(out, k, coerced);
    }
    return out;
  }
  return value;
}
