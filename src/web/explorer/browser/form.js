// @ts-check
// The action forms the server rendered from each action's schema: array rows, the current form, reading a form
// back into the parameters to send, the preview of them, and the identity (Operator.UserId, or essbasic's Agent) the
// credentials card fills in.
import { $, $$, announce, maybe$, targetOf } from "./dom.js";

/** @typedef {import("./signing.js").Params} Params */

// ---------- The current action ----------

export function currentActionName() {
  const name = decodeURIComponent(location.hash.slice(1));
  return name && document.getElementById(name)?.matches("[data-action-section]") && name !== "intro" ? name : undefined;
}

/** The chosen action's form, if an action is chosen. */
export function currentForm() {
  const name = currentActionName();
  return name ? /** @type {HTMLFormElement | null} */ (maybe$(`#${CSS.escape(name)} form.call-form`)) : null;
}

// ---------- Array rows ----------

let idCounter = 0;

/** Ids inside a row template are shared by every copy; each new row gets its own, references included. */
function uniquifyIds(/** @type {DocumentFragment} */ fragment) {
  const suffix = `-r${++idCounter}`;
  const renamed = new Map();
  for (const node of fragment.querySelectorAll("[id]")) {
    renamed.set(node.id, node.id + suffix);
    node.id += suffix;
  }
  for (const attribute of ["for", "aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const node of fragment.querySelectorAll(`[${attribute}]`)) {
      node.setAttribute(attribute, (node.getAttribute(attribute) ?? "").split(" ").map((id) => renamed.get(id) ?? id).join(" "));
    }
  }
}

export const rowsOf = (/** @type {Element} */ array) => /** @type {HTMLElement[]} */ (Array.from($(":scope > [data-rows]", array).children));

function addRow(/** @type {HTMLElement} */ array) {
  const template = /** @type {HTMLTemplateElement} */ ($(":scope > template[data-row-template]", array));
  const fragment = /** @type {DocumentFragment} */ (template.content.cloneNode(true));
  uniquifyIds(fragment);
  const row = /** @type {HTMLElement} */ (fragment.firstElementChild);
  $(":scope > [data-rows]", array).append(fragment);
  addInitialRows(row);
  renumber(array);
  return row;
}

function renumber(/** @type {HTMLElement} */ array) {
  const rows = rowsOf(array);
  const name = array.dataset.name;
  rows.forEach((row, i) => {
    $(":scope > .row-head [data-row-label]", row).textContent = `${name}[${i}]`;
    $(":scope > .row-head [data-remove-row]", row).setAttribute("aria-label", `删除 Remove ${name}[${i}]`);
  });
  const max = array.dataset.maxItems;
  $(":scope > [data-row-count]", array).textContent = max ? `${rows.length} / ${max}` : `${rows.length}`;
}

/** Gives every array under `root` (itself included) the rows its schema asks for at least. */
function addInitialRows(/** @type {HTMLElement} */ root) {
  const arrays = root.matches("[data-node=array]") ? [root] : [];
  for (const array of [...arrays, ...$$("[data-node=array]", root)]) {
    const wanted = Number(array.dataset.initialRows || 0);
    while (rowsOf(array).length < wanted) addRow(array);
    renumber(array);
  }
}

export function setUpRows() {
  for (const form of $$("form.call-form")) addInitialRows(form);
  document.addEventListener("click", (event) => {
    const target = targetOf(event);
    const add = target.closest("[data-add-row]");
    if (add) {
      const array = /** @type {HTMLElement} */ (add.closest("[data-node=array]"));
      const row = addRow(array);
      maybe$("input, select, textarea", row)?.focus();
      announce(`已添加 Added ${array.dataset.name}[${rowsOf(array).length - 1}]`);
      fillIdentity();
      updatePreview();
      return;
    }
    const remove = target.closest("[data-remove-row]");
    if (remove) {
      const row = /** @type {HTMLElement} */ (remove.closest("[data-row]"));
      const array = /** @type {HTMLElement} */ (row.closest("[data-node=array]"));
      const label = $("[data-row-label]", row).textContent ?? "";
      const next = row.nextElementSibling ?? row.previousElementSibling;
      row.remove();
      renumber(array);
      ((next && maybe$("input, select, textarea, button", next)) ?? $(":scope > [data-add-row]", array)).focus();
      announce(`已删除 Removed ${label}`);
      updatePreview();
    }
  });
}

// ---------- Reading a form into parameters ----------

/** The nodes directly inside `node` (not inside one of its children). */
const childNodes = (/** @type {HTMLElement} */ node) => $$("[data-node]", node).filter((child) => child.parentElement?.closest("[data-node]") === node);

/** @returns {unknown} */
function readScalar(/** @type {HTMLElement} */ node) {
  const input = /** @type {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} */ ($("[data-input]", node));
  const raw = input.value;
  input.removeAttribute("aria-invalid");
  switch (node.dataset.type) {
    case "integer":
    case "number": {
      const text = raw.trim();
      if (text === "") return undefined;
      // Anything that is not a number is sent as typed, so the server's own validation message shows.
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    }
    case "enum":
    case "boolean":
      return raw === "" ? undefined : JSON.parse(raw);
    case "json":
      if (raw.trim() === "") return undefined;
      try {
        return JSON.parse(raw);
      } catch {
        input.setAttribute("aria-invalid", "true");
        return raw;
      }
    default:
      return raw === "" ? undefined : raw;
  }
}

/** @returns {unknown} */
function readNode(/** @type {HTMLElement} */ node) {
  switch (node.dataset.node) {
    case "object": {
      /** @type {Params} */
      const out = {};
      for (const child of childNodes(node)) {
        const value = readNode(child);
        if (value !== undefined) out[child.dataset.key ?? ""] = value;
      }
      return Object.keys(out).length ? out : undefined;
    }
    case "array": {
      // Rows are not nodes themselves, so the array's direct child nodes are its items, in row order.
      const values = childNodes(node)
        .map(readNode)
        .filter((value) => value !== undefined);
      return values.length ? values : undefined;
    }
    default:
      return readScalar(node);
  }
}

/** The parameters a form stands for (an action form is an object node). */
export const readParams = (/** @type {HTMLFormElement | null} */ form) => /** @type {Params} */ ((form && readNode(form)) ?? {});

let previewQueued = false;
/** Refreshes the JSON preview of the current form's parameters, once per frame at most. */
export function updatePreview() {
  if (previewQueued) return;
  previewQueued = true;
  requestAnimationFrame(() => {
    previewQueued = false;
    $("#params-json").textContent = JSON.stringify(readParams(currentForm()), null, 2);
  });
}

/** The value (if any) of an identity control of the credentials card. */
const valueOf = (/** @type {string} */ selector) => /** @type {HTMLInputElement | HTMLSelectElement | null} */ (maybe$(selector))?.value.trim() ?? "";

/**
 * The members each service's forms are filled with from the credentials card: an ess call names its operator,
 * an essbasic call its application, sub-enterprise and operator (the Agent).
 * @type {Record<string, Array<[string, () => string]>>}
 */
const IDENTITY = {
  ess: [["Operator.UserId", () => valueOf("#operator")]],
  essbasic: [
    ["Agent.AppId", () => valueOf("#application")],
    ["Agent.ProxyOrganizationOpenId", () => valueOf("#proxy-organization")],
    ["Agent.ProxyOperator.OpenId", () => valueOf("#proxy-operator")],
  ],
};

/**
 * Puts the chosen identity (operator; application and OpenIds) into every form of its service, where the user has
 * not typed over it: an empty field, or with `replace`, one still holding what was filled in before.
 */
export function fillIdentity(replace = false) {
  for (const form of $$("form.call-form")) {
    for (const [path, read] of IDENTITY[form.dataset.service ?? "ess"] ?? []) {
      const value = read();
      for (const input of /** @type {HTMLInputElement[]} */ ($$(`[data-path="${path}"] > [data-input]`, form))) {
        if (input.value === "" || (replace && input.dataset.autofilled === input.value)) {
          input.value = value;
          input.dataset.autofilled = value;
        }
      }
    }
  }
  updatePreview();
}

export function resetForm() {
  const form = currentForm();
  if (!form) return;
  for (const array of $$("[data-node=array]", form)) for (const row of rowsOf(array)) row.remove();
  form.reset();
  for (const input of $$("[data-autofilled]", form)) delete input.dataset.autofilled;
  addInitialRows(form);
  fillIdentity();
  announce("表单已清空 Form cleared");
}
