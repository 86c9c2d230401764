/**
 * The HTTP headers the site needs, in one place: the dev server sends the base ones, and the build
 * writes all of them, with the Content-Security-Policy, to `dist/_headers` (Netlify / Cloudflare
 * Pages format, read back by `scripts/serve.ts`) and to an nginx include. Cross-origin isolation
 * lets Stop raise KeyboardInterrupt through shared memory.
 *
 * `_headers` semantics, as Cloudflare Pages applies them (and `headersForPath` here): every block
 * whose path matches applies, in file order; a header a later block sets again is joined to the
 * earlier value with ", ", unless the later block first detaches it with `! Name`. Two
 * Content-Security-Policy values joined that way are two policies, both enforced, so the JavaScript
 * engine's block detaches the site-wide policy before it sets its own. Netlify ignores the `!`
 * line (it has no colon) and lets the later block's value win.
 */

/** Headers of every response: cross-origin isolation and no content sniffing. */
export const siteHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** One block of a `_headers` file: a path pattern, headers to detach from earlier blocks, headers to set. */
export interface HeaderRule {
  path: string;
  detach: string[];
  set: Record<string, string>;
}

export const CSP = 'Content-Security-Policy';

/** Files whose names carry their content's hash: kept for a year, never revalidated. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (pages, the engine's unhashed files): stored, but revalidated on every use (ETag / Last-Modified). */
export const CACHE_REVALIDATE = 'no-cache';
export const CACHE_CONTROL = 'Cache-Control';

/**
 * The rules of the built site: the base headers, the pages' policy and `no-cache` everywhere; a
 * year's `immutable` on the hashed files (`immutable` patterns, each detaching the site-wide
 * Cache-Control first); and the JS engine's policy on its worker.
 */
export function siteHeaderRules(
  policy: { page: string; jsWorkerPath: string; jsWorker: string },
  base = '/',
  immutable: string[] = [],
): HeaderRule[] {
  return [
    { path: `${base.replace(/\/?$/, '/')}*`, detach: [], set: { ...siteHeaders, [CACHE_CONTROL]: CACHE_REVALIDATE, [CSP]: policy.page } },
    ...immutable.map((path) => ({ path, detach: [CACHE_CONTROL], set: { [CACHE_CONTROL]: CACHE_IMMUTABLE } })),
    { path: policy.jsWorkerPath, detach: [CSP], set: { [CSP]: policy.jsWorker } },
  ];
}

/** The `_headers` file for static hosts that read one. */
export function headersFile(rules: HeaderRule[]): string {
  return rules
    .map((rule) => {
      const lines = [
        ...rule.detach.map((name) => `  ! ${name}`),
        ...Object.entries(rule.set).map(([name, value]) => `  ${name}: ${value}`),
      ];
      return `${rule.path}\n${lines.join('\n')}\n`;
    })
    .join('\n');
}

/** Reads a `_headers` file back into its blocks. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      rules.push({ path: line, detach: [], set: {} });
      continue;
    }
    const rule = rules.at(-1);
    if (!rule) throw new Error(`_headers: "${line}" comes before any path`);
    if (line.startsWith('!')) {
      rule.detach.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`_headers: "${line}" is neither "Name: value" nor "! Name"`);
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    rule.set[name] = rule.set[name] === undefined ? value : `${rule.set[name]}, ${value}`;
  }
  return rules;
}

/** A `_headers` path pattern as a regular expression source: `*` matches anything, `:name` one segment. */
export function patternSource(pattern: string): string {
  const parts = pattern.split(/(\*|:[A-Za-z]\w*)/);
  const source = parts.map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')));
  return `^${source.join('')}$`;
}

/** The headers of several blocks applied in order: detached names dropped, repeated names joined. */
export function mergeRules(rules: HeaderRule[]): Record<string, string> {
  const headers = new Map<string, { name: string; value: string }>();
  const setBefore = new Set<string>();
  for (const rule of rules) {
    for (const name of rule.detach) headers.delete(name.toLowerCase());
    for (const [name, value] of Object.entries(rule.set)) {
      const key = name.toLowerCase();
      const earlier = setBefore.has(key) ? headers.get(key) : undefined;
      headers.set(key, { name, value: earlier ? `${earlier.value}, ${value}` : value });
      setBefore.add(key);
    }
  }
  return Object.fromEntries([...headers.values()].map(({ name, value }) => [name, value]));
}

/** The headers a response for `pathname` gets: every matching block, in file order. */
export function headersForPath(rules: HeaderRule[], pathname: string): Record<string, string> {
  return mergeRules(rules.filter((rule) => new RegExp(patternSource(rule.path)).test(pathname)));
}

/**
 * MIME types of the files the site serves, set by the nginx include in place of the host's table:
 * Debian's nginx 1.22 has no `mjs` (the engine's module scripts, refused by browsers as
 * application/octet-stream), and a host's table may lack `wasm`.
 */
export const NGINX_TYPES: Record<string, string[]> = {
  'text/html': ['html'],
  'text/css': ['css'],
  'text/javascript': ['js', 'mjs'],
  'application/json': ['json', 'map'],
  'application/wasm': ['wasm'],
  'application/zip': ['zip', 'whl'],
  'image/svg+xml': ['svg'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/avif': ['avif'],
  'image/x-icon': ['ico'],
  'font/woff': ['woff'],
  'font/woff2': ['woff2'],
  'text/plain': ['txt'],
  'application/xml': ['xml'],
  'application/manifest+json': ['webmanifest'],
};

/** Whether every path `inner` matches is matched by `outer` too (tested on `inner`'s pattern as text). */
function covers(outer: HeaderRule, inner: HeaderRule): boolean {
  return outer !== inner && new RegExp(patternSource(outer.path)).test(inner.path);
}

/**
 * The same rules as an nginx include for a server block: the site's MIME types, the 404 page, the
 * first (site-wide) rule's headers at server level, and every other rule as a regex location.
 * nginx uses the first regex location that matches and a location with its own add_header inherits
 * none from the server level, so the locations come most specific first and each repeats every
 * header of the rules that cover it, merged as `_headers` merges them.
 */
export function nginxInclude(rules: HeaderRule[], base = '/'): string {
  const [siteWide, ...specific] = rules;
  if (!siteWide || !siteWide.path.endsWith('/*')) throw new Error('the first header rule must cover the whole site');
  const addHeaders = (headers: Record<string, string>, indent: string) =>
    Object.entries(headers).map(([name, value]) => {
      if (value.includes('"')) throw new Error(`header ${name} has a double quote, which nginx's add_header would need escaped`);
      return `${indent}add_header ${name} "${value}" always;`;
    });
  const lines = [
    "# Written by `npm run build` for this build (the policy hashes the pages' inline scripts).",
    '# Include it in the server block that serves dist/, before other regex locations.',
    '',
    "# The types of the files the site serves (this replaces the host's table in this server).",
    'types {',
    ...Object.entries(NGINX_TYPES).map(([type, extensions]) => `    ${type} ${extensions.join(' ')};`),
    '}',
    'default_type application/octet-stream;',
    `error_page 404 ${base.replace(/\/?$/, '/')}404.html;`,
    '',
    ...addHeaders(mergeRules([siteWide]), ''),
  ];
  const remaining = [...specific];
  const ordered: HeaderRule[] = [];
  while (remaining.length > 0) {
    const next = remaining.find((rule) => !remaining.some((other) => covers(rule, other))) ?? remaining[0]!;
    ordered.push(next);
    remaining.splice(remaining.indexOf(next), 1);
  }
  for (const rule of ordered) {
    const applying = rules.filter((other) => other === rule || covers(other, rule));
    lines.push('', `location ~ "${patternSource(rule.path)}" {`, ...addHeaders(mergeRules(applying), '    '), '}');
  }
  return `${lines.join('\n')}\n`;
}
