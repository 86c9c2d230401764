/**
 * A reader's build has no fixture chapter. The end-to-end tests run on dist/, built by
 * `npm run build:test` (HEAPBOOK_FIXTURES=1) with the fixture chapters of tests/fixtures/docs/;
 * dist-subpath/ (`npm run build:subpath`, which `npm test` also runs) is built as a reader's site
 * is: no page, sidebar link, search entry, sitemap entry or offline-cache entry of a fixture there.
 * dist/ is the control: the same checks find the fixtures in it, so they can fail.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** The pages Pagefind's index of a built site holds (each fragment is gzip'd `pagefind_dcd` + JSON). */
function searchedUrls(dir: string): string[] {
  const folder = join(dir, 'pagefind', 'fragment');
  return readdirSync(folder).map((name) => {
    const text = gunzipSync(readFileSync(join(folder, name))).toString('utf8');
    if (!text.startsWith('pagefind_dcd')) throw new Error(`${folder}/${name} is not a Pagefind fragment`);
    return (JSON.parse(text.slice('pagefind_dcd'.length)) as { url: string }).url;
  });
}

/** Every file of a built site, outside the engine's own (pyodide/) and Astro's bundles, that mentions a fixture. */
function mentions(dir: string): string[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => !/^(pyodide|_astro|pagefind)[\\/]/.test(f) && /\.(html|xml|js|json|txt|conf)$|^_headers$/.test(f),
  );
  return files.filter((f) => /fixture-/.test(f) || readFileSync(join(dir, f), 'utf8').includes('fixture-'));
}

function built(dir: string, command: string): string {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir}/ is not built: run \`${command}\` first`);
  return dir;
}

describe("fixture chapters stay out of a reader's build", () => {
  it('are in the test build, dist/ (the control)', () => {
    const dir = built('dist', 'npm run build:test');
    expect(searchedUrls(dir)).toEqual(
      expect.arrayContaining(['/en/fixture-python/', '/zh-cn/fixture-python/', '/en/fixture-js/', '/zh-cn/fixture-js/']),
    );
    expect(mentions(dir)).toEqual(expect.arrayContaining(['en/fixture-python/index.html', 'zh-cn/fixture-js/index.html']));
  });

  it('are in no page, sidebar, search index, sitemap or service worker of dist-subpath/', () => {
    const dir = built('dist-subpath', 'npm run build:subpath');
    const urls = searchedUrls(dir);
    expect(urls.length).toBeGreaterThanOrEqual(20);
    expect(urls.filter((url) => url.includes('fixture-'))).toEqual([]);
    expect(mentions(dir)).toEqual([]);
    expect(existsSync(join(dir, 'heapbook-sw.js'))).toBe(true);
  });
});
