/**
 * The strings chapter in Chromium, in both languages: the twins carry the same cells, a Python cell
 * draws its byte-layout picture live, a JavaScript cell answers with UTF-16 lengths live, and an
 * exercise left untouched is reported unsolved while its solution is reported solved.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { replaceCode } from '../../scripts/chromium.ts';
import { cellById, useSite } from './browser.ts';

const site = useSite();

async function runLive(page: Page, id: string, runLabel: string): Promise<void> {
  const target = cellById(page, id);
  await target.scrollIntoViewIfNeeded();
  await target.getByRole('button', { name: runLabel, exact: true }).click();
  // Earlier cells of the page run first (the notebook's run plan), so allow for them.
  await target.locator('.hb-metrics', { hasText: /measured live|现场测得/ }).waitFor({ timeout: 90_000 });
}

describe('the strings chapter in Chromium', () => {
  it('has the same cells in English and Chinese, with Chinese prose', async () => {
    const en = await site.open('/en/strings/');
    const zh = await site.open('/zh-cn/strings/');
    const sources = (page: Page) => page.locator('heapbook-cell').evaluateAll((els) => els.map((e) => e.getAttribute('data-source')));
    const enSources = await sources(en);
    expect(enSources.length).toBeGreaterThanOrEqual(12);
    expect(await sources(zh)).toEqual(enSources);
    expect(await zh.locator('h1').first().innerText()).toMatch(/[\u4e00-\u9fff]/);
    expect(await en.locator('heapbook-cell[data-lang="javascript"]').count()).toBeGreaterThanOrEqual(1);
    await en.context().close();
    await zh.context().close();
  });

  it('draws the encoding picture live on the Chinese page', async () => {
    const page = await site.open('/zh-cn/strings/');
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await runLive(page, 'encoding-mixed', '运行');
    const output = cellById(page, 'encoding-mixed').locator('.hb-output');
    expect(await output.getAttribute('data-status')).toBe('ok');
    expect(await output.innerText()).toMatch(/ucs-4/);
    // One code point (the snake) takes two UTF-16 units: the picture shows both.
    expect(await output.locator('svg').first().innerHTML()).toContain('DC0D');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('counts UTF-16 code units live in the JavaScript cell', async () => {
    const page = await site.open('/en/strings/');
    await runLive(page, 'js-texts', 'Run');
    const value = await cellById(page, 'js-texts').locator('.hb-value').innerText();
    expect(value).toContain('emoji: { length: 6, codePoints: 3, graphemes: 2, utf8: 12 }');
    expect(value).toContain('chinese: { length: 7, codePoints: 7, graphemes: 7, utf8: 21 }');
    await page.context().close();
  });

  it('reports an untouched exercise as unsolved and its solution as solved', async () => {
    const page = await site.open('/en/strings/');
    // The first exercise: an unsolved exercise above a cell stops that cell's run plan.
    await runLive(page, 'try-utf8-len', 'Run');
    const target = cellById(page, 'try-utf8-len');
    expect(await target.locator('.hb-not-yet').count()).toBe(1);
    const solution = await cellById(page, 'try-utf8-len-solution').getAttribute('data-source');
    await replaceCode(page, target, solution ?? '');
    await target.getByRole('button', { name: 'Run', exact: true }).click();
    await target.locator('.hb-solved').waitFor({ timeout: 30_000 });
    await page.context().close();
  });
});
