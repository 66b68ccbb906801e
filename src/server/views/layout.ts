/** The pages' frame: the one stylesheet (by hash in the CSP), the page shell, status labels, the error pages. */
import { createHash } from "node:crypto";
import { escapeHtml } from "./format.js";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}a{color:#0969da}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:normal}
.passed{color:#1a7f37}.failed,.error{color:#cf222e}.skipped{color:#9a6700}
code,pre{font:12px ui-monospace,monospace}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:.5rem;margin:.25rem 0}
.muted{color:#656d76}time{white-space:nowrap}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:1rem 0;padding:.6rem;background:#f6f8fa}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#656d76}
input,select,button{font:inherit;padding:.2rem .4rem}nav.pages{display:flex;gap:1rem;margin:1rem 0}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
table.runs th,table.runs td{white-space:nowrap;overflow-wrap:normal}table.runs td.text{white-space:normal;overflow-wrap:anywhere;min-width:7rem}
.signer code{white-space:nowrap}
h1,h2,p,li,figcaption,dd{overflow-wrap:anywhere}a:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.flaky{color:#8250df}.outcome{white-space:nowrap}.scroll{overflow-x:auto}
.charts{display:flex;flex-wrap:wrap;gap:1rem 2rem}.charts figure{flex:1 1 20rem;min-width:0;max-width:40rem;margin:0}
svg.chart{display:block;width:100%;height:auto}figcaption{font-size:12px;color:#656d76}img.badge{vertical-align:middle}
ol.strip{display:flex;flex-wrap:wrap;gap:3px;list-style:none;padding:0;margin:.5rem 0}
a.mark{display:block;width:1.6rem;height:1.6rem;line-height:1.6rem;text-align:center;text-decoration:none;font-weight:700;border-radius:3px;color:#fff}
a.mark.passed{background:#1a7f37}a.mark.failed{background:#cf222e}a.mark.error{background:#82071e}a.mark.flaky{background:#8250df}a.mark.skipped{background:#9a6700}
ul.branches{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;padding-left:1.2rem}ol.failures{padding-left:1.2rem}ol.failures pre{max-height:12rem;overflow:auto}
table.facts th{width:9rem}table.tests th,table.compare th{overflow-wrap:normal}code.where{overflow-wrap:anywhere}h1.test-name .muted{font-size:1rem;font-weight:400}`;

/** The pages' only stylesheet, allowed by its hash in the Content-Security-Policy (no 'unsafe-inline'). */
export const STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;

/** A whole HTML page: its title, the one stylesheet, and `body` (already escaped). */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function status(s: string): string {
  return `<span class="${escapeHtml(s)}">${escapeHtml(s)}</span>`;
}

export function notFoundPage(): string {
  return page("Jux: not found", `<h1>Not found</h1><p><a href="/">All runs</a></p>`);
}

/** A refused request to a page (a bad filter value, say), as a page rather than the API's JSON. */
export function errorPage(
  status: number,
  error: string,
  message: string,
  suggestions: string[] = [],
): string {
  const tips = suggestions.length
    ? `<ul>${suggestions.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>`
    : "";
  return page(
    `Jux: ${error}`,
    `<h1>${escapeHtml(error)} (${status})</h1><p>${escapeHtml(message)}</p>${tips}<p><a href="/">All runs</a></p>`,
  );
}
