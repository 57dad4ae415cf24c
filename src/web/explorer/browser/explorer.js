// @ts-check
// essd API Explorer: reads the server-rendered forms back into parameters (form.js), signs in the page with Web
// Crypto (signing.js), sends to essd's own `/` (network.js) and shows every step (result.js). The SecretKey stays
// in this page (credentials.js). Everything taken from a response or an input is written as text, never as markup.
import { setUpSearch, showAction } from "./actions.js";
import { setUpCredentials } from "./credentials.js";
import { $, $$, announce, button, select, targetOf } from "./dom.js";
import { resetForm, setUpRows, updatePreview } from "./form.js";
import { generate, send } from "./network.js";
import { hasWebCrypto } from "./signing.js";

/** Says which request the chosen signature method and HTTP method make. */
function modeNote() {
  const sign = select("#sign-method").value;
  const method = select("#req-method").value;
  $("#mode-note").textContent =
    sign === "TC3-HMAC-SHA256"
      ? method === "POST"
        ? "TC3 · POST application/json (SDK default)."
        : "TC3 · GET, parameters flattened into the query."
      : `${sign} · ${method === "POST" ? "POST application/x-www-form-urlencoded" : "GET query"}, parameters flattened.`;
}

function start() {
  if (!hasWebCrypto()) {
    $("#crypto-warning").hidden = false;
    const link = /** @type {HTMLAnchorElement} */ ($("#crypto-local-link"));
    const local = new URL("/explorer", location.href);
    local.protocol = "http:";
    local.hostname = "127.0.0.1";
    local.hash = location.hash;
    link.href = local.href;
    link.textContent = link.href;
    button("#send").disabled = true;
  }
  setUpRows();
  // The credentials card picks the remembered service first; the list then shows that service's actions, and an
  // action named in the URL switches to its own service.
  setUpCredentials();
  setUpSearch();
  modeNote();
  for (const id of ["sign-method", "req-method"]) $(`#${id}`).addEventListener("change", modeNote);
  window.addEventListener("hashchange", () => showAction(true));
  showAction(false);
  for (const type of ["input", "change"]) {
    document.addEventListener(type, (event) => {
      if (targetOf(event).closest("form.call-form")) updatePreview();
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  });
  // Enter in a form field would submit the form: send instead, as the button would.
  for (const form of $$("form.call-form")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send();
    });
  }
  $("#send").addEventListener("click", send);
  $("#generate").addEventListener("click", () => generate().catch((error) => announce(String(error))));
  $("#reset").addEventListener("click", resetForm);
  document.documentElement.dataset.ready = "true";
}

start();
