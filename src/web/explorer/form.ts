/**
 * Renders an action's form from the JSON Schema the server validates with (RegisteredAction.jsonSchema), so
 * the page cannot drift from the server. The markup carries what explorer.js needs to read it back into
 * parameters: `data-node` (object | array | scalar), `data-key` (member name), `data-type` (how to parse a
 * scalar), and array rows as <template>s. Every node also has `data-path` (`A.B[].C`), which the tests use.
 */
import type { RegisteredAction } from "../../protocol/action.ts";
import type { JsonSchema } from "../../protocol/params.ts";
import { html, type SafeHtml } from "../html.ts";

export type FieldKind = "object" | "array" | "enum" | "boolean" | "integer" | "number" | "string" | "json";

/**
 * The schema under optional/nullable wrappers (`anyOf: [X, {type: "null"}]`), with unions of literals
 * (`anyOf: [{const: 1}, {const: 2}]`, zod's z.literal unions) read as an enum; any other `anyOf` stays.
 */
export function unwrap(schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  if ("const" in schema && !schema.enum) return { ...schema, enum: [schema.const] };
  const variants = schema.anyOf?.filter((s) => s.type !== "null");
  if (!variants) return schema;
  const { anyOf: _, ...outer } = schema;
  if (variants.length === 1) return unwrap({ ...variants[0], ...outer });
  if (variants.length > 1 && variants.every((v) => "const" in v)) {
    const types = [...new Set(variants.map((v) => v.type))];
    return { ...outer, ...(types.length === 1 && types[0] ? { type: types[0] } : {}), enum: variants.map((v) => v.const) };
  }
  return schema;
}

const typeName = (schema: JsonSchema): string | undefined => (Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type);

export function fieldKind(raw: JsonSchema | undefined): FieldKind {
  const schema = unwrap(raw);
  if (Array.isArray(schema.enum)) return "enum";
  switch (typeName(schema)) {
    case "object":
      return schema.properties ? "object" : "json";
    case "array":
      return "array";
    case "boolean":
      return "boolean";
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "string":
      return "string";
    default:
      // Unions and `any`: typed in as JSON, so nothing the schema allows is out of reach.
      return "json";
  }
}

/** Every member path of a schema (`[]` marks array items): what a complete form must contain. */
export function schemaPaths(schema: JsonSchema, prefix = ""): string[] {
  const node = unwrap(schema);
  const kind = fieldKind(node);
  if (kind === "object") {
    return Object.entries(node.properties ?? {}).flatMap(([key, member]) => {
      const path = prefix ? `${prefix}.${key}` : key;
      return [path, ...schemaPaths(member, path)];
    });
  }
  if (kind === "array") return [`${prefix}[]`, ...schemaPaths(node.items ?? {}, `${prefix}[]`)];
  return [];
}

const TYPE_LABELS: Record<FieldKind, string> = {
  object: "Object",
  array: "Array",
  enum: "Enum",
  boolean: "Boolean",
  integer: "Integer",
  number: "Float",
  string: "String",
  json: "JSON",
};

export function typeLabel(raw: JsonSchema): string {
  const schema = unwrap(raw);
  const kind = fieldKind(schema);
  if (kind === "array") return `Array of ${typeLabel(schema.items ?? {})}`;
  if (kind === "enum") return `${typeName(schema) === "integer" ? "Integer" : "String"} (enum)`;
  return TYPE_LABELS[kind];
}

// zod writes ±2^53−1 for an unbounded int(); that is no limit worth showing.
const meaningful = (n: unknown): n is number => typeof n === "number" && Math.abs(n) < Number.MAX_SAFE_INTEGER;

const range = (min: unknown, max: unknown, unit: string): string | undefined => {
  const lo = meaningful(min) ? min : undefined;
  const hi = meaningful(max) ? max : undefined;
  if (lo !== undefined && hi !== undefined) return lo === hi ? `${unit} = ${lo}` : `${unit} ${lo}–${hi}`;
  if (hi !== undefined) return `${unit} ≤ ${hi}`;
  if (lo !== undefined) return `${unit} ≥ ${lo}`;
  return undefined;
};

/** Human-readable limits, e.g. `length ≤ 200`, `value 1–20`, `items 1–10`, `values: PC, H5`. */
export function limitsOf(raw: JsonSchema): string[] {
  const schema = unwrap(raw);
  const out = [
    range(schema.minLength, schema.maxLength, "长度 length"),
    range(schema.minimum, schema.maximum, "取值 value"),
    range(schema.minItems, schema.maxItems, "数量 items"),
    Array.isArray(schema.enum) ? `可选值 values: ${schema.enum.map((v) => String(v)).join(", ")}` : undefined,
    typeof schema.pattern === "string" ? `格式 pattern: ${schema.pattern}` : undefined,
  ];
  return out.filter((x): x is string => Boolean(x));
}

interface Descriptions {
  zh?: string;
  en?: string;
}

const descriptionsOf = (schema: JsonSchema): Descriptions => {
  const d = schema.descriptions as Descriptions | undefined;
  return { zh: d?.zh ?? (typeof schema.description === "string" ? schema.description : undefined), en: d?.en };
};

/** Members documented as deprecated or internal are folded away: official samples send them, nobody needs them. */
const isDeprecated = (schema: JsonSchema) => /^(Deprecated|Internal)\b/.test(descriptionsOf(unwrap(schema)).en ?? "");

/** Turns a path into an id fragment; ids inside row templates are made unique by explorer.js when a row is added. */
const idFor = (action: string, path: string) => `f-${action}-${path.replace(/\[\]/g, "-i").replace(/[^A-Za-z0-9-]/g, "-")}`;

function hint(id: string, schema: JsonSchema): SafeHtml {
  const { zh, en } = descriptionsOf(schema);
  const limits = limitsOf(schema);
  return html`<div class="hint" id="${id}">${zh ? html`<p lang="zh-CN">${zh}</p>` : ""}${en ? html`<p lang="en">${en}</p>` : ""}${
    limits.length ? html`<p class="limits">${limits.join(" · ")}</p>` : ""
  }</div>`;
}

const badges = (schema: JsonSchema, required: boolean) =>
  html`<span class="type">${typeLabel(schema)}</span>${required ? html`<span class="badge req">必填 required</span>` : html`<span class="badge opt">选填 optional</span>`}`;

interface Field {
  action: string;
  /** Member name; undefined for an array item. */
  key?: string;
  path: string;
  schema: JsonSchema;
  required: boolean;
  /** For an array item: the id of the row label that names it. */
  labelledBy?: string;
}

function renderField(field: Field): SafeHtml {
  const schema = unwrap(field.schema);
  switch (fieldKind(schema)) {
    case "object":
      return renderObject(field, schema);
    case "array":
      return renderArray(field, schema);
    default:
      return renderScalar(field, schema);
  }
}

function renderMembers(action: string, schema: JsonSchema, prefix: string): SafeHtml {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const members = Object.entries(schema.properties ?? {}).map(([key, member]) => ({
    key,
    member,
    html: renderField({ action, key, path: prefix ? `${prefix}.${key}` : key, schema: member, required: required.has(key) }),
  }));
  const current = members.filter((m) => required.has(m.key) || !isDeprecated(m.member));
  const deprecated = members.filter((m) => !required.has(m.key) && isDeprecated(m.member));
  return html`${current.map((m) => m.html)}${
    deprecated.length
      ? html`<details class="deprecated"><summary>已废弃或内部成员 Deprecated or internal members (${deprecated.length}): ${deprecated.map((m) => m.key).join(", ")}</summary>${deprecated.map((m) => m.html)}</details>`
      : ""
  }`;
}

function renderObject(field: Field, schema: JsonSchema): SafeHtml {
  const id = idFor(field.action, field.path);
  if (field.key === undefined) {
    // An array item: its row already names it.
    return html`<div class="members" data-node="object" data-path="${field.path}">${renderMembers(field.action, schema, field.path)}</div>`;
  }
  return html`<fieldset class="group" data-node="object" data-key="${field.key}" data-path="${field.path}" aria-describedby="${id}-d">
<legend><code class="name">${field.key}</code>${badges(schema, field.required)}</legend>
${hint(`${id}-d`, schema)}
<div class="members">${renderMembers(field.action, schema, field.path)}</div>
</fieldset>`;
}

function renderArray(field: Field, schema: JsonSchema): SafeHtml {
  const id = idFor(field.action, field.path);
  const itemPath = `${field.path}[]`;
  const name = field.key ?? field.path;
  const minItems = meaningful(schema.minItems) ? schema.minItems : 0;
  // A required list starts with one row to fill, an optional one with none.
  const initialRows = Math.max(minItems, field.required ? 1 : 0);
  const rowLabelId = `${idFor(field.action, itemPath)}-label`;
  const item = renderField({ action: field.action, path: itemPath, schema: schema.items ?? {}, required: true, labelledBy: rowLabelId });
  const legend = field.key !== undefined ? html`<legend><code class="name">${field.key}</code>${badges(schema, field.required)}</legend>${hint(`${id}-d`, schema)}` : "";
  return html`<fieldset class="group array" data-node="array" ${field.key !== undefined ? html`data-key="${field.key}"` : ""} data-path="${field.path}" data-name="${name}" data-initial-rows="${initialRows}"${
    meaningful(schema.maxItems) ? html` data-max-items="${schema.maxItems}"` : ""
  }${field.key !== undefined ? html` aria-describedby="${id}-d"` : field.labelledBy ? html` aria-labelledby="${field.labelledBy}"` : ""}>
${legend}
<div class="rows" data-rows></div>
<template data-row-template><div class="row" data-row role="group" aria-labelledby="${rowLabelId}"><div class="row-head"><span class="row-label" id="${rowLabelId}" data-row-label>${name}[0]</span><button type="button" class="link-button remove" data-remove-row>删除 Remove</button></div>${item}</div></template>
<button type="button" class="secondary add" data-add-row>+ 添加 Add <code>${name}[]</code></button>
<span class="row-count" data-row-count aria-hidden="true"></span>
</fieldset>`;
}

function renderScalar(field: Field, schema: JsonSchema): SafeHtml {
  const kind = fieldKind(schema);
  const id = idFor(field.action, field.path);
  const described = field.key !== undefined ? `${id}-d` : undefined;
  const common = html`id="${id}" data-input${described ? html` aria-describedby="${described}"` : ""}${field.labelledBy ? html` aria-labelledby="${field.labelledBy}"` : ""}${
    field.required ? html` aria-required="true"` : ""
  }`;
  let control: SafeHtml;
  if (kind === "enum" || kind === "boolean") {
    const values = kind === "enum" ? (schema.enum as unknown[]) : [true, false];
    control = html`<select ${common}><option value="">— 不传 omit —</option>${values.map((v) => html`<option value="${JSON.stringify(v)}">${String(v)}</option>`)}</select>`;
  } else if (kind === "json") {
    control = html`<textarea ${common} rows="3" spellcheck="false" placeholder="JSON"></textarea>`;
  } else {
    const numeric = kind === "integer" || kind === "number";
    control = html`<input ${common} type="text" autocomplete="off" spellcheck="false"${numeric ? html` inputmode="${kind === "integer" ? "numeric" : "decimal"}"` : ""}>`;
  }
  if (field.key === undefined) {
    // An array item: the row label names it (aria-labelledby); no repeated description.
    return html`<div class="field item" data-node="scalar" data-type="${kind}" data-path="${field.path}">${control}</div>`;
  }
  return html`<div class="field" data-node="scalar" data-type="${kind}" data-key="${field.key}" data-path="${field.path}">
<label for="${id}"><code class="name">${field.key}</code>${badges(schema, field.required)}</label>
${control}
${hint(`${id}-d`, schema)}
</div>`;
}

/**
 * The whole form of one action; its root is the parameters object. `service` says whose action it is (the page
 * signs for that service and version); `idPrefix` keeps element ids unique when two services name the same action.
 */
export function renderActionForm(
  action: Pick<RegisteredAction, "name" | "jsonSchema">,
  service: { name: string; version: string } = { name: "ess", version: "2020-11-11" },
  idPrefix = action.name,
): SafeHtml {
  const schema = unwrap(action.jsonSchema);
  return html`<form class="call-form" data-node="object" data-path="" data-action="${action.name}" data-service="${service.name}" data-version="${service.version}" novalidate aria-label="${action.name} 参数 parameters">
${renderMembers(idPrefix, schema, "")}
</form>`;
}
