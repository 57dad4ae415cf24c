// essd API Explorer: reads the server-rendered forms back into parameters, signs in the page with Web Crypto
// (signing.js), sends to essd's own `/`, and shows every step. The SecretKey stays in this page: it is read
// from its input when signing and stored only if the user asks (sessionStorage, this tab only).
// Everything taken from a response or an input is written with textContent, never as markup.
import { hasWebCrypto, parseExpected, signRequest } from "./signing.js";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
const KEY_STORAGE = "essd-explorer-secret-key";
const PREFS_STORAGE = "essd-explorer-prefs";

/** Creates an element; children are nodes or strings (strings become text, never markup). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child);
  return node;
}

// sessionStorage can be unavailable (privacy settings) or hold anything; the page works without it.
const storage = {
  get(key) {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      if (value === undefined) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch {
      // not remembered; nothing else depends on it
    }
  },
};

function readPrefs() {
  try {
    const prefs = JSON.parse(storage.get(PREFS_STORAGE) ?? "{}");
    return prefs && typeof prefs === "object" ? prefs : {};
  } catch {
    return {};
  }
}

const announce = (text) => {
  const announcer = $("#announcer");
  announcer.textContent = "";
  // A fresh text node after clearing makes screen readers read a repeated message again.
  requestAnimationFrame(() => (announcer.textContent = text));
};

// ---------- Action list and search ----------

function currentActionName() {
  const name = decodeURIComponent(location.hash.slice(1));
  return name && document.getElementById(name)?.matches("[data-action-section]") && name !== "intro" ? name : undefined;
}

const currentForm = () => {
  const name = currentActionName();
  return name ? $(`#${CSS.escape(name)} form.call-form`) : undefined;
};

function showAction(focus) {
  const name = currentActionName();
  for (const section of $$("[data-action-section]")) section.hidden = name ? section.id !== name : section.id !== "intro";
  for (const link of $$("[data-action-link]")) {
    if (link.dataset.actionLink === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${name ? `${name} · ` : ""}API Explorer · essd`;
  $("#params-card").hidden = !name;
  $("#result").hidden = true;
  $("#snippets").hidden = true;
  updatePreview();
  if (focus) $(`#${CSS.escape(name ? `h-${name}` : "intro-h")}`)?.focus();
}

function setUpSearch() {
  const search = $("#search");
  const items = $$("#action-list li");
  const filter = () => {
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const match = terms.every((t) => item.dataset.search.includes(t));
      item.hidden = !match;
      if (match) shown++;
    }
    $("#search-status").textContent = terms.length ? `${shown} / ${items.length} 个接口 actions match` : `${items.length} 个接口 actions`;
    $("#search-empty").hidden = shown > 0;
  };
  search.addEventListener("input", filter);
  search.addEventListener("keydown", (event) => {
    const first = items.find((item) => !item.hidden)?.querySelector("a");
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
    const links = items.filter((item) => !item.hidden).map((item) => item.querySelector("a"));
    const at = links.indexOf(document.activeElement);
    if (at === -1) return;
    event.preventDefault();
    if (event.key === "ArrowUp" && at === 0) search.focus();
    else links[Math.min(links.length - 1, Math.max(0, at + (event.key === "ArrowDown" ? 1 : -1)))].focus();
  });
}

// ---------- Array rows ----------

let idCounter = 0;

/** Ids inside a row template are shared by every copy; each new row gets its own, references included. */
function uniquifyIds(fragment) {
  const suffix = `-r${++idCounter}`;
  const renamed = new Map();
  for (const node of fragment.querySelectorAll("[id]")) {
    renamed.set(node.id, node.id + suffix);
    node.id += suffix;
  }
  for (const attribute of ["for", "aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const node of fragment.querySelectorAll(`[${attribute}]`)) {
      node.setAttribute(attribute, node.getAttribute(attribute).split(" ").map((id) => renamed.get(id) ?? id).join(" "));
    }
  }
}

const rowsOf = (array) => Array.from(array.querySelector(":scope > [data-rows]").children);

function addRow(array) {
  const fragment = array.querySelector(":scope > template[data-row-template]").content.cloneNode(true);
  uniquifyIds(fragment);
  const row = fragment.firstElementChild;
  array.querySelector(":scope > [data-rows]").append(fragment);
  addInitialRows(row);
  renumber(array);
  return row;
}

function renumber(array) {
  const rows = rowsOf(array);
  const name = array.dataset.name;
  rows.forEach((row, i) => {
    row.querySelector(":scope > .row-head [data-row-label]").textContent = `${name}[${i}]`;
    row.querySelector(":scope > .row-head [data-remove-row]").setAttribute("aria-label", `删除 Remove ${name}[${i}]`);
  });
  const max = array.dataset.maxItems;
  array.querySelector(":scope > [data-row-count]").textContent = max ? `${rows.length} / ${max}` : `${rows.length}`;
}

function addInitialRows(root) {
  const arrays = root.matches?.("[data-node=array]") ? [root] : [];
  for (const array of [...arrays, ...root.querySelectorAll("[data-node=array]")]) {
    const wanted = Number(array.dataset.initialRows || 0);
    while (rowsOf(array).length < wanted) addRow(array);
    renumber(array);
  }
}

function setUpRows() {
  for (const form of $$("form.call-form")) addInitialRows(form);
  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-row]");
    if (add) {
      const array = add.closest("[data-node=array]");
      const row = addRow(array);
      row.querySelector("input, select, textarea")?.focus();
      announce(`已添加 Added ${array.dataset.name}[${rowsOf(array).length - 1}]`);
      fillOperator();
      updatePreview();
      return;
    }
    const remove = event.target.closest("[data-remove-row]");
    if (remove) {
      const row = remove.closest("[data-row]");
      const array = row.closest("[data-node=array]");
      const label = row.querySelector("[data-row-label]").textContent;
      const next = row.nextElementSibling ?? row.previousElementSibling;
      row.remove();
      renumber(array);
      (next?.querySelector("input, select, textarea, button") ?? array.querySelector(":scope > [data-add-row]")).focus();
      announce(`已删除 Removed ${label}`);
      updatePreview();
    }
  });
}

// ---------- Reading a form into parameters ----------

/** The nodes directly inside `node` (not inside one of its children). */
const childNodes = (node) => $$("[data-node]", node).filter((child) => child.parentElement.closest("[data-node]") === node);

function readScalar(node) {
  const input = node.querySelector("[data-input]");
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

function readNode(node) {
  switch (node.dataset.node) {
    case "object": {
      const out = {};
      for (const child of childNodes(node)) {
        const value = readNode(child);
        if (value !== undefined) out[child.dataset.key] = value;
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

const readParams = (form) => (form ? (readNode(form) ?? {}) : {});

let previewQueued = false;
function updatePreview() {
  if (previewQueued) return;
  previewQueued = true;
  requestAnimationFrame(() => {
    previewQueued = false;
    $("#params-json").textContent = JSON.stringify(readParams(currentForm()), null, 2);
  });
}

// ---------- Credentials ----------

function tenantOption() {
  const select = $("#tenant");
  return select?.selectedOptions[0];
}

function savePrefs() {
  const prefs = { tenant: $("#tenant")?.value, operator: $("#operator").value, secretId: $("#secret-id").value, signMethod: $("#sign-method").value, reqMethod: $("#req-method").value, language: $("#language").value };
  storage.set(PREFS_STORAGE, JSON.stringify(prefs));
}

function onTenantChange(prefs = {}) {
  const option = tenantOption();
  if (!option) return;
  $("#tenant-org").textContent = option.value;
  const operators = JSON.parse(option.dataset.operators);
  const secretIds = JSON.parse(option.dataset.secretIds);
  $("#operator").replaceChildren(...operators.map((id) => el("option", {}, id)));
  if (prefs.operator && operators.includes(prefs.operator)) $("#operator").value = prefs.operator;
  $("#secret-ids").replaceChildren(...secretIds.map((id) => el("option", { value: id })));
  $("#secret-id").value = prefs.secretId && secretIds.includes(prefs.secretId) ? prefs.secretId : (secretIds[0] ?? "");
  fillOperator(true);
}

/** Puts the chosen operator into every Operator.UserId the user has not typed over. */
function fillOperator(replace = false) {
  const operator = $("#operator").value;
  for (const input of $$('[data-path="Operator.UserId"] [data-input]')) {
    if (input.value === "" || (replace && input.dataset.autofilled === input.value)) {
      input.value = operator;
      input.dataset.autofilled = operator;
    }
  }
  updatePreview();
}

function setUpCredentials() {
  const prefs = readPrefs();
  const tenant = $("#tenant");
  if (tenant && prefs.tenant && [...tenant.options].some((o) => o.value === prefs.tenant)) tenant.value = prefs.tenant;
  for (const id of ["sign-method", "req-method", "language"]) {
    const key = { "sign-method": "signMethod", "req-method": "reqMethod", language: "language" }[id];
    if (prefs[key] && [...$(`#${id}`).options].some((o) => o.value === prefs[key])) $(`#${id}`).value = prefs[key];
  }
  onTenantChange(prefs);
  tenant?.addEventListener("change", () => {
    onTenantChange();
    savePrefs();
  });
  $("#operator").addEventListener("change", () => {
    fillOperator(true);
    savePrefs();
  });
  for (const id of ["secret-id", "sign-method", "req-method", "language"]) $(`#${id}`).addEventListener("change", savePrefs);

  const key = $("#secret-key");
  const remember = $("#remember-key");
  const stored = storage.get(KEY_STORAGE);
  if (stored) {
    key.value = stored;
    remember.checked = true;
  }
  const persist = () => storage.set(KEY_STORAGE, remember.checked && key.value ? key.value : undefined);
  key.addEventListener("input", persist);
  remember.addEventListener("change", persist);
  $("#toggle-key").addEventListener("click", (event) => {
    const show = key.type === "password";
    key.type = show ? "text" : "password";
    event.currentTarget.setAttribute("aria-pressed", String(show));
    event.currentTarget.textContent = show ? "隐藏 Hide" : "显示 Show";
  });
}

// ---------- Sending ----------

function modeNote() {
  const sign = $("#sign-method").value;
  const method = $("#req-method").value;
  $("#mode-note").textContent =
    sign === "TC3-HMAC-SHA256"
      ? method === "POST"
        ? "TC3 · POST application/json (SDK default)."
        : "TC3 · GET, parameters flattened into the query."
      : `${sign} · ${method === "POST" ? "POST application/x-www-form-urlencoded" : "GET query"}, parameters flattened.`;
}

async function send() {
  const form = currentForm();
  if (!form) {
    announce("请先选择接口 Choose an action first");
    $("#search").focus();
    return;
  }
  const secretKey = $("#secret-key").value;
  const secretId = $("#secret-id").value.trim();
  if (!secretId || !secretKey) {
    const missing = !secretId ? $("#secret-id") : $("#secret-key");
    missing.setAttribute("aria-invalid", "true");
    missing.focus();
    announce("请填写 SecretId 和 SecretKey · Enter the SecretId and SecretKey");
    return;
  }
  $("#secret-id").removeAttribute("aria-invalid");
  $("#secret-key").removeAttribute("aria-invalid");
  const button = $("#send");
  button.disabled = true;
  button.textContent = "发送中 Sending…";
  const action = form.dataset.action;
  try {
    const signed = await signRequest({
      secretId,
      secretKey,
      action,
      params: readParams(form),
      host: location.host,
      signMethod: $("#sign-method").value,
      reqMethod: $("#req-method").value,
      language: $("#language").value,
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
    renderResult({ action, signed, response, text, ms: Math.round(performance.now() - started) });
  } catch (error) {
    renderResult({ action, error });
  } finally {
    button.disabled = !hasWebCrypto();
    button.textContent = "发送 Send";
  }
}

// ---------- Result ----------

function pre(text, label) {
  return el("pre", label ? { tabindex: "0", "aria-label": label } : {}, el("code", {}, text));
}

function step(n, title, note, text) {
  return el("div", { class: "step" }, el("h4", {}, el("span", { class: "n", "aria-hidden": "true" }, String(n)), title, note ? el("span", { class: "note" }, note) : null), pre(text, title));
}

function signingSteps(signed) {
  const s = signed.steps;
  if (signed.kind === "TC3") {
    return [
      step(1, "规范请求 CanonicalRequest", "method, /, query, headers, signed headers, SHA-256 of the payload", s.canonicalRequest),
      step(2, "规范请求的哈希 HashedCanonicalRequest", "SHA-256, lower-case hex", s.hashedCanonicalRequest),
      step(3, "凭证范围 CredentialScope", "UTC date of X-TC-Timestamp / service / tc3_request", s.credentialScope),
      step(4, "待签字符串 StringToSign", "algorithm, timestamp, scope, hashed canonical request", s.stringToSign),
      step(5, "签名 Signature", "HMAC-SHA256 with the key derived from TC3+SecretKey → date → service → tc3_request (not shown)", s.signature),
      step(6, "Authorization 请求头 header", null, s.authorization),
    ];
  }
  return [
    step(1, "排序后的参数 Sorted parameters", "by name, ASCII order, values not encoded", s.sortedParameters),
    step(2, "待签字符串 StringToSign", "method + host + /? + sorted parameters", s.stringToSign),
    step(3, `签名 Signature (${s.signatureMethod})`, "Base64 of HMAC with the SecretKey", s.signature),
  ];
}

function rawRequest(signed) {
  const { method, path, headers, body } = signed.http;
  const lines = [`${method} ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join("\n")}\n\n${body}`;
}

function rawResponse(response, text) {
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText}`, ...[...response.headers].map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join("\n")}\n\n${text}`;
}

/** Line-by-line comparison (both texts have a fixed structure, so lines align). */
function compareLines(title, mine, theirs) {
  const a = mine.split("\n");
  const b = theirs.split("\n");
  const length = Math.max(a.length, b.length);
  const differing = [];
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) differing.push(i);
  const list = (lines, label) =>
    el("ol", { class: "lines", "aria-label": label }, ...Array.from({ length }, (_, i) => el("li", { class: differing.includes(i) ? "diff" : "same" }, differing.includes(i) ? el("span", { class: "visually-hidden" }, "differs: ") : null, lines[i] ?? "")));
  return {
    differing,
    node: el(
      "div",
      {},
      el("h4", {}, `${title}: `, differing.length ? `${differing.length} 行不同 line(s) differ, first at line ${differing[0] + 1}` : "完全一致 identical ✓"),
      el("div", { class: "compare" }, el("div", {}, el("h4", {}, "本页 This page"), list(a, `${title}, this page`)), el("div", {}, el("h4", {}, "essd 期望 essd expected"), list(b, `${title}, essd expected`))),
    ),
  };
}

/** What a canonical-request line is, so the first difference can be named (structure: reference §2, signature-v3.ts). */
function canonicalPart(lines, index) {
  const line = lines[index] ?? "";
  if (index === 0) return "HTTP 方法 the HTTP method";
  if (index === 1) return "路径 the path (always /)";
  if (index === 2) return "查询串 the query string, exactly as sent";
  if (index === lines.length - 1) return "请求体的 SHA-256 the SHA-256 of the body: the body essd received is not the one that was signed";
  if (index === lines.length - 2) return "SignedHeaders 的名单 the list of signed header names";
  if (line.startsWith("host:")) return "Host 头 the Host header (Node's SDK signs it without the port; essd also tries that)";
  if (line.startsWith("content-type:")) return "Content-Type 头 the Content-Type header, exactly as sent";
  return "一个被签名的请求头 a signed header";
}

function diagnosis(signed, expected, secretId) {
  const box = el("section", { class: "diagnosis", "aria-labelledby": "diagnosis-h" }, el("h3", { id: "diagnosis-h" }, "签名诊断 Signature diagnosis"));
  const parts = [];
  let canonicalSame = true;
  let firstDifference = "";
  if (expected.canonicalRequest !== undefined && signed.steps.canonicalRequest !== undefined) {
    const c = compareLines("规范请求 CanonicalRequest", signed.steps.canonicalRequest, expected.canonicalRequest);
    canonicalSame = c.differing.length === 0;
    if (!canonicalSame) firstDifference = ` 第一处不同 First difference, line ${c.differing[0] + 1}: ${canonicalPart(expected.canonicalRequest.split("\n"), c.differing[0])}.`;
    parts.push(c.node);
  }
  const s = compareLines("待签字符串 StringToSign", signed.steps.stringToSign, expected.stringToSign);
  parts.push(s.node);
  const verdict =
    canonicalSame && s.differing.length === 0
      ? `本页计算的规范请求和待签字符串与 essd 完全一致，所以是密钥不对：SecretKey 与 SecretId ${secretId} 不匹配（输错了，或是另一个密钥的）。The canonical request and string to sign match essd's exactly, so the key is wrong: this SecretKey does not belong to SecretId ${secretId} (mistyped, or another key's).`
      : `下面标出了本页与 essd 计算结果不同的行；签名覆盖的内容必须逐字节一致。The marked lines differ between this page and essd; what is signed must match byte for byte.${firstDifference}`;
  box.append(el("p", { class: "verdict" }, verdict), ...parts);
  return box;
}

function summaryFields(body) {
  const entries = Object.entries(body ?? {}).filter(([k, v]) => k !== "Error" && (typeof v !== "object" || v === null));
  if (!entries.length) return null;
  return el("dl", { class: "kv" }, ...entries.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))]));
}

function renderResult({ action, signed, response, text, ms, error }) {
  const body = $("#result-body");
  body.replaceChildren();
  if (error) {
    body.append(el("div", { class: "status bad" }, el("strong", {}, "请求未完成 Request failed"), el("p", { class: "message" }, String(error?.message ?? error))));
  } else {
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const answer = json?.Response;
    const failure = answer?.Error;
    const expected = failure?.Code === "AuthFailure.SignatureFailure" ? parseExpected(failure.Message) : undefined;
    // The diagnosis below lays out essd's expected values; the status keeps the sentence before them.
    const message = expected ? failure.Message.split("\nessd expected")[0] : failure?.Message;
    const status = el(
      "div",
      { class: `status ${failure || !answer ? "bad" : "ok"}` },
      el("strong", {}, failure ? `✗ ${failure.Code}` : answer ? "✓ 成功 Success" : `HTTP ${response.status}`),
      el("span", {}, `${action} · ${signed.http.method} · ${ms} ms`),
      answer?.RequestId ? el("span", {}, "RequestId ", el("code", { "data-request-id": "" }, answer.RequestId)) : null,
      failure ? el("p", { class: "message" }, message) : null,
    );
    body.append(status);
    if (expected) body.append(diagnosis(signed, expected, $("#secret-id").value.trim()));
    else if (failure?.Code === "AuthFailure.SignatureFailure") body.append(el("p", { class: "alert" }, "essd 未附带期望值（生产模式）。essd sent no expected values (production mode)."));
    if (!failure) body.append(summaryFields(answer) ?? "");
    body.append(
      el("details", { open: true }, el("summary", {}, "响应 Response (JSON)"), pre(json ? JSON.stringify(json, null, 2) : text, "Response JSON")),
      el("details", { open: true, class: "signing-steps" }, el("summary", {}, `签名步骤 Signature steps (${signed.kind === "TC3" ? "TC3-HMAC-SHA256" : signed.steps.signatureMethod})`), ...signingSteps(signed)),
      el("details", {}, el("summary", {}, "原始 HTTP 请求 Raw HTTP request"), pre(rawRequest(signed), "Raw HTTP request")),
      el("details", {}, el("summary", {}, "原始 HTTP 响应 Raw HTTP response"), pre(rawResponse(response, text), "Raw HTTP response")),
    );
    announce(failure ? `错误 Error ${failure.Code}` : `成功 Success, RequestId ${answer?.RequestId ?? ""}`);
  }
  const section = $("#result");
  section.hidden = false;
  $("#result-h").focus();
}

// ---------- SDK code ----------

async function generate() {
  const form = currentForm();
  if (!form) {
    announce("请先选择接口 Choose an action first");
    return;
  }
  const request = {
    action: form.dataset.action,
    params: readParams(form),
    endpoint: location.host,
    signMethod: $("#sign-method").value,
    reqMethod: $("#req-method").value,
  };
  const response = await fetch("/explorer/snippets", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request), cache: "no-store" });
  const answer = await response.json();
  const body = $("#snippets-body");
  if (!response.ok) {
    body.replaceChildren(el("p", { class: "alert error" }, answer.error ?? `HTTP ${response.status}`));
  } else {
    body.replaceChildren(tabs(answer.snippets));
  }
  $("#snippets").hidden = false;
  $("#snippets-h").focus();
}

/** WAI-ARIA tabs: arrow keys move between tabs, Tab goes into the panel. */
function tabs(snippets) {
  const list = el("div", { role: "tablist", "aria-label": "SDK 语言 SDK language" });
  const panels = [];
  const select = (index, focus) => {
    list.querySelectorAll("[role=tab]").forEach((tab, i) => {
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
        range.selectNodeContents(panels[i].querySelector("code"));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
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

// ---------- Start ----------

function resetForm() {
  const form = currentForm();
  if (!form) return;
  for (const array of $$("[data-node=array]", form)) for (const row of rowsOf(array)) row.remove();
  form.reset();
  for (const input of $$("[data-autofilled]", form)) delete input.dataset.autofilled;
  addInitialRows(form);
  fillOperator();
  announce("表单已清空 Form cleared");
}

function start() {
  if (!hasWebCrypto()) {
    $("#crypto-warning").hidden = false;
    const link = $("#crypto-local-link");
    link.href = `http://127.0.0.1${location.port ? `:${location.port}` : ""}/explorer${location.hash}`;
    link.textContent = link.href;
    $("#send").disabled = true;
  }
  setUpSearch();
  setUpRows();
  setUpCredentials();
  modeNote();
  for (const id of ["sign-method", "req-method"]) $(`#${id}`).addEventListener("change", modeNote);
  window.addEventListener("hashchange", () => showAction(true));
  showAction(false);
  document.addEventListener("input", (event) => {
    if (event.target.closest("form.call-form")) updatePreview();
  });
  document.addEventListener("change", (event) => {
    if (event.target.closest("form.call-form")) updatePreview();
  });
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
