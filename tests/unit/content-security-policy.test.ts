import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { hashSource, inlineBodies, inlineHashes, jsEngineWorkerPolicy, pagePolicy } from '../../src/build/content-security-policy.ts';
import { CSP, headersForPath, parseHeadersFile } from '../../src/build/site-headers.ts';
import { builtSiteRules, NGINX_INCLUDE, writeSiteHeaders } from '../../src/build/write-headers.ts';

/** A policy as its directives, each a list of sources. */
const directives = (policy: string) => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

/** A page shaped like Starlight's: inline classic and module scripts, a bundled script, a style element. */
const PAGE = `<!doctype html><html><head>
<script>
\twindow.StarlightThemeProvider = (() => { return 1; })();
</script>
<script type="module" src="/_astro/page.js"></script>
<!-- <script>commented out</script> -->
<style>@layer starlight.components{svg{width:1em}}</style>
</head><body>
<div data-note="a > b"><script type="module" data-x='1>0'>var e=\`starlight-theme\`;</script></div>
<SCRIPT>StarlightThemeProvider.updatePickers();</SCRIPT>
<pre><code>&lt;script&gt;not a script&lt;/script&gt;</code></pre>
</body></html>`;

describe('inline hashes', () => {
  it('hashes as CSP does: SHA-256 of the UTF-8 text, base64 (the CSP spec example)', () => {
    expect(hashSource("alert('Hello, world.');")).toBe("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    // U+00E9 as UTF-8 (C3 A9), not as Latin-1 (E9).
    expect(hashSource('\u00e9')).toBe("'sha256-SplVfkAzw1Od4utlRyAXytX5VX96BiWgnxw/biumnEw='");
  });

  it('finds inline scripts and style elements, not bundled scripts, comments or escaped text', () => {
    const { scripts, styles } = inlineBodies(PAGE);
    expect(scripts).toEqual([
      '\n\twindow.StarlightThemeProvider = (() => { return 1; })();\n',
      'var e=`starlight-theme`;',
      'StarlightThemeProvider.updatePickers();',
    ]);
    expect(styles).toEqual(['@layer starlight.components{svg{width:1em}}']);
  });

  it('keeps each distinct hash once over several pages, in a stable order', () => {
    const other = '<script>StarlightThemeProvider.updatePickers();</script><script>other()</script>';
    const hashes = inlineHashes([PAGE, other, PAGE]);
    expect(hashes.scripts).toHaveLength(4);
    expect(hashes.scripts).toEqual([...hashes.scripts].sort());
    expect(hashes.scripts).toContain(hashSource('other()'));
    expect(hashes.styles).toEqual([hashSource('@layer starlight.components{svg{width:1em}}')]);
  });
});

describe('policies', () => {
  const hashes = inlineHashes([PAGE]);
  const page = directives(pagePolicy(hashes));

  it('lets the engine fetch wheels from a package base URL on another origin, and only there', () => {
    expect(page['connect-src']).toBeUndefined();
    const withPackages = directives(pagePolicy(hashes, 'https://wheels.example.com'));
    expect(withPackages['connect-src']).toEqual(["'self'", 'https://wheels.example.com']);
    expect(withPackages['script-src']).toEqual(page['script-src']);
  });

  it('lets pages run their own files, their hashed inline scripts and WebAssembly, and nothing else', () => {
    expect(page['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'", ...hashes.scripts]);
    expect(page['script-src']).not.toContain("'unsafe-inline'");
    expect(page['script-src']).not.toContain("'unsafe-eval'");
    expect(page['style-src']).toEqual(["'self'", ...hashes.styles]);
    expect(page['style-src-attr']).toEqual(["'unsafe-inline'"]);
    expect(page).toMatchObject({
      'default-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'worker-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'self'"],
    });
    expect(Object.keys(page)).not.toContain('connect-src');
  });

  it("gives eval to the JavaScript engine's worker only, with the same limits otherwise", () => {
    const worker = directives(jsEngineWorkerPolicy());
    expect(worker['script-src']).toEqual(["'self'", "'unsafe-eval'"]);
    const { 'script-src': _w, ...workerRest } = worker;
    const { 'script-src': _p, 'style-src': _s, 'style-src-attr': _a, ...pageRest } = page;
    expect(workerRest).toEqual(pageRest);
  });

  it("fits a Cloudflare _headers line (2,000 characters) with the site's 10 hashes and 20 more", () => {
    const many = { scripts: Array.from({ length: 29 }, (_, i) => hashSource(`script ${i}`)), styles: [hashSource('s')] };
    expect(`  ${CSP}: ${pagePolicy(many)}`.length).toBeLessThan(2_000);
  });
});

describe('headers of a built site', () => {
  let out = '';
  afterEach(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  async function builtSite(workers: string[]): Promise<string> {
    out = await mkdtemp(`${tmpdir()}/heapbook-csp-`);
    await mkdir(`${out}/_astro`);
    await mkdir(`${out}/en/gc`, { recursive: true });
    await writeFile(`${out}/en/gc/index.html`, PAGE);
    await writeFile(`${out}/404.html`, '<script>notFound()</script>');
    await writeFile(`${out}/_astro/engine-worker-Ab1.js`, '');
    for (const name of workers) await writeFile(`${out}/_astro/${name}`, '');
    return out;
  }

  it("writes _headers whose page policy hashes every page's inline scripts, and the worker's own policy", async () => {
    const dir = await builtSite(['js-engine-worker-fWTAqCBa.js']);
    await writeSiteHeaders(dir, { base: '/', assetsDir: '_astro' });
    const rules = parseHeadersFile(await readFile(`${dir}/_headers`, 'utf8'));
    const forPage = headersForPath(rules, '/en/gc/');
    const scriptSrc = directives(forPage[CSP] ?? '')['script-src'];
    for (const body of [...inlineBodies(PAGE).scripts, 'notFound()']) expect(scriptSrc).toContain(hashSource(body));
    expect(headersForPath(rules, '/_astro/engine-worker-Ab1.js')[CSP]).toBe(forPage[CSP]);
    expect(headersForPath(rules, '/_astro/js-engine-worker-fWTAqCBa.js')[CSP]).toBe(jsEngineWorkerPolicy());
    expect(headersForPath(rules, '/_astro/js-engine-worker-fWTAqCBa.js')['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    const nginx = await readFile(`${dir}/${NGINX_INCLUDE}`, 'utf8');
    expect(nginx).toContain(`add_header ${CSP} "${forPage[CSP]}" always;`);
  });

  it('puts the paths under the base path', async () => {
    const dir = await builtSite(['js-engine-worker-x1.js']);
    const rules = await builtSiteRules(dir, { base: '/training/heapbook', assetsDir: '_astro' });
    expect(rules.map((r) => r.path)).toEqual([
      '/training/heapbook/*',
      '/training/heapbook/_astro/*',
      '/training/heapbook/pyodide/heapbook-snapshot.*.bin',
      '/training/heapbook/_astro/js-engine-worker-*',
    ]);
    expect(headersForPath(rules, '/training/heapbook/_astro/js-engine-worker-x1.js')[CSP]).toBe(jsEngineWorkerPolicy());
  });

  it("stops the build when the JavaScript engine's worker is not found exactly once", async () => {
    await expect(builtSiteRules(await builtSite([]), { base: '/', assetsDir: '_astro' })).rejects.toThrow(
      /expected one JavaScript engine worker .* found 0/,
    );
    await rm(out, { recursive: true });
    await expect(
      builtSiteRules(await builtSite(['js-engine-worker-a.js', 'js-engine-worker-b.js']), { base: '/', assetsDir: '_astro' }),
    ).rejects.toThrow(/found 2: js-engine-worker-a.js, js-engine-worker-b.js/);
  });
});
