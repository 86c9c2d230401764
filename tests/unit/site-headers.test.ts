import { describe, expect, it } from 'vitest';
import {
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

const POLICY = { page: "default-src 'self'; script-src 'self' 'sha256-abc='", jsWorkerPath: '/_astro/js-engine-worker-*', jsWorker: "default-src 'self'; script-src 'self' 'unsafe-eval'" };
const rules = siteHeaderRules(POLICY);

describe('_headers file', () => {
  it('writes the site-wide block, then the worker block that detaches the policy before setting its own', () => {
    const text = headersFile(rules);
    expect(text).toMatch(/^\/\*\n  Cross-Origin-Opener-Policy: same-origin\n/);
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
    for (const path of ['/en/gc/', '/', '/pyodide/pyodide.asm.wasm', '/_astro/engine-worker-Ab1.js']) {
      expect(headersForPath(rules, path), path).toEqual({ ...siteHeaders, [CSP]: POLICY.page });
    }
  });

  it("gives the JavaScript engine's worker its own policy alone, and the other headers", () => {
    expect(headersForPath(rules, '/_astro/js-engine-worker-fWTAqCBa.js')).toEqual({ ...siteHeaders, [CSP]: POLICY.jsWorker });
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

  it('adds the site-wide headers at server level, quoted for nginx', () => {
    expect(text).toContain(`\nadd_header ${CSP} "${POLICY.page}" always;\n`);
    expect(text).toContain('\nadd_header Cross-Origin-Embedder-Policy "require-corp" always;\n');
  });

  it("repeats every header in the worker's location, with the worker's policy in place of the site's", () => {
    const location = text.slice(text.indexOf('\nlocation ~'));
    const regex = /^location ~ "(.+)" \{$/m.exec(location)?.[1] ?? '';
    expect(new RegExp(regex).test('/_astro/js-engine-worker-fWTAqCBa.js')).toBe(true);
    expect(new RegExp(regex).test('/_astro/engine-worker-Ab1.js')).toBe(false);
    expect(location.match(/add_header/g)).toHaveLength(Object.keys(siteHeaders).length + 1);
    expect(location).toContain(`add_header ${CSP} "${POLICY.jsWorker}" always;`);
    expect(location).not.toContain(POLICY.page);
  });

  it('refuses a value nginx would need escaped, and rules without a site-wide block first', () => {
    expect(() => nginxInclude([{ path: '/*', detach: [], set: { 'X-A': 'say "hi"' } }])).toThrow('double quote');
    expect(() => nginxInclude([{ path: '/a', detach: [], set: {} }])).toThrow('whole site');
  });
});
