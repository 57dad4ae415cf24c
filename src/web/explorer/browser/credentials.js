// @ts-check
// The credentials card: the service, then its identity (an ess tenant and operator; an essbasic application and the
// OpenIds of its sub-enterprise and operator), the SecretId and SecretKey, and the remembered choices of the send bar.
// The SecretKey is read from its input when signing and stored only if the user asks (this tab only).
import { $, $$, el, input, maybe$, select } from "./dom.js";
import { fillIdentity } from "./form.js";
import { KEY_STORAGE, readPrefs, storage, writePrefs } from "./state.js";

/** @typedef {import("./state.js").Prefs} Prefs */

/** The send bar's selects and the preference each is kept under. */
const REMEMBERED = /** @type {const} */ ({ "sign-method": "signMethod", "req-method": "reqMethod", language: "language" });

const tenantSelect = () => /** @type {HTMLSelectElement | null} */ (maybe$("#tenant"));
const applicationSelect = () => /** @type {HTMLSelectElement | null} */ (maybe$("#application"));

/** The service the credentials card is set up for (`ess` or `essbasic`). */
export const currentService = () => select("#service").value;

function savePrefs() {
  writePrefs({
    service: currentService(),
    tenant: tenantSelect()?.value,
    application: applicationSelect()?.value,
    proxyOrganization: input("#proxy-organization").value,
    proxyOperator: input("#proxy-operator").value,
    operator: select("#operator").value,
    secretId: input("#secret-id").value,
    signMethod: select("#sign-method").value,
    reqMethod: select("#req-method").value,
    language: select("#language").value,
  });
}

const idsOf = (/** @type {HTMLOptionElement | undefined} */ option, /** @type {string} */ name) => /** @type {string[]} */ (JSON.parse(option?.dataset[name] ?? "[]"));

/** Offers the active SecretIds of whoever signs for the current service: the tenant (ess) or the application (essbasic). */
function offerSecretIds(/** @type {Prefs} */ prefs = {}) {
  const option = (currentService() === "essbasic" ? applicationSelect() : tenantSelect())?.selectedOptions[0];
  const secretIds = idsOf(option, "secretIds");
  $("#secret-ids").replaceChildren(...secretIds.map((id) => el("option", { value: id })));
  input("#secret-id").value = prefs.secretId && secretIds.includes(prefs.secretId) ? prefs.secretId : (secretIds[0] ?? "");
}

/** Shows the chosen tenant's operators (server-rendered on its option). */
function onTenantChange(/** @type {Prefs} */ prefs = {}) {
  const option = tenantSelect()?.selectedOptions[0];
  if (!option) return;
  $("#tenant-org").textContent = option.value;
  const operators = idsOf(option, "operators");
  const operator = select("#operator");
  operator.replaceChildren(...operators.map((id) => el("option", {}, id)));
  if (prefs.operator && operators.includes(prefs.operator)) operator.value = prefs.operator;
}

/** Offers the chosen application's known sub-enterprise and operator OpenIds; what was typed stays. */
function onApplicationChange(/** @type {Prefs} */ prefs = {}) {
  const option = applicationSelect()?.selectedOptions[0];
  if (!option) return;
  const organizations = idsOf(option, "organizations");
  const operators = idsOf(option, "operators");
  $("#proxy-organizations").replaceChildren(...organizations.map((id) => el("option", { value: id })));
  $("#proxy-operators").replaceChildren(...operators.map((id) => el("option", { value: id })));
  input("#proxy-organization").value = prefs.proxyOrganization ?? input("#proxy-organization").value;
  input("#proxy-operator").value = prefs.proxyOperator ?? input("#proxy-operator").value;
}

/**
 * Switches the page to `service`: its credentials, its keys, and its actions in the list (actions.js listens for
 * `essd:service`). Does nothing when the service is already chosen.
 */
export function chooseService(/** @type {string} */ service, /** @type {Prefs} */ prefs = {}, force = false) {
  const picker = select("#service");
  if (!force && picker.value === service) return;
  if (![...picker.options].some((o) => o.value === service)) return;
  picker.value = service;
  for (const part of $$("[data-credentials]")) part.hidden = part.dataset.credentials !== service;
  offerSecretIds(prefs);
  document.dispatchEvent(new CustomEvent("essd:service"));
}

export function setUpCredentials() {
  const prefs = readPrefs();
  const tenant = tenantSelect();
  if (tenant && prefs.tenant && [...tenant.options].some((o) => o.value === prefs.tenant)) tenant.value = prefs.tenant;
  const application = applicationSelect();
  if (application && prefs.application && [...application.options].some((o) => o.value === prefs.application)) application.value = prefs.application;
  for (const [id, key] of Object.entries(REMEMBERED)) {
    const wanted = prefs[key];
    const control = select(`#${id}`);
    if (wanted && [...control.options].some((o) => o.value === wanted)) control.value = wanted;
  }
  onTenantChange(prefs);
  onApplicationChange(prefs);
  chooseService(prefs.service ?? currentService(), prefs, true);
  fillIdentity(true);
  select("#service").addEventListener("change", () => {
    chooseService(currentService(), {}, true);
    savePrefs();
  });
  tenant?.addEventListener("change", () => {
    onTenantChange();
    offerSecretIds();
    fillIdentity(true);
    savePrefs();
  });
  application?.addEventListener("change", () => {
    onApplicationChange();
    offerSecretIds();
    fillIdentity(true);
    savePrefs();
  });
  select("#operator").addEventListener("change", () => {
    fillIdentity(true);
    savePrefs();
  });
  // The OpenIds are typed in: every keystroke goes into the forms that still hold what was filled in before.
  for (const id of ["proxy-organization", "proxy-operator"]) {
    for (const type of ["input", "change"]) {
      $(`#${id}`).addEventListener(type, () => {
        fillIdentity(true);
        savePrefs();
      });
    }
  }
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
