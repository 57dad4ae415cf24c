// @ts-check
// The SDK code card: one tab per language (WAI-ARIA tabs), each with a copy button.
import { $, announce, el, pre } from "./dom.js";

/**
 * @typedef {object} Snippet
 * @property {string} id
 * @property {string} label
 * @property {string} file
 * @property {string} code
 */

/** Shows /explorer/snippets' answer: its snippets, or its error. */
export function renderSnippets(/** @type {boolean} */ ok, /** @type {number} */ status, /** @type {{ snippets?: Snippet[]; error?: string }} */ answer) {
  const body = $("#snippets-body");
  if (!ok || !answer.snippets) body.replaceChildren(el("p", { class: "alert error" }, answer.error ?? `HTTP ${status}`));
  else body.replaceChildren(tabs(answer.snippets));
  $("#snippets").hidden = false;
  $("#snippets-h").focus();
}

/** WAI-ARIA tabs: arrow keys move between tabs, Tab goes into the panel. */
function tabs(/** @type {Snippet[]} */ snippets) {
  const list = el("div", { role: "tablist", "aria-label": "SDK 语言 SDK language" });
  /** @type {HTMLElement[]} */
  const panels = [];
  const select = (/** @type {number} */ index, /** @type {boolean} */ focus) => {
    list.querySelectorAll("[role=tab]").forEach((node, i) => {
      const tab = /** @type {HTMLElement} */ (node);
      tab.setAttribute("aria-selected", String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
      panels[i].hidden = i !== index;
      if (i === index && focus) tab.focus();
    });
  };
  snippets.forEach((snippet, i) => {
    const tab = el("button", { type: "button", role: "tab", id: `tab-${snippet.id}`, "aria-controls": `panel-${snippet.id}` }, snippet.label);
    tab.addEventListener("click", () => select(i, false));
    tab.addEventListener("keydown", (event) => {
      /** @type {Record<string, number>} */
      const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: snippets.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      select((moves[event.key] + snippets.length) % snippets.length, true);
    });
    list.append(tab);
    const copy = el("button", { type: "button", class: "secondary" }, "复制 Copy");
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(snippet.code);
        announce(`已复制 Copied ${snippet.label}`);
      } catch {
        const range = document.createRange();
        range.selectNodeContents($("code", panels[i]));
        const selection = getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        announce("已选中，请按 Ctrl+C 复制 Selected: press Ctrl+C to copy");
      }
    });
    panels.push(
      el(
        "div",
        { role: "tabpanel", id: `panel-${snippet.id}`, "aria-labelledby": `tab-${snippet.id}`, "data-language": snippet.id },
        el("div", { class: "tab-tools" }, el("span", {}, snippet.file), copy),
        pre(snippet.code, `${snippet.label} code`),
      ),
    );
  });
  const wrapper = el("div", {}, list, ...panels);
  select(0, false);
  return wrapper;
}
