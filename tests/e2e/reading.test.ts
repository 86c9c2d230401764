/**
 * Reading with the keyboard and a screen reader: Shift+Enter runs a cell and moves to the next one,
 * Ctrl/Cmd+Enter runs and stays, Esc leaves the editor for the cell; a polite live region says when
 * a run finished and how, in the page's language; Clear output empties a cell, and the engine bar's
 * Clear outputs empties them all.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

async function open(path: string): Promise<Page> {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(site.url(path));
  await page.locator('heapbook-engine-bar button').first().waitFor();
  return page;
}

const activeCellId = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.closest('heapbook-cell')?.getAttribute('data-cell-id') ?? (el ? `<${el.tagName.toLowerCase()}>` : null);
  });

it('runs with Shift+Enter and moves on, runs with Ctrl+Enter and stays, and leaves the editor with Esc', async () => {
  const page = await open('/en/js-closures/');
  const cells = page.locator('heapbook-cell:not([hidden])');
  const [first, second] = [cells.nth(0), cells.nth(1)];
  const [firstId, secondId] = [await first.getAttribute('data-cell-id'), await second.getAttribute('data-cell-id')];
  // Into the editor, as a reader does, then Ctrl+Enter: runs, the caret stays in the editor (no new line).
  await first.locator('.expressive-code').click();
  await first.locator('.cm-content').waitFor();
  const lines = await first.locator('.cm-line').count();
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => first.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
  expect(await first.locator('.cm-line').count()).toBe(lines);
  expect(await page.evaluate(() => document.activeElement?.closest('heapbook-cell') !== null)).toBe(true);
  expect(await activeCellId(page)).toBe(firstId);
  await expect.poll(() => page.locator('.hb-announcer').textContent()).toBe(`Cell "${firstId}" finished: done`);
  expect(await page.locator('.hb-announcer').getAttribute('aria-live')).toBe('polite');

  // Esc: out of the editor, onto the cell itself, with a visible focus.
  await page.keyboard.press('Escape');
  expect(await page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('heapbook-cell');
  expect(await page.evaluate(() => document.activeElement?.matches(':focus-visible'))).toBe(true);

  // Shift+Enter from the cell: runs it and moves to the next cell, which is not run.
  const runsBefore = await second.getAttribute('data-state');
  await page.keyboard.press('Shift+Enter');
  expect(await activeCellId(page)).toBe(secondId);
  await expect.poll(() => first.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
  expect(await first.locator('.cm-line').count()).toBe(lines);
  expect(await second.getAttribute('data-state')).toBe(runsBefore);
  await page.context().close();
});

it('clears a cell, then every cell, and announces in Chinese on a Chinese page', async () => {
  const page = await open('/zh-cn/js-closures/');
  const cells = page.locator('heapbook-cell:not([hidden])');
  const first = cells.nth(0);
  const firstId = await first.getAttribute('data-cell-id');
  expect((await first.locator('.hb-output').textContent())?.length).toBeGreaterThan(0);
  await first.getByRole('button', { name: '运行', exact: true }).click();
  await expect.poll(() => first.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
  await expect.poll(() => page.locator('.hb-announcer').textContent()).toBe(`单元“${firstId}”运行结束：已完成`);

  await first.getByRole('button', { name: '清除输出' }).click();
  expect(await first.getAttribute('data-state')).toBe('cleared');
  expect(await first.locator('.hb-output').evaluate((el) => el.childElementCount)).toBe(0);
  expect(await first.locator('.hb-cell-state').textContent()).toBe('输出已清除');
  // The focus stays on the button the reader pressed.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('清除输出');

  const withOutput = await cells.evaluateAll((els) => els.filter((el) => el.querySelector('.hb-output')?.childElementCount).length);
  expect(withOutput).toBeGreaterThan(1);
  await page.getByRole('button', { name: '清除全部输出' }).click();
  expect(await cells.evaluateAll((els) => els.filter((el) => el.querySelector('.hb-output')?.childElementCount).length)).toBe(0);
  expect(await cells.evaluateAll((els) => els.every((el) => el.getAttribute('data-state') === 'cleared'))).toBe(true);
  // A cleared cell runs again as before.
  await first.getByRole('button', { name: '运行', exact: true }).click();
  await expect.poll(() => first.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
  expect(await first.locator('.hb-metrics').count()).toBe(1);
  await page.context().close();
});
