/**
 * The generators chapter in Chromium, in both languages: the same cells, its pictures baked into
 * the page, and its first cell run live in the Web Worker with the sizes it is about.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

async function openPage(path: string): Promise<Page> {
  const page = await (await site.browser.newContext()).newPage();
  await page.goto(site.url(path));
  return page;
}

const sources = (page: Page) => page.locator('heapbook-cell').evaluateAll((els) => els.map((e) => e.getAttribute('data-source')));

describe('the generators chapter', () => {
  it('has the same cells in English and Chinese, with charts and a reference graph baked in', async () => {
    const en = await openPage('/en/generators/');
    const zh = await openPage('/zh-cn/generators/');
    const enSources = await sources(en);
    expect(enSources.length).toBeGreaterThanOrEqual(12);
    expect(await sources(zh)).toEqual(enSources);
    expect(await zh.locator('h1').first().innerText()).toMatch(/[\u4e00-\u9fff]/);
    // compare and timeline charts, and the refs graph of a suspended generator.
    expect(await en.locator('heapbook-cell figure.hb-chart svg').count()).toBeGreaterThanOrEqual(5);
    expect(await en.locator('heapbook-cell figure.hb-graph svg').count()).toBe(1);
    await en.context().close();
    await zh.context().close();
  });

  for (const [path, run] of [
    ['/en/generators/', 'Run'],
    ['/zh-cn/generators/', '运行'],
  ] as const) {
    it(`runs the first cell live on ${path}`, async () => {
      const page = await openPage(path);
      const cell = page.locator('heapbook-cell:not([hidden])').first();
      await cell.getByRole('button', { name: run, exact: true }).click();
      await cell
        .locator('.hb-metrics', { hasText: /measured live|现场测得/ })
        .first()
        .waitFor({ timeout: 90_000 });
      const output = await cell.locator('.hb-output pre').first().innerText();
      const sizes = /generator over a million:\s+(\d+) bytes\s+generator over 10\*\*15 items:\s+(\d+) bytes/.exec(output);
      expect(sizes, output).not.toBeNull();
      expect(sizes![1]).toBe(sizes![2]);
      expect(output).toMatch(/list of 1,000,000 squares:\s+[\d,]{9,} bytes/);
      await page.context().close();
    });
  }
});
