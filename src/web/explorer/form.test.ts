/**
 * Schema-to-form coverage: every action in src/actions/index.ts has a section on /explorer whose form holds
 * every member of the schema the server validates with, with its type, required flag, allowed values, limits
 * and both descriptions. A new action, or a new member, without its form fails here.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { actions } from "../../actions/index.ts";
import { defineAction, registerActions } from "../../protocol/action.ts";
import type { JsonSchema } from "../../protocol/params.ts";
import { Agent, describe as text, UserInfo } from "../../protocol/shapes.ts";
import { escapeHtml } from "../html.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { fieldKind, limitsOf, renderActionForm, schemaPaths, typeLabel, unwrap } from "./form.ts";

/** The schema node at a form path (`A.B[].C`). */
function nodeAt(schema: JsonSchema, path: string): JsonSchema {
  let node = unwrap(schema);
  for (const part of path.split(".")) {
    const [name, ...items] = part.split("[]");
    if (name) node = unwrap(node.properties![name]);
    for (let i = 0; i < items.length; i++) node = unwrap(node.items);
  }
  return node;
}

/** The whole element (start tag to its matching end tag) that carries `data-path="<path>"`. */
function fragmentFor(section: string, path: string): string {
  const at = section.indexOf(`data-path="${escapeHtml(path)}"`);
  assert.ok(at >= 0, `no form node for ${path}`);
  const start = section.lastIndexOf("<", at);
  const tag = /^<([a-z]+)/.exec(section.slice(start))![1];
  const pattern = new RegExp(`<${tag}[\\s>]|</${tag}>`, "g");
  pattern.lastIndex = start + 1;
  let depth = 1;
  for (let match = pattern.exec(section); match; match = pattern.exec(section)) {
    depth += match[0].startsWith("</") ? -1 : 1;
    if (depth === 0) return section.slice(start, match.index + match[0].length);
  }
  throw new Error(`unclosed <${tag}> for ${path}`);
}

describe("every implemented action has a complete form on /explorer", () => {
  let h: Harness;
  let page: string;
  before(async () => {
    h = await startEssd();
    page = await (await fetch(`${h.url}/explorer`)).text();
  });
  after(() => h.close());

  const registered = registerActions(actions);
  assert.ok(registered.size >= 9, "the action list is not empty");

  for (const action of registered.values()) {
    it(action.name, () => {
      const start = page.indexOf(`<section class="card action" id="${action.name}"`);
      assert.ok(start >= 0, `${action.name} has no section on /explorer`);
      const section = page.slice(start, page.indexOf("</section>", page.indexOf("</form>", start)));
      assert.ok(section.includes(`data-action="${action.name}"`), "the form names its action");
      assert.ok(page.includes(`href="#${action.name}" data-action-link="${action.name}"`), "listed in the action list");
      assert.ok(section.includes(escapeHtml(action.description.zh)) && section.includes(escapeHtml(action.description.en)));

      const paths = schemaPaths(action.jsonSchema);
      assert.ok(paths.includes("Operator.UserId"));
      for (const path of paths) {
        const node = nodeAt(action.jsonSchema, path);
        const markup = fragmentFor(section, path);
        const kind = fieldKind(node);
        if (path.endsWith("[]")) continue; // an item: its array carries the documentation
        // Whatever the schema documents is shown (a few nested members of the employee and auth-url actions have
        // no description in their schema yet; the page then shows name, type and limits only).
        const descriptions = (node.descriptions ?? {}) as { zh?: string; en?: string };
        if (descriptions.zh) assert.ok(markup.includes(escapeHtml(descriptions.zh)), `${path}: zh description`);
        if (descriptions.en) assert.ok(markup.includes(escapeHtml(descriptions.en)), `${path}: en description`);
        assert.ok(markup.includes(escapeHtml(typeLabel(node))), `${path}: type ${typeLabel(node)}`);
        for (const limit of limitsOf(node)) assert.ok(markup.includes(escapeHtml(limit)), `${path}: limit ${limit}`);
        if (kind === "enum") for (const value of node.enum as unknown[]) assert.ok(markup.includes(`<option value="${escapeHtml(JSON.stringify(value))}">`), `${path}: option ${value}`);
        if (kind === "array") assert.ok(markup.includes("data-add-row") && markup.includes("data-row-template"), `${path}: add/remove rows`);
      }

      // Required members say so; the rest say optional.
      const root = unwrap(action.jsonSchema);
      for (const key of Object.keys(root.properties!)) {
        const markup = fragmentFor(section, key);
        const label = markup.slice(0, markup.search(/<\/legend>|<\/label>/));
        assert.ok(label.includes((root.required as string[]).includes(key) ? "必填 required" : "选填 optional"), `${key}: required flag`);
      }
    });
  }
});

describe("form generation from schema constructs", () => {
  const Probe = z.strictObject({
    Operator: UserInfo,
    Agent,
    Ratio: z.number().min(0.5).max(2).optional().meta(text("比例", "A ratio")),
    Flag: z.boolean().optional().meta(text("开关", "A flag")),
    Level: z.union([z.literal(1), z.literal(2)]).optional().meta(text("级别", "A level")),
    Either: z.union([z.string(), z.int()]).optional().meta(text("任意", "A union")),
    Matrix: z.array(z.array(z.int().min(1)).max(3)).min(1).meta(text("矩阵", "Rows of numbers")),
    Nullable: z.string().max(5).nullish().meta(text("可空", "Nullable")),
  });
  const [probe] = registerActions([defineAction({ name: "ProbeAction", description: { zh: "探针", en: "Probe" }, input: () => Probe, handle: async () => ({}) })]).values();
  const form = renderActionForm(probe).value;

  it("maps each construct to a control", () => {
    const schema = probe.jsonSchema;
    assert.equal(fieldKind(schema.properties!.Ratio), "number");
    assert.equal(fieldKind(schema.properties!.Flag), "boolean");
    assert.equal(fieldKind(schema.properties!.Level), "enum");
    assert.equal(fieldKind(schema.properties!.Either), "json");
    assert.equal(fieldKind(schema.properties!.Nullable), "string");
    assert.equal(typeLabel(schema.properties!.Matrix), "Array of Array of Integer");
    assert.deepEqual(limitsOf(schema.properties!.Ratio), ["取值 value 0.5–2"]);
    assert.deepEqual(limitsOf(schema.properties!.Nullable), ["长度 length ≤ 5"]);
  });

  it("covers every path, nested arrays included, and starts required arrays with one row", () => {
    for (const path of schemaPaths(probe.jsonSchema)) assert.ok(form.includes(`data-path="${path}"`), path);
    assert.ok(schemaPaths(probe.jsonSchema).includes("Matrix[][]"));
    assert.match(form, /data-path="Matrix" data-name="Matrix" data-initial-rows="1"/);
    assert.match(form, /data-path="Agent"/);
    assert.match(form, /<select id="f-ProbeAction-Flag"[^>]*><option value="">— 不传 omit —<\/option><option value="true">true<\/option><option value="false">false<\/option><\/select>/);
    assert.match(form, /<textarea id="f-ProbeAction-Either"/);
    assert.match(form, /inputmode="decimal"/);
  });

  it("folds deprecated members away but keeps them in the form", () => {
    assert.match(form, /<details class="deprecated"><summary>[^<]*Channel, OpenId, ClientIp, ProxyIp<\/summary>/);
    assert.ok(form.includes('data-path="Operator.Channel"'));
  });

  it("labels every control: a <label for> for members, the row label for items", () => {
    for (const [, id] of form.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)) {
      const labelled = form.includes(`<label for="${id}">`) || new RegExp(`id="${id}"[^>]*aria-labelledby="`).test(form);
      assert.ok(labelled, `control ${id} has no label`);
    }
  });
});
