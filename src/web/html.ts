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

/** The page frame: readable on a phone without any script or download. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · essd</title>
<style>
body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f4f6fa;color:#1d2129}
main{max-width:34rem;margin:0 auto;padding:1.5rem 1rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.3rem;margin:0 0 .75rem}
.muted{color:#4e5969}
button{font:inherit;background:#0052d9;color:#fff;border:0;border-radius:8px;padding:.7rem 1.2rem;width:100%;cursor:pointer}
button:focus-visible{outline:3px solid #ffb400;outline-offset:2px}
footer{margin-top:1rem;font-size:.85rem;color:#4e5969;text-align:center}
</style></head>
<body><main><div class="card">${body}</div><footer>essd · 腾讯电子签兼容沙箱 / Tencent ESS compatible sandbox</footer></main></body></html>`.value;
}
