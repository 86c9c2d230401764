import { describe, expect, it } from 'vitest';
import {
  CACHE_IMMUTABLE,
  CSP,
  headersFile,
  headersForPath,
  nginxInclude,
  parseHeadersFile,
  patternSource,
  siteHeaderRules,
  siteHeaders,
  type HeaderRule,
} from '../../src/build/site-headers.ts';

const POLICY = {
  page: "default-src 'self'; script-src 'self' 'sha256-abc='",
  jsWorkerPath: '/_astro/js-engine-worker-*',
  jsWorker: "default-src 'self'; script-src 'self' 'unsafe-eval'",
};
const IMMUTABLE = ['/_astro/*', '/pyodide/heapbook-snapshot.*.bin'];
const rules = siteHeaderRules(POLICY, '/', IMMUTABLE);
const revalidated = { ...siteHeaders, 'Cache-Control': 'no-cache' };

describe('_headers file', () => {
  it('writes the site-wide block, then the worker block that detaches the policy before setting its own', () => {
    const text = headersFile(rules);
    expect(text).toMatch(/^\/\*\n  Cross-Origin-Opener-Policy: same-origin\n/);
    expect(text).toContain('\n  Cache-Control: no-cache\n');
    expect(text).toContain(`\n/_astro/*\n  ! Cache-Control\n  Cache-Control: ${CACHE_IMMUTABLE}\n`);
    expect(text).toContain(`\n/_astro/js-engine-worker-*\n  ! ${CSP}\n  ${CSP}: ${POLICY.jsWorker}\n`);
    expect(parseHeadersFile(text)).toEqual(rules);
  });

  it('reads comments, blank lines, several blocks and a header repeated in one block', () => {
    const text = '# comment\n/assets/*\n  Cache-Control: max-age=1\n\n/*\n  X-A: 1\n  X-A: 2\n  ! X-B\n';
    expect(parseHeadersFile(text)).toEqual([
      { path: '/assets/*', detach: [], set: { 'Cache-Control': 'max-age=1' } },
      { path: '/*', detach: ['X-B'], set: { 'X-A': '1, 2' } },
    ]);
  });

  it('says which line it cannot read', () => {
    expect(() => parseHeadersFile('  X-A: 1\n')).toThrow('"X-A: 1" comes before any path');
    expect(() => parseHeadersFile('/*\n  no colon here\n')).toThrow('"no colon here" is neither');
  });
});

describe('headers for a path', () => {
  it("gives pages and the Python engine the site's headers and policy", () => {
    for (const path of ['/en/gc/', '/', '/pyodide/pyodide.asm.wasm', '/pyodide/heapbook-snapshot.json']) {
      expect(headersForPath(rules, path), path).toEqual({ ...revalidated, [CSP]: POLICY.page });
    }
  });

  it('keeps hashed files for a year, with nothing else joined to their Cache-Control', () => {
    for (const path of ['/_astro/engine-worker-Ab1.js', '/_astro/index.B2x.css', '/pyodide/heapbook-snapshot.fd4b44ef885e0c6d.bin']) {
      expect(headersForPath(rules, path), path).toEqual({ ...siteHeaders, 'Cache-Control': CACHE_IMMUTABLE, [CSP]: POLICY.page });
    }
    const underBase = siteHeaderRules(POLICY, '/training/heapbook', ['/training/heapbook/_astro/*']);
    expect(underBase[0]?.path).toBe('/training/heapbook/*');
    expect(headersForPath(underBase, '/training/heapbook/_astro/a.1.js')['Cache-Control']).toBe(CACHE_IMMUTABLE);
    expect(headersForPath(underBase, '/training/heapbook/en/')['Cache-Control']).toBe('no-cache');
  });

  it("gives the JavaScript engine's worker its own policy alone, and the other headers", () => {
    expect(headersForPath(rules, '/_astro/js-engine-worker-fWTAqCBa.js')).toEqual({
      ...siteHeaders,
      'Cache-Control': CACHE_IMMUTABLE,
      [CSP]: POLICY.jsWorker,
    });
  });

  it('joins a header that two matching blocks set, as Cloudflare Pages does, unless the later one detaches it', () => {
    const joined: HeaderRule[] = [
      { path: '/*', detach: [], set: { [CSP]: 'a', 'X-Robots-Tag': 'noindex' } },
      { path: '/static/*', detach: [], set: { [CSP]: 'b', 'x-robots-tag': 'nosnippet' } },
    ];
    expect(headersForPath(joined, '/static/x.css')).toEqual({ [CSP]: 'a, b', 'x-robots-tag': 'noindex, nosnippet' });
    expect(headersForPath(joined, '/other')).toEqual({ [CSP]: 'a', 'X-Robots-Tag': 'noindex' });
    const detachOnly: HeaderRule[] = [joined[0]!, { path: '/*.jpg', detach: [CSP], set: {} }];
    expect(headersForPath(detachOnly, '/a.jpg')).toEqual({ 'X-Robots-Tag': 'noindex' });
  });

  it('matches splats anywhere, placeholders within one segment, and dots literally', () => {
    const re = (p: string) => new RegExp(patternSource(p));
    expect(re('/movies/:title').test('/movies/jaws')).toBe(true);
    expect(re('/movies/:title').test('/movies/jaws/2')).toBe(false);
    expect(re('/a/x-*').test('/a/x-1/b')).toBe(true);
    expect(re('/a.js').test('/a.js')).toBe(true);
    expect(re('/a.js').test('/abjs')).toBe(false);
    expect(re('/en/*').test('/zh-cn/en/')).toBe(false);
  });
});

describe('nginx include', () => {
  const text = nginxInclude(rules);
  const locations = [...text.matchAll(/^location ~ "(.+)" \{\n([\s\S]*?)\n\}$/gm)].map((m) => ({
    regex: new RegExp(m[1] ?? ''),
    body: m[2] ?? '',
  }));
  /** The headers nginx adds to a path: those of the first regex location that matches, else the server level's. */
  const nginxHeaders = (path: string) => {
    const body = locations.find((l) => l.regex.test(path))?.body ?? text.slice(0, text.indexOf('\nlocation ~'));
    return Object.fromEntries([...body.matchAll(/^\s*add_header (\S+) "(.*)" always;$/gm)].map((m) => [m[1], m[2]]));
  };

  it('adds the site-wide headers at server level, quoted for nginx', () => {
    expect(text).toContain(`\nadd_header ${CSP} "${POLICY.page}" always;\n`);
    expect(text).toContain('\nadd_header Cross-Origin-Embedder-Policy "require-corp" always;\n');
    expect(text).toContain('\nadd_header Cache-Control "no-cache" always;\n');
  });

  it('gives every path the headers `_headers` gives it, the worker and hashed files included', () => {
    expect(locations).toHaveLength(3);
    for (const path of [
      '/en/gc/',
      '/pyodide/pyodide.mjs',
      '/_astro/engine-worker-Ab1.js',
      '/_astro/js-engine-worker-fWTAqCBa.js',
      '/pyodide/heapbook-snapshot.fd4b44ef885e0c6d.bin',
    ]) {
      expect(nginxHeaders(path), path).toEqual(headersForPath(rules, path));
    }
    // The worker's location comes before the one of all hashed assets, which would also match it.
    const worker = locations.findIndex((l) => l.regex.test('/_astro/js-engine-worker-fWTAqCBa.js'));
    const assets = locations.findIndex((l) => l.regex.test('/_astro/engine-worker-Ab1.js'));
    expect(worker).toBeGreaterThanOrEqual(0);
    expect(worker).toBeLessThan(assets);
    expect(locations[worker]?.body).not.toContain(POLICY.page);
  });

  it("sets the MIME types the site needs, whatever the host's table says, and the 404 page under the base", () => {
    expect(text).toMatch(/\ntypes \{\n[^}]*\n    text\/javascript js mjs;\n/);
    expect(text).toContain('\n    application/wasm wasm;\n');
    expect(text).toContain('\nerror_page 404 /404.html;\n');
    expect(nginxInclude(siteHeaderRules(POLICY, '/training/heapbook'), '/training/heapbook')).toContain(
      '\nerror_page 404 /training/heapbook/404.html;\n',
    );
  });

  it('refuses a value nginx would need escaped, and rules without a site-wide block first', () => {
    expect(() => nginxInclude([{ path: '/*', detach: [], set: { 'X-A': 'say "hi"' } }])).toThrow('double quote');
    expect(() => nginxInclude([{ path: '/a', detach: [], set: {} }])).toThrow('whole site');
  });
});
