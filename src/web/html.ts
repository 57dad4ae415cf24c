/** Markup that is already safe to emit. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Template tag that escapes every interpolated value unless it is SafeHtml (or an array of them). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

/** The simple page frame (one card): readable on a phone without any script or download. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${title} · essd</title>
<style>
body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f4f6fa;color:#1d2129}
main{max-width:34rem;margin:0 auto;padding:1.5rem 1rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.3rem;margin:0 0 .75rem}
.muted{color:#4e5969}
button{font:inherit;background:#0052d9;color:#fff;border:0;border-radius:8px;padding:.7rem 1.2rem;width:100%;cursor:pointer}
button:focus-visible{outline:3px solid #0b1f4d;outline-offset:2px;box-shadow:0 0 0 2px #fff}
footer{margin-top:1rem;font-size:.85rem;color:#4e5969;text-align:center}
</style></head>
<body><main><div class="card">${body}</div><footer>essd · 腾讯电子签兼容沙箱 / Tencent ESS compatible sandbox</footer></main></body></html>`.value;
}

export interface AppFrame {
  /** `zh-CN` or `en`: the page's language, for screen readers and hyphenation. */
  lang: string;
  title: string;
  /** The brand line in the header. */
  brand: string;
  /** The language switch: where it leads, its text, and the language it names. */
  switchTo: { href: string; label: string; lang: string };
  skipLabel: string;
  footer: SafeHtml | string;
  body: SafeHtml;
}

/**
 * The admin's and legal representative's H5 pages: a header with the brand and the language switch, then cards.
 * Mobile first (one column up to 36rem), no script, system fonts, contrast ≥ 4.5:1, a visible focus ring.
 */
export function appPage(frame: AppFrame): string {
  return html`<!doctype html>
<html lang="${frame.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<meta name="referrer" content="no-referrer"><meta name="theme-color" content="#0052d9">
<title>${frame.title} · ${frame.brand}</title>
<style>${new SafeHtml(APP_CSS)}</style></head>
<body class="app"><a class="skip" href="#main">${frame.skipLabel}</a>
<header class="topbar"><div class="topbar-in"><span class="brand"><span class="brand-mark" aria-hidden="true">签</span>${frame.brand}</span>
<a class="lang-switch" href="${frame.switchTo.href}" lang="${frame.switchTo.lang}" hreflang="${frame.switchTo.lang}" id="lang-switch">${frame.switchTo.label}</a></div></header>
<main id="main" tabindex="-1">${frame.body}</main>
<footer class="foot">${frame.footer}</footer></body></html>`.value;
}

const APP_CSS = `
:root{--blue:#0052d9;--blue-d:#003cab;--ink:#1d2129;--dim:#4e5969;--line:#e5e6eb;--bg:#f2f3f5;--ok:#0e6b36;--ok-bg:#e3f6ea;--warn:#8a4b00;--warn-bg:#fff3de;--bad:#b42318;--bad-bg:#fdeceb;--info-bg:#e8f0fe}
*{box-sizing:border-box}
body.app{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:var(--bg);color:var(--ink);-webkit-text-size-adjust:100%}
.skip{position:absolute;left:-999px;top:.5rem;background:#fff;color:var(--blue-d);padding:.5rem .75rem;border-radius:6px;z-index:9}
.skip:focus{left:.5rem}
.topbar{background:var(--blue);color:#fff}
.topbar-in{max-width:36rem;margin:0 auto;padding:.7rem 1rem;display:flex;align-items:center;justify-content:space-between;gap:1rem}
.brand{font-weight:600;display:flex;align-items:center;gap:.55rem}
.brand-mark{width:1.75rem;height:1.75rem;border-radius:7px;background:#fff;color:var(--blue);display:inline-grid;place-items:center;font-size:.95rem;font-weight:700}
.lang-switch{color:#fff;font-size:.9rem;padding:.3rem .6rem;border:1px solid rgba(255,255,255,.7);border-radius:999px;text-decoration:none;white-space:nowrap}
main{display:block;max-width:36rem;margin:0 auto;padding:1rem}
main:focus{outline:none}
.card{background:#fff;border-radius:12px;padding:1.15rem 1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08);margin:0 0 1rem}
h1{font-size:1.35rem;line-height:1.35;margin:.25rem 0 .5rem}
h2{font-size:1.1rem;line-height:1.4;margin:0 0 .6rem}
p{margin:.4rem 0}
.eyebrow{color:var(--blue-d);font-size:.85rem;font-weight:600;margin:0}
.muted,.hint{color:var(--dim)}
.hint{font-size:.875rem;margin:.3rem 0 0}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;overflow-wrap:anywhere}
a{color:var(--blue-d)}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,.lang-switch:focus-visible{outline:3px solid #0b1f4d;outline-offset:2px;box-shadow:0 0 0 2px #fff}
.btn{display:block;width:100%;font:inherit;font-weight:600;text-align:center;text-decoration:none;border-radius:8px;padding:.7rem 1rem;min-height:3rem;border:1px solid var(--blue);cursor:pointer;margin:.75rem 0 0}
.btn-primary{background:var(--blue);color:#fff}
.btn-primary:hover{background:var(--blue-d)}
.btn-secondary{background:#fff;color:var(--blue-d)}
.btn-danger{background:#fff;color:var(--bad);border-color:var(--bad)}
.btn-link{background:none;border:0;color:var(--blue-d);text-decoration:underline;min-height:auto;padding:.5rem;font-weight:400}
form{margin:0}
label{display:block;font-weight:600;margin:.9rem 0 .3rem}
input[type=text],input[type=tel],input[type=file],textarea{display:block;width:100%;font:inherit;color:var(--ink);background:#fff;padding:.65rem .75rem;border:1px solid #86909c;border-radius:8px}
textarea{min-height:5.5rem;resize:vertical}
input.code{font-size:1.5rem;letter-spacing:.45em;text-align:center;font-variant-numeric:tabular-nums}
.notice{border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem;border-left:4px solid}
form+.notice{margin-top:1rem}
.notice-error{background:var(--bad-bg);color:var(--bad);border-color:var(--bad)}
.notice-ok{background:var(--ok-bg);color:var(--ok);border-color:var(--ok)}
.notice-info{background:var(--info-bg);color:var(--blue-d);border-color:var(--blue)}
.notice-sandbox{background:#fffbe6;color:#5c4400;border:1px dashed #b58900;border-left:4px solid #b58900}
.notice strong{display:block}
.badge{display:inline-block;font-size:.8rem;font-weight:600;line-height:1.5;padding:.1rem .6rem;border-radius:999px;background:#eceef1;color:#3d4551;white-space:nowrap}
.badge-info{background:var(--info-bg);color:var(--blue-d)}
.badge-ok{background:var(--ok-bg);color:var(--ok)}
.badge-warn{background:var(--warn-bg);color:var(--warn)}
.badge-bad{background:var(--bad-bg);color:var(--bad)}
.kv{margin:.25rem 0 0}
.kv div{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;padding:.55rem 0;border-bottom:1px solid var(--line)}
.kv div:last-child{border-bottom:0}
.kv dt{color:var(--dim);flex:none}
.kv dd{margin:0;text-align:right;font-weight:500;overflow-wrap:anywhere}
.orgs{list-style:none;margin:0;padding:0}
.org{display:block;background:#fff;border-radius:12px;padding:1rem 1.25rem;margin:0 0 .75rem;box-shadow:0 1px 3px rgba(0,0,0,.08);color:inherit;text-decoration:none;border:1px solid transparent}
a.org:hover{border-color:var(--blue)}
.org-head{display:flex;justify-content:space-between;align-items:flex-start;gap:.75rem}
.org-name{font-weight:600;overflow-wrap:anywhere}
.org-meta{margin:.25rem 0 0;font-size:.85rem;color:var(--dim)}
.org-next{margin:.4rem 0 0;font-size:.92rem;color:var(--blue-d)}
.steps{list-style:none;display:flex;gap:.3rem;padding:0;margin:.75rem 0 0}
.steps li{flex:1;text-align:center;font-size:.78rem;color:var(--dim);border-top:4px solid var(--line);padding-top:.35rem}
.steps li.done{border-color:var(--ok);color:var(--ok)}
.steps li.current{border-color:var(--blue);color:var(--blue-d);font-weight:600}
.choices{display:grid;gap:.75rem}
.choice{display:block;border:1px solid var(--line);border-radius:10px;padding:.9rem 1rem;color:inherit;text-decoration:none}
.choice:hover{border-color:var(--blue)}
.choice strong{display:block;color:var(--blue-d)}
.checklist{list-style:none;padding:0;margin:.5rem 0 0}
.checklist li{display:flex;justify-content:space-between;align-items:center;gap:.75rem;padding:.6rem 0;border-bottom:1px solid var(--line)}
.checklist li:last-child{border-bottom:0}
.amount{font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}
.record{width:100%;border-collapse:collapse;font-size:.92rem}
.record th,.record td{text-align:left;padding:.5rem .25rem;border-bottom:1px solid var(--line);vertical-align:top}
.record th{color:var(--dim);font-weight:500;width:40%}
.foot{max-width:36rem;margin:0 auto;padding:.5rem 1rem 2rem;font-size:.8rem;color:var(--dim);text-align:center}
@media (min-width:40rem){main{padding-top:1.5rem}}
`;

/** The hidden field every essd form carries its CSRF token in. */
export const csrfField = (token: string): SafeHtml => html`<input type="hidden" name="csrf" value="${token}">`;
