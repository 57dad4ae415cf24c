/**
 * Where an implemented action's request schema, or a response it gave, differs from Tencent's spec: member names,
 * types, required flags, array-ness and nested structures. The schema-drift test runs `requestDrift` over every
 * action of the registry; test harnesses run `responseDrift` over every answer they see. A deliberate difference
 * is listed in schema-drift-allowed.json (and docs/compatibility.md); anything else fails.
 */
import { readFileSync } from "node:fs";
import type { RegisteredAction } from "./action.ts";
import type { JsonSchema } from "./params.ts";
import type { SpecFacts, SpecMember } from "./spec/index.ts";

export type DriftKind = "missing" | "extra" | "required" | "type";

export interface Drift {
  service: string;
  action: string;
  direction: "request" | "response";
  /** `Operator.UserId`, `Employees[].Mobile`. */
  path: string;
  kind: DriftKind;
  /** What the spec says and what essd has, for `type` and `required`. */
  spec?: string;
  essd?: string;
}

/** The spec's scalar and container types as JSON Schema names them. */
const JSON_TYPE: Record<string, string> = { string: "string", int: "integer", float: "number", bool: "boolean", object: "object", list: "array" };
/** Element types of scalar lists (`list` of `int64`…). */
const ELEMENT_TYPE: Record<string, string> = { string: "string", int64: "integer", uint64: "integer", int: "integer", integer: "integer", bool: "boolean", float: "number", double: "number" };

/** A schema under optional/nullable wrappers, with a union of literals read as their common type. */
function unwrap(schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  const variants = schema.anyOf?.filter((s) => s.type !== "null");
  if (!variants) return schema;
  if (variants.length === 1) return unwrap(variants[0]);
  const types = [...new Set(variants.map((v) => typeOf(v)))];
  return types.length === 1 && types[0] ? { type: types[0] } : schema;
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  const literals: unknown[] = "const" in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [];
  // Integer literals (`z.literal([1, 2])`) are written as type number: what they allow is integers.
  if (type === "number" && literals.length && literals.every((v) => Number.isInteger(v))) return "integer";
  if (type) return type;
  const literal = literals[0];
  if (typeof literal === "string") return "string";
  if (typeof literal === "boolean") return "boolean";
  if (typeof literal === "number") return Number.isInteger(literal) ? "integer" : "number";
  return undefined;
}

/** The drift of an implemented action's request schema from its spec structure. */
export function requestDrift(spec: SpecFacts, action: RegisteredAction): Drift[] {
  const at = { service: spec.service, action: action.name, direction: "request" as const };
  const facts = spec.actions[action.name];
  if (!facts) return [{ ...at, path: "", kind: "extra" }];
  const drifts: Drift[] = [];
  compareObject(spec, facts.input, action.jsonSchema, "", new Set(), (d) => drifts.push({ ...at, ...d }));
  return drifts;
}

type Report = (d: Pick<Drift, "path" | "kind" | "spec" | "essd">) => void;

function compareObject(spec: SpecFacts, structure: string, schema: JsonSchema, prefix: string, seen: ReadonlySet<string>, report: Report): void {
  const members = spec.objects[structure] ?? [];
  const node = unwrap(schema);
  const properties = node.properties ?? {};
  const required = new Set<string>((node.required as string[] | undefined) ?? []);
  const within = new Set([...seen, structure]);
  for (const member of members) {
    const path = `${prefix}${member.name}`;
    const ours = properties[member.name];
    if (!ours) {
      // A member the spec marks disabled is deprecated and hidden from Tencent's docs: essd need not take it.
      if (!member.disabled) report({ path, kind: "missing" });
      continue;
    }
    if (member.required !== required.has(member.name)) report({ path, kind: "required", spec: String(member.required), essd: String(required.has(member.name)) });
    compareMember(spec, member, ours, path, within, report);
  }
  const known = new Set(members.map((m) => m.name));
  for (const name of Object.keys(properties)) if (!known.has(name)) report({ path: `${prefix}${name}`, kind: "extra" });
}

function compareMember(spec: SpecFacts, member: SpecMember, schema: JsonSchema, path: string, seen: ReadonlySet<string>, report: Report): void {
  const node = unwrap(schema);
  const expected = JSON_TYPE[member.type] ?? member.type;
  const actual = typeOf(node) ?? "any";
  if (expected !== actual) {
    report({ path, kind: "type", spec: member.type === "list" ? `list of ${member.member}` : member.type, essd: actual });
    return;
  }
  const structure = spec.objects[member.member] && !seen.has(member.member) ? member.member : undefined;
  if (member.type === "object" && structure) compareObject(spec, structure, node, `${path}.`, seen, report);
  if (member.type === "list") {
    const items = unwrap(node.items);
    if (structure) {
      const itemType = typeOf(items) ?? "any";
      if (itemType !== "object") report({ path: `${path}[]`, kind: "type", spec: member.member, essd: itemType });
      else compareObject(spec, structure, items, `${path}[].`, seen, report);
    } else if (!spec.objects[member.member]) {
      const want = ELEMENT_TYPE[member.member] ?? member.member;
      const got = typeOf(items) ?? "any";
      if (want !== got) report({ path: `${path}[]`, kind: "type", spec: member.member, essd: got });
    }
  }
}

/**
 * The drift of one answer (the handler's result, before RequestId) from the action's response structure: members
 * the spec does not name, values of the wrong type or array-ness, at any depth. A member left out is not drift:
 * every response member of both specs is optional.
 */
export function responseDrift(spec: SpecFacts, action: string, result: Record<string, unknown>): Drift[] {
  const facts = spec.actions[action];
  if (!facts) return [];
  const drifts: Drift[] = [];
  const report: Report = (d) => drifts.push({ service: spec.service, action, direction: "response", ...d });
  compareValueObject(spec, facts.output, result, "", report);
  return drifts;
}

function compareValueObject(spec: SpecFacts, structure: string, value: Record<string, unknown>, prefix: string, report: Report): void {
  const members = new Map((spec.objects[structure] ?? []).map((m) => [m.name, m]));
  for (const [name, member] of Object.entries(value)) {
    const path = `${prefix}${name}`;
    const declared = members.get(name);
    if (!declared) report({ path, kind: "extra" });
    else compareValue(spec, declared, member, path, report);
  }
}

function compareValue(spec: SpecFacts, member: SpecMember, value: unknown, path: string, report: Report): void {
  if (value === null || value === undefined) return;
  const structure = spec.objects[member.member] ? member.member : undefined;
  if (member.type === "list") {
    if (!Array.isArray(value)) return report({ path, kind: "type", spec: `list of ${member.member}`, essd: kindOf(value) });
    value.forEach((item) => {
      if (structure) {
        if (kindOf(item) !== "object") report({ path: `${path}[]`, kind: "type", spec: member.member, essd: kindOf(item) });
        else compareValueObject(spec, structure, item as Record<string, unknown>, `${path}[].`, report);
      } else if (!fits(ELEMENT_TYPE[member.member] ?? member.member, item)) report({ path: `${path}[]`, kind: "type", spec: member.member, essd: kindOf(item) });
    });
    return;
  }
  if (member.type === "object" && structure) {
    if (kindOf(value) !== "object") return report({ path, kind: "type", spec: member.member, essd: kindOf(value) });
    return compareValueObject(spec, structure, value as Record<string, unknown>, `${path}.`, report);
  }
  if (!fits(JSON_TYPE[member.type] ?? member.type, value)) report({ path, kind: "type", spec: member.type, essd: kindOf(value) });
}

const kindOf = (value: unknown): string =>
  Array.isArray(value) ? "array" : value === null ? "null" : typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value;

function fits(jsonType: string, value: unknown): boolean {
  const kind = kindOf(value);
  if (jsonType === "number") return kind === "number" || kind === "integer";
  return kind === jsonType;
}

export interface AllowedDrift extends Omit<Drift, "spec" | "essd" | "action"> {
  /** An action's name, or `*` for every action of the service. */
  action: string;
  why: string;
}

/** The deliberate differences (schema-drift-allowed.json), each also in docs/compatibility.md. */
export const ALLOWED_DRIFTS: readonly AllowedDrift[] = JSON.parse(readFileSync(new URL("./schema-drift-allowed.json", import.meta.url), "utf8")) as AllowedDrift[];

export const allows = (allowed: AllowedDrift, d: Drift) =>
  allowed.service === d.service && (allowed.action === "*" || allowed.action === d.action) && allowed.direction === d.direction && allowed.path === d.path && allowed.kind === d.kind;

/** The drifts no allow-list entry covers. */
export const unexplained = (drifts: readonly Drift[], allowed: readonly AllowedDrift[] = ALLOWED_DRIFTS) => drifts.filter((d) => !allowed.some((a) => allows(a, d)));

export const describeDrift = (d: Drift) =>
  `${d.service} ${d.action} ${d.direction} ${d.path || "(action)"}: ${d.kind}${d.spec !== undefined ? ` (spec ${d.spec}, essd ${d.essd})` : ""}`;
