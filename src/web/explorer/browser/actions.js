// @ts-check
// The action list: searching it, and showing the action the URL's hash names (or the introduction).
import { chooseService, currentService } from "./credentials.js";
import { $, $$, input, maybe$ } from "./dom.js";
import { currentActionName, updatePreview } from "./form.js";

export function showAction(focus = false) {
  const name = currentActionName();
  // An action of the other service (a link, the back button) switches the page to that service.
  const service = name ? maybe$(`#${CSS.escape(name)}`)?.dataset.service : undefined;
  if (service) chooseService(service);
  for (const section of $$("[data-action-section]")) section.hidden = name ? section.id !== name : section.id !== "intro";
  for (const link of $$("[data-action-link]")) {
    if (link.dataset.actionLink === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${name ? `${name} · ` : ""}API Explorer · essd`;
  // An action listed without a form (not implemented, or another service's) has nothing to send.
  const withForm = Boolean(name) && !maybe$(`#${CSS.escape(name ?? "")}[data-no-form]`);
  $("#params-card").hidden = !withForm;
  $("#sendbar").hidden = Boolean(name) && !withForm;
  $("#result").hidden = true;
  $("#snippets").hidden = true;
  updatePreview();
  if (focus) maybe$(`#${CSS.escape(name ? `h-${name}` : "intro-h")}`)?.focus();
}

/**
 * The user picked the other service: the same action there when it has one (both services name some alike),
 * else the introduction.
 */
function followService() {
  const name = currentActionName();
  if (!name) return;
  const section = $(`#${CSS.escape(name)}`);
  if (section.dataset.service === currentService()) return;
  const action = $("h2 code", section).textContent ?? "";
  const twin = $$(`[data-action-section][data-service="${currentService()}"]`).find((s) => $("h2 code", s).textContent === action);
  if (twin) location.hash = twin.id;
  else {
    history.pushState(null, "", `${location.pathname}${location.search}`);
    showAction(true);
  }
}

export function setUpSearch() {
  const search = input("#search");
  const all = $$("#action-list li");
  const linkOf = (/** @type {HTMLElement} */ item) => $("a", item);
  /** The chosen service's actions (the list holds every service's). */
  let items = all;
  const filter = () => {
    const service = currentService();
    items = all.filter((item) => item.dataset.service === service);
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of all) {
      const match = item.dataset.service === service && terms.every((t) => (item.dataset.search ?? "").includes(t));
      item.hidden = !match;
      if (match) shown++;
    }
    $("#search-status").textContent = terms.length ? `${shown} / ${items.length} 个接口 actions match` : `${items.length} 个接口 actions`;
    $("#search-empty").hidden = shown > 0;
  };
  filter();
  document.addEventListener("essd:service", () => {
    filter();
    followService();
  });
  search.addEventListener("input", filter);
  search.addEventListener("keydown", (event) => {
    const firstItem = items.find((item) => !item.hidden);
    const first = firstItem && linkOf(firstItem);
    if (event.key === "Enter" && first) {
      event.preventDefault();
      first.click();
    } else if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    }
  });
  $("#action-list").addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = items.filter((item) => !item.hidden).map(linkOf);
    const at = links.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    if (at === -1) return;
    event.preventDefault();
    if (event.key === "ArrowUp" && at === 0) search.focus();
    else links[Math.min(links.length - 1, Math.max(0, at + (event.key === "ArrowDown" ? 1 : -1)))].focus();
  });
}
