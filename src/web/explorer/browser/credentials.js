// @ts-check
// The credentials card: tenant, operator, SecretId and SecretKey, and the remembered choices of the send bar.
// The SecretKey is read from its input when signing and stored only if the user asks (this tab only).
import { $, el, input, maybe$, select } from "./dom.js";
import { fillOperator } from "./form.js";
import { KEY_STORAGE, readPrefs, storage, writePrefs } from "./state.js";

/** @typedef {import("./state.js").Prefs} Prefs */

/** The send bar's selects and the preference each is kept under. */
const REMEMBERED = /** @type {const} */ ({ "sign-method": "signMethod", "req-method": "reqMethod", language: "language" });

const tenantSelect = () => /** @type {HTMLSelectElement | null} */ (maybe$("#tenant"));

function savePrefs() {
  writePrefs({
    tenant: tenantSelect()?.value,
    operator: select("#operator").value,
    secretId: input("#secret-id").value,
    signMethod: select("#sign-method").value,
    reqMethod: select("#req-method").value,
    language: select("#language").value,
  });
}

/** Shows the chosen tenant's operators and active SecretIds (server-rendered on its option). */
function onTenantChange(/** @type {Prefs} */ prefs = {}) {
  const option = tenantSelect()?.selectedOptions[0];
  if (!option) return;
  $("#tenant-org").textContent = option.value;
  const operators = /** @type {string[]} */ (JSON.parse(option.dataset.operators ?? "[]"));
  const secretIds = /** @type {string[]} */ (JSON.parse(option.dataset.secretIds ?? "[]"));
  const operator = select("#operator");
  operator.replaceChildren(...operators.map((id) => el("option", {}, id)));
  if (prefs.operator && operators.includes(prefs.operator)) operator.value = prefs.operator;
  $("#secret-ids").replaceChildren(...secretIds.map((id) => el("option", { value: id })));
  input("#secret-id").value = prefs.secretId && secretIds.includes(prefs.secretId) ? prefs.secretId : (secretIds[0] ?? "");
  fillOperator(true);
}

export function setUpCredentials() {
  const prefs = readPrefs();
  const tenant = tenantSelect();
  if (tenant && prefs.tenant && [...tenant.options].some((o) => o.value === prefs.tenant)) tenant.value = prefs.tenant;
  for (const [id, key] of Object.entries(REMEMBERED)) {
    const wanted = prefs[key];
    const control = select(`#${id}`);
    if (wanted && [...control.options].some((o) => o.value === wanted)) control.value = wanted;
  }
  onTenantChange(prefs);
  tenant?.addEventListener("change", () => {
    onTenantChange();
    savePrefs();
  });
  select("#operator").addEventListener("change", () => {
    fillOperator(true);
    savePrefs();
  });
  for (const id of ["secret-id", "sign-method", "req-method", "language"]) $(`#${id}`).addEventListener("change", savePrefs);

  const key = input("#secret-key");
  const remember = input("#remember-key");
  const stored = storage.get(KEY_STORAGE);
  if (stored) {
    key.value = stored;
    remember.checked = true;
  }
  const persist = () => storage.set(KEY_STORAGE, remember.checked && key.value ? key.value : undefined);
  key.addEventListener("input", persist);
  remember.addEventListener("change", persist);
  const toggle = $("#toggle-key");
  toggle.addEventListener("click", () => {
    const show = key.type === "password";
    key.type = show ? "text" : "password";
    toggle.setAttribute("aria-pressed", String(show));
    toggle.textContent = show ? "隐藏 Hide" : "显示 Show";
  });
}

/** The SecretId and SecretKey typed in; both empty strings when missing. */
export const typedCredentials = () => ({ secretId: input("#secret-id").value.trim(), secretKey: input("#secret-key").value });
