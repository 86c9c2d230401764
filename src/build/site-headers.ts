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

/** The rules of the built site: the base headers and the pages' policy everywhere, the JS engine's policy on its worker. */
export function siteHeaderRules(policy: { page: string; jsWorkerPath: string; jsWorker: string }, base = '/'): HeaderRule[] {
  return [
    { path: `${base.replace(/\/?$/, '/')}*`, detach: [], set: { ...siteHeaders, [CSP]: policy.page } },
    { path: policy.jsWorkerPath, detach: [CSP], set: { [CSP]: policy.jsWorker } },
  ];
}

/** The `_headers` file for static hosts that read one. */
export function headersFile(rules: HeaderRule[]): string {
  return rules
    .map((rule) => {
      const lines = [...rule.detach.map((name) => `  ! ${name}`), ...Object.entries(rule.set).map(([name, value]) => `  ${name}: ${value}`)];
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
 * The same rules as an nginx include for a server block: the first (site-wide) rule's headers at
 * server level, every other rule as a regex location. A location with its own add_header inherits
 * none from the server level, so each location repeats the merged set.
 */
export function nginxInclude(rules: HeaderRule[]): string {
  const [siteWide, ...specific] = rules;
  if (!siteWide || !siteWide.path.endsWith('/*')) throw new Error('the first header rule must cover the whole site');
  const addHeaders = (headers: Record<string, string>, indent: string) =>
    Object.entries(headers).map(([name, value]) => {
      if (value.includes('"')) throw new Error(`header ${name} has a double quote, which nginx's add_header would need escaped`);
      return `${indent}add_header ${name} "${value}" always;`;
    });
  const lines = [
    '# Written by `npm run build` for this build (the policy hashes the pages\' inline scripts).',
    '# Include it in the server block that serves dist/, before other regex locations.',
    ...addHeaders(mergeRules([siteWide]), ''),
  ];
  for (const rule of specific) {
    lines.push('', `location ~ "${patternSource(rule.path)}" {`, ...addHeaders(mergeRules([siteWide, rule]), '    '), '}');
  }
  return `${lines.join('\n')}\n`;
}
