/**
 * A first line of defence for HTML mail: drops active content (scripts, frames, plugins, forms,
 * base/meta redirects), inline event handlers and script URLs. The web app also renders the
 * result in an iframe sandboxed without scripts, which is the boundary that actually holds; this
 * pass keeps the API safe for other clients too.
 */
const ACTIVE_BLOCKS = /<(script|iframe|object|embed|applet|noscript|template|form)\b[\s\S]*?<\/\1\s*>/gi;
const ACTIVE_TAGS = /<\/?(script|iframe|object|embed|applet|noscript|template|form|base|meta|link|frame|frameset)\b[^>]*>/gi;
const EVENT_ATTRS = /\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
const SCRIPT_URLS = /\s+(href|src|action|formaction|xlink:href|background|poster)\s*=\s*("\s*(?:javascript|vbscript|data):[^"]*"|'\s*(?:javascript|vbscript|data):[^']*'|(?:javascript|vbscript|data):[^\s>]*)/gi;
const SRCDOC = /\s+srcdoc\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

export function sanitizeHtml(html: string): string {
  let out = html;
  // Repeat until stable so nested or split constructs cannot reassemble after one pass.
  for (let i = 0; i < 5; i++) {
    const next = out.replace(ACTIVE_BLOCKS, '').replace(ACTIVE_TAGS, '').replace(EVENT_ATTRS, '').replace(SCRIPT_URLS, '').replace(SRCDOC, '');
    if (next === out) break;
    out = next;
  }
  return out;
}
