/**
 * A chapter cell that imports a vendored package (objgraph, in the intro chapter) runs live in
 * Chromium: the engine loads the wheel from the site itself, the cell shows a progress line with
 * the package's name and size meanwhile, and no request leaves the site's origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

describe('vendored packages in Chromium', () => {
  it("runs the intro chapter's objgraph cell live, loading the wheel from the site only", async () => {
    const context = await site.browser.newContext();
    const requests: Array<{ url: string; status: number | null; byServiceWorker: boolean }> = [];
    const pending: Promise<void>[] = [];
    context.on('request', (request) => {
      const entry = { url: request.url(), status: null as number | null, byServiceWorker: request.serviceWorker() !== null };
      requests.push(entry);
      pending.push(
        request.response().then(
          (r) => void (entry.status = r?.status() ?? null),
          () => undefined,
        ),
      );
    });
    const page = await context.newPage();
    await page.goto(site.url('/en/intro/'));
    const cell = page.locator('heapbook-cell[data-cell-id="package-objgraph"]');
    await cell.scrollIntoViewIfNeeded();
    // The baked output: measured at build from the vendored cache.
    expect(await cell.locator('.hb-output').textContent()).toContain('objgraph 3.7.0: 3 Node objects alive');
    // Every text the cell's state line shows, with when it showed it.
    await cell.evaluate((el) => {
      const label = el.querySelector('.hb-cell-state');
      const seen: Array<[string, number]> = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      if (label)
        new MutationObserver(() => seen.push([label.textContent ?? '', performance.now()])).observe(label, {
          childList: true,
          characterData: true,
          subtree: true,
        });
    });
    const started = Date.now();
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    const metrics = cell.locator('.hb-metrics', { hasText: /measured live|现场测得/ });
    await metrics.waitFor({ timeout: 110_000 });
    console.log(`objgraph cell (with the cells above it) live in ${Date.now() - started} ms`);
    expect(await cell.locator('.hb-output').textContent()).toContain('objgraph 3.7.0: 3 Node objects alive');
    expect(await cell.locator('.hb-output .hb-error').count()).toBe(0);
    // Run is offered again once the run that loaded the package has ended.
    const run = cell.getByRole('button', { name: 'Run', exact: true });
    expect(await run.isEnabled()).toBe(true);
    expect(await run.getAttribute('aria-disabled')).toBeNull();

    const seen = await page.evaluate(() => (window as unknown as { seen: Array<[string, number]> }).seen);
    const loading = seen.findIndex(([text]) => text === 'Loading the package objgraph 3.7.0 (17.5 KiB)…');
    expect(loading, JSON.stringify(seen)).toBeGreaterThanOrEqual(0);
    const after = seen.slice(loading).find(([text]) => text !== seen[loading]![0]);
    if (after)
      console.log(
        `objgraph 3.7.0 loaded in Chromium in ${Math.round(after[1] - seen[loading]![1])} ms (progress line shown until "${after[0]}")`,
      );

    await Promise.all(pending);
    const origin = new URL(site.url('/')).origin;
    // The engine's own requests: the book's service worker fetches the engine's files too, to keep them for offline reading.
    const wheel = requests
      .filter((r) => r.url.endsWith('/pyodide/packages/objgraph-3.7.0-py3-none-any.whl') && !r.byServiceWorker)
      .map(({ url, status }) => ({ url, status }));
    expect(wheel).toEqual([{ url: `${origin}/pyodide/packages/objgraph-3.7.0-py3-none-any.whl`, status: 200 }]);
    console.log(
      `requests during the run: ${[...new Set(requests.map((r) => new URL(r.url).pathname.replace(/[^/]*-[\w-]{8}\.(js|css)$/, '*.$1')))].join(' ')}`,
    );
    const elsewhere = requests.filter((r) => !r.url.startsWith(`${origin}/`) && !r.url.startsWith('data:') && !r.url.startsWith('blob:'));
    expect(elsewhere).toEqual([]);
    await context.close();
  });
});
