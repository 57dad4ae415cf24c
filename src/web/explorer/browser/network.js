// @ts-check
// Talking to essd: a call signed in this page (for the form's service) and sent to essd's own `/`, and SDK code
// asked of /explorer/snippets.
import { typedCredentials } from "./credentials.js";
import { $, announce, button, input, select } from "./dom.js";
import { currentForm, readParams } from "./form.js";
import { renderResult } from "./result.js";
import { hasWebCrypto, signRequest } from "./signing.js";
import { renderSnippets } from "./snippets.js";

/** @typedef {import("./signing.js").SignMethod} SignMethod */

const signMethod = () => /** @type {SignMethod} */ (select("#sign-method").value);
const reqMethod = () => /** @type {"POST" | "GET"} */ (select("#req-method").value);

/** Signs the current form's call with the typed key, sends it, and shows the outcome. */
export async function send() {
  const form = currentForm();
  if (!form) {
    announce("请先选择接口 Choose an action first");
    $("#search").focus();
    return;
  }
  const { secretId, secretKey } = typedCredentials();
  if (!secretId || !secretKey) {
    const missing = !secretId ? input("#secret-id") : input("#secret-key");
    missing.setAttribute("aria-invalid", "true");
    missing.focus();
    announce("请填写 SecretId 和 SecretKey · Enter the SecretId and SecretKey");
    return;
  }
  input("#secret-id").removeAttribute("aria-invalid");
  input("#secret-key").removeAttribute("aria-invalid");
  const sendButton = button("#send");
  sendButton.disabled = true;
  sendButton.textContent = "发送中 Sending…";
  const action = form.dataset.action ?? "";
  try {
    const signed = await signRequest({
      // The form's own service and version: essbasic's key signs with the scope's service `essbasic`.
      service: form.dataset.service,
      version: form.dataset.version,
      secretId,
      secretKey,
      action,
      params: readParams(form),
      host: location.host,
      signMethod: signMethod(),
      reqMethod: reqMethod(),
      language: /** @type {"zh-CN" | "en-US"} */ (select("#language").value),
    });
    const headers = { ...signed.http.headers };
    delete headers.Host; // the browser sends the page's own host, which is what was signed
    const started = performance.now();
    const response = await fetch(signed.http.path, {
      method: signed.http.method,
      headers,
      body: signed.http.method === "POST" ? signed.http.body : undefined,
      cache: "no-store",
      credentials: "omit",
    });
    const text = await response.text();
    renderResult({ action, signed, response, text, ms: Math.round(performance.now() - started) }, secretId);
  } catch (error) {
    renderResult({ action, error }, secretId);
  } finally {
    sendButton.disabled = !hasWebCrypto();
    sendButton.textContent = "发送 Send";
  }
}

/** Asks essd for the current form's call in the four SDKs and shows them. */
export async function generate() {
  const form = currentForm();
  if (!form) {
    announce("请先选择接口 Choose an action first");
    return;
  }
  const request = { service: form.dataset.service, action: form.dataset.action, params: readParams(form), endpoint: location.host, signMethod: signMethod(), reqMethod: reqMethod() };
  const response = await fetch("/explorer/snippets", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request), cache: "no-store" });
  renderSnippets(response.ok, response.status, await response.json());
}
