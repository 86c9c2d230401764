/**
 * The site's Content-Security-Policy: what the pages and the engine workers may run, load and
 * connect to. The build computes it from the built pages (hashes of their inline scripts and
 * styles) and `site-headers.ts` delivers it as an HTTP header.
 *
 * Measured in Chromium 156 (headless, a page and a worker served with different headers):
 * a dedicated worker started from a URL, module or classic, is governed by the CSP header of its
 * own response and not by the page's. A page without 'unsafe-eval' starts a worker whose response
 * allows it, and `eval`/`new Function` work there; a page that allows eval starts a worker whose
 * response forbids it, and they throw EvalError there; a worker response without any CSP header
 * is unrestricted. The page's policy only decides whether the worker may start (worker-src).
 * So 'unsafe-eval' is sent only with the JavaScript engine's worker script, which evaluates the
 * reader's code; the pages and the Python worker never allow it.
 *
 * Why not Astro's own `security.csp`: for a static build without an adapter it writes a `<meta>`
 * policy into each page (a meta policy cannot carry frame-ancestors and reaches no worker), and
 * Starlight's `is:inline` scripts would still need hashes of our own. One scanner over the built
 * HTML covers every inline script and style, whoever wrote it.
 */
import { createHash } from 'node:crypto';

/** The inline scripts and `<style>` elements of some HTML, as CSP hash sources. */
export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

/** A CSP source for text, as the browser computes it: SHA-256 of the UTF-8 bytes, base64. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The bodies of the inline `<script>` (no `src`) and `<style>` elements of an HTML document. */
export function inlineBodies(html: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  // Script and style are raw-text elements: their body runs to the first matching end tag.
  const element = /<(script|style)\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/\1\s*>/gi;
  for (const [, tag, attributes = '', body = ''] of withoutComments.matchAll(element)) {
    if (tag?.toLowerCase() === 'style') styles.push(body);
    else if (!/(?:^|\s)src\s*=/i.test(attributes)) scripts.push(body);
  }
  return { scripts, styles };
}

/** The distinct hash sources of the inline scripts and styles of several pages, in a stable order. */
export function inlineHashes(pages: Iterable<string>): InlineHashes {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const html of pages) {
    const bodies = inlineBodies(html);
    for (const body of bodies.scripts) scripts.add(hashSource(body));
    for (const body of bodies.styles) styles.add(hashSource(body));
  }
  return { scripts: [...scripts].sort(), styles: [...styles].sort() };
}

type Directives = Record<string, readonly string[]>;

/** Directives every policy shares, after its script and style sources. */
const SHARED: Directives = {
  // Expressive Code's and Starlight's CSS draw icons from data: SVGs (mask-image, background).
  'img-src': ["'self'", 'data:'],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
};

/** Serialises directives as a header value. */
export function policyText(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * The policy of every page (and every other response but the JavaScript engine's worker).
 * - 'wasm-unsafe-eval' lets WebAssembly compile (Pyodide in the Python worker, Graphviz on the page,
 *   Pagefind's search worker) without letting strings become JavaScript.
 * - Inline scripts (Starlight's theme and sidebar scripts, Astro's hoisted modules) and `<style>`
 *   elements run by hash.
 * - style-src-attr 'unsafe-inline': Expressive Code colours every token with a `style` attribute,
 *   and Starlight sets a few (sidebar depth, icon size): 40 distinct values over 11 pages today,
 *   more with every new code colour. Hashing them ('unsafe-hashes') would go stale with each
 *   chapter and overflow Cloudflare's 2,000-character header line. A style attribute cannot run
 *   script, and what it could load is held by img-src and font-src. (The page's own scripts set
 *   styles through CSSOM, which CSP does not govern.)
 */
export function pagePolicy(hashes: InlineHashes, packageOrigin: string | null = null): string {
  return policyText({
    'default-src': ["'self'"],
    // The hosting team's package base URL on another origin (HEAPBOOK_PACKAGE_BASE_URL): the
    // engine's worker, which shares this policy, may fetch wheels from there and nowhere else.
    ...(packageOrigin ? { 'connect-src': ["'self'", packageOrigin] } : {}),
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...hashes.scripts],
    'style-src': ["'self'", ...hashes.styles],
    'style-src-attr': ["'unsafe-inline'"],
    ...SHARED,
  });
}

/**
 * The policy of the JavaScript engine's worker script, which evaluates the reader's cells:
 * 'unsafe-eval' (which also lets WebAssembly compile), and only same-site modules for `import()`.
 */
export function jsEngineWorkerPolicy(): string {
  return policyText({ 'default-src': ["'self'"], 'script-src': ["'self'", "'unsafe-eval'"], ...SHARED });
}
