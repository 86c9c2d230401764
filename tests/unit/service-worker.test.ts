import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildId, offlineFiles, SERVICE_WORKER_FILE, serviceWorkerSource, writeServiceWorker } from '../../src/build/service-worker.ts';

const TEMPLATE = readFileSync('src/sw/heapbook-sw.js', 'utf8');
const dirs: string[] = [];

/** A small built site in a temporary folder. */
function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'heapbook-sw-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const FILES = {
  'en/gc/index.html': '<h1>References</h1>',
  'en/gc/index.html.br': 'compressed',
  '_astro/page.abc123.js': 'console.log(1)',
  '_astro/page.abc123.js.map': '{}',
  'pyodide/pyodide.asm.wasm': 'wasm',
  'pyodide/python_stdlib.zip': 'zip',
  'pyodide/heapbook-snapshot.0123456789abcdef.bin': 'snapshot',
  'pyodide/packages/objgraph-3.7.0-py3-none-any.whl': 'wheel',
  'pagefind/pagefind.js': 'search',
  _headers: '/*\n  X: y\n',
};

describe('the service worker the build writes', () => {
  it('fills in its configuration and is valid JavaScript', () => {
    const source = serviceWorkerSource(TEMPLATE, {
      build: '0123456789abcdef',
      base: '/training/heapbook/',
      engineFiles: ['/training/heapbook/pyodide/pyodide.asm.wasm'],
    });
    expect(
      source.startsWith(
        'const CONFIG = {"build":"0123456789abcdef","base":"/training/heapbook/","engineFiles":["/training/heapbook/pyodide/pyodide.asm.wasm"]};',
      ),
    ).toBe(true);
    expect(() => new Script(source)).not.toThrow();
    expect(source).not.toContain('__HEAPBOOK_SW_CONFIG__');
  });

  it('refuses a template without its configuration line, and a build id that is not one', () => {
    expect(() =>
      serviceWorkerSource('self.addEventListener("fetch", () => {});', { build: '0123456789abcdef', base: '/', engineFiles: [] }),
    ).toThrow(/must hold __HEAPBOOK_SW_CONFIG__ exactly once/);
    expect(() => serviceWorkerSource(TEMPLATE, { build: 'v1', base: '/', engineFiles: [] })).toThrow(
      'the service worker\'s build id must be 16 hex digits, not "v1"',
    );
  });

  it('names the build by every file it serves: one changed page is a new build, precompressed twins are not', async () => {
    const first = await buildId(site(FILES));
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(await buildId(site(FILES))).toBe(first);
    expect(await buildId(site({ ...FILES, 'en/gc/index.html.br': 'other bytes', _headers: '/*\n  X: z\n' }))).toBe(first);
    expect(await buildId(site({ ...FILES, 'en/gc/index.html': '<h1>References, revised</h1>' }))).not.toBe(first);
    expect(await buildId(site({ ...FILES, 'en/weakref/index.html': '<h1>Weak</h1>' }))).not.toBe(first);
  });

  it('keeps the engines, the wheels and the hashed assets offline, under the base path, but not the whole standard library', () => {
    const files = Object.keys(FILES).filter((f) => !f.endsWith('.br'));
    expect(offlineFiles(files, '/training/heapbook', '_astro').sort()).toEqual([
      '/training/heapbook/_astro/page.abc123.js',
      '/training/heapbook/pyodide/heapbook-snapshot.0123456789abcdef.bin',
      '/training/heapbook/pyodide/packages/objgraph-3.7.0-py3-none-any.whl',
      '/training/heapbook/pyodide/pyodide.asm.wasm',
    ]);
  });

  it('writes heapbook-sw.js into the site with the sum of the bytes it keeps', async () => {
    const dir = site(FILES);
    const written = await writeServiceWorker(dir, { base: '/', assetsDir: '_astro' });
    const text = readFileSync(join(dir, SERVICE_WORKER_FILE), 'utf8');
    expect(text).toContain(`"build":"${written.build}"`);
    expect(written.engineFiles).toHaveLength(4);
    expect(written.engineBytes).toBe('console.log(1)'.length + 'wasm'.length + 'snapshot'.length + 'wheel'.length);
    // Writing the worker does not change the build it names.
    expect(await buildId(dir)).toBe(written.build);
  });
});
