/**
 * The HTTP headers the site needs, in one place: the dev and preview servers send them, and the
 * build writes them to `dist/_headers` (Netlify / Cloudflare Pages format) and documents them
 * for nginx. Cross-origin isolation lets Stop raise KeyboardInterrupt through shared memory.
 */
export const siteHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** The `_headers` file for static hosts that read one. */
export function headersFile(headers: Record<string, string> = siteHeaders): string {
  const lines = Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`);
  return `/*\n${lines.join('\n')}\n`;
}

/** Reads a `_headers` file back: the headers of its `/*` block. */
export function parseHeadersFile(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let inAll = false;
  for (const raw of text.split('\n')) {
    if (!raw.trim() || raw.trim().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      inAll = raw.trim() === '/*';
      continue;
    }
    const colon = raw.indexOf(':');
    if (inAll && colon > 0) headers[raw.slice(0, colon).trim()] = raw.slice(colon + 1).trim();
  }
  return headers;
}
