// @ts-check
// DOM helpers for the API Explorer. Text always goes in as text (textContent, text nodes), never as markup.

/** The element `selector` names; the page's own markup always has it, so a miss is a bug worth an exception. */
export function $(/** @type {string} */ selector, /** @type {ParentNode} */ root = document) {
  const node = root.querySelector(selector);
  if (!node) throw new Error(`the page lacks ${selector}`);
  return /** @type {HTMLElement} */ (node);
}

/** The element `selector` names, when the page may not have it (no tenant, no action chosen). */
export const maybe$ = (/** @type {string} */ selector, /** @type {ParentNode} */ root = document) => /** @type {HTMLElement | null} */ (root.querySelector(selector));

export const $$ = (/** @type {string} */ selector, /** @type {ParentNode} */ root = document) => /** @type {HTMLElement[]} */ (Array.from(root.querySelectorAll(selector)));

export const input = (/** @type {string} */ selector) => /** @type {HTMLInputElement} */ ($(selector));
export const select = (/** @type {string} */ selector) => /** @type {HTMLSelectElement} */ ($(selector));
export const button = (/** @type {string} */ selector) => /** @type {HTMLButtonElement} */ ($(selector));

/** An event's target as an element (every listener here is on elements). */
export const targetOf = (/** @type {Event} */ event) => /** @type {Element} */ (event.target);

/** @typedef {Node | string | null | undefined} Child */

/**
 * Creates an element; children are nodes or strings (strings become text, never markup).
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes]
 * @param {...(Child | Child[])} children
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === "class") node.className = String(value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child);
  return node;
}

/** A block of code or text; a labelled one can be focused and scrolled with the keyboard. */
export function pre(/** @type {string} */ text, /** @type {string} */ label = "") {
  return el("pre", label ? { tabindex: "0", "aria-label": label } : {}, el("code", {}, text));
}

/** Says `text` to screen readers through the page's live region. */
export function announce(/** @type {string} */ text) {
  const announcer = $("#announcer");
  announcer.textContent = "";
  // A fresh text node after clearing makes screen readers read a repeated message again.
  requestAnimationFrame(() => (announcer.textContent = text));
}
