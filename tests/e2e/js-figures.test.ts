/**
 * JavaScript figures a browser cannot reproduce: a cell that asked for a forced collection (or V8's
 * heap spaces) says, under its baked output, that it was printed at build in Node with them, and,
 * run live, what the browser could not measure; no live output prints `null` for a figure the
 * browser does not have.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

const cells = (page: Page) => page.locator('heapbook-cell:not([hidden])');
/** Cells that ask for a collection, and cells that read any build-only instrument (heap spaces, gc events). */
const ASKS_FOR_GC = /\bcollected\(|heapUsed\(|collectGarbage\(/;
const READS_BUILD_ONLY = /\bcollected\(|heapUsed\(|collectGarbage\(|heapSpaces\(|spaceUsage\(|watchGc\(|oldSpaceNow\(/;

describe.each(['/en/js-closures/', '/en/v8-heap/', '/zh-cn/js-closures/'])('%s', (path) => {
  it('labels every baked output that depends on a forced collection, and says live what the browser cannot measure', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url(path));
    const zh = path.startsWith('/zh');
    const all = cells(page);
    const sources = await all.evaluateAll((els) => els.map((el) => el.getAttribute('data-source') ?? ''));
    const labelled = await all.evaluateAll((els) => els.map((el) => el.querySelector('.hb-output .hb-build-only')?.textContent ?? null));
    const asking = sources.map((s) => ASKS_FOR_GC.test(s));
    const reading = sources.map((s) => READS_BUILD_ONLY.test(s));
    expect(asking.filter(Boolean).length).toBeGreaterThanOrEqual(5);
    const baked = zh ? /^构建时在 Node \d+\.\d+\.\d+ 中借助/ : /^Printed at build in Node \d+\.\d+\.\d+, with /;
    const forced = zh ? /借助强制完整回收/ : /, with a forced full collection/;
    labelled.forEach((label, i) => {
      if (reading[i]) expect(label ?? '', `cell ${i}: ${sources[i]?.slice(0, 80)}`).toMatch(baked);
      if (asking[i]) expect(label ?? '', `cell ${i}`).toMatch(forced);
    });

    // Live: Run all.
    const last = all.last();
    await page.locator('heapbook-engine-bar button', { hasText: zh ? '全部运行' : 'Run all' }).click();
    await expect
      .poll(async () => (await last.getAttribute('data-state')) ?? '', { timeout: 170_000, interval: 500 })
      .toMatch(/^(done|failed|unsolved)$/);
    const live = await all.evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-cell-id'),
        note: el.querySelector('.hb-output .hb-build-only')?.textContent ?? null,
        value: el.querySelector('.hb-output .hb-value')?.textContent ?? '',
      })),
    );
    const liveNote = zh ? /无法强制垃圾回收/ : /cannot force a garbage collection/;
    live.forEach((cell, i) => {
      if (asking[i]) expect(cell.note, `${cell.id}`).toMatch(liveNote);
      expect(cell.value, `${cell.id} prints null for a figure`).not.toMatch(/: null\b/);
    });
    await context.close();
  }, 200_000);
});
