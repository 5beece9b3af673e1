// HTML report: renders the whole report as ONE self-contained HTML page (inline CSS/SVG, no network, no fonts).
import { createHash } from 'node:crypto';
import { ids, renderCell, type DrawnTimelines } from './cell.ts';
import { renderDiff } from './diff.ts';
import { esc } from './escape.ts';
import type { ReportInput } from './input.ts';
import { renderMatrix } from './matrix.ts';
import { SCRIPT } from './script.ts';
import { STYLE } from './style.ts';

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

/**
 * The Content-Security-Policy: nothing may load (no network, no fonts, no images), and only the report's own inline
 * style and script (by hash) may apply, so that even a markup injection could not run script.
 */
function csp(): string {
  return (
    `default-src 'none'; style-src 'sha256-${sha256(STYLE)}'; script-src 'sha256-${sha256(SCRIPT)}'; ` +
    `img-src data:; base-uri 'none'; form-action 'none'`
  );
}

const LEGEND =
  '<div class="legend" aria-label="legend">' +
  '<span><span class="sw sev-violation"></span>violation</span>' +
  '<span><span class="sw sev-bad"></span>a bad outcome the test declares, or a failed expectation</span>' +
  '<span><span class="sw sev-clean"></span>clean</span>' +
  '<span><span class="sw sev-error"></span>model error</span>' +
  '<span>timelines:</span>' +
  '<span><svg width="12" height="12"><path class="mk-get" d="M6 1l4.5 8h-9z"/></svg>get</span>' +
  '<span><svg width="12" height="12"><path class="mk-resurrect" d="M6 1l4.5 8h-9z"/></svg>get on 0</span>' +
  '<span><svg width="12" height="12"><path class="mk-put" d="M6 10l4.5-8h-9z"/></svg>put</span>' +
  '<span><svg width="12" height="12"><path class="mk-lastput" d="M6 10l4.5-8h-9z"/></svg>put to 0</span>' +
  '<span><svg width="12" height="12"><path class="mk-fput" d="M6 .5l5 5.5-5 5.5-5-5.5z"/></svg>__fput</span>' +
  '<span><svg width="12" height="12"><path class="mk-free" d="M2 2l8 8m0-8l-8 8"/></svg>kfree</span>' +
  '<span><svg width="12" height="12"><circle class="mk-wake" cx="6" cy="6" r="4"/></svg>wakeup</span>' +
  '<span><span class="sw lk-mtx"></span>ep-&gt;mtx held</span>' +
  '<span><span class="sw lk-flock"></span>f_lock held</span>' +
  '<span><span class="sw lk-other"></span>other lock held</span>' +
  '<span><span class="sw lk-viol"></span>violating step</span>' +
  '<span><svg width="26" height="12"><path d="M2 6h22" stroke="#8896a3" stroke-dasharray="1 3"/></svg>preempted (the call resumes later)</span>' +
  '<span><svg width="12" height="12"><path d="M6 0v12" stroke="#0d47a1" stroke-width="1.6"/></svg>' +
  '↩ a call the condition names returns (its value)</span>' +
  '</div>';

/** The report page. Deterministic: the same input gives the same bytes (no dates unless the input carries them). */
export function renderHtmlReport(input: ReportInput): string {
  const body: string[] = [];
  body.push(`<header><h1>${esc(input.title)}</h1>`);
  if (input.subtitle !== undefined) body.push(`<p class="sub">${esc(input.subtitle)}</p>`);
  body.push(
    '<div class="toolbar"><button type="button" data-details="open" hidden>expand all</button>' +
      '<button type="button" data-details="close" hidden>collapse all</button></div>',
  );
  body.push(LEGEND, '</header>');
  body.push(`<nav aria-label="summary"><h2 class="sumh">Summary: tests × variants</h2>${renderMatrix(input)}</nav>`);
  input.tests.forEach((t, ti) => {
    body.push(`<section class="test" id="${ids.test(ti)}"><h2>${esc(t.name)}</h2>`);
    if (t.description !== undefined) body.push(`<p class="desc">${esc(t.description)}</p>`);
    if (t.source !== undefined)
      body.push(`<details><summary>test source</summary><pre>${esc(t.source)}</pre></details>`);
    body.push(renderDiff(t));
    const incomplete = new Set(t.cells.filter((c) => !c.complete).map((c) => c.variant));
    const drawn: DrawnTimelines = new Map();
    t.cells.forEach((c, ci) => body.push(renderCell(c, ti, ci, t.name, incomplete, drawn)));
    body.push('<p class="facts"><a href="#matrix">↑ summary</a></p></section>');
  });
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp()}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="generator" content="epoll-lab">` +
    `<title>${esc(input.title)}</title><style>${STYLE}</style></head>\n` +
    `<body><main>${body.join('\n')}</main><script>${SCRIPT}</script></body></html>\n`
  );
}
