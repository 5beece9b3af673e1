// HTML report: escaping of every piece of user-supplied text before it reaches the page.

/**
 * Text for HTML (and inline SVG) element content and quoted attribute values: `& < > " '` become entities. Control
 * characters other than tab, CR and newline are shown as U+FFFD: they are not allowed in HTML and could confuse a reader.
 */
export function esc(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let r: string | null = null;
    if (c === 0x26) r = '&amp;';
    else if (c === 0x3c) r = '&lt;';
    else if (c === 0x3e) r = '&gt;';
    else if (c === 0x22) r = '&quot;';
    else if (c === 0x27) r = '&#39;';
    else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) r = '\ufffd';
    if (r === null) continue;
    out += s.slice(from, i) + r;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
