/**
 * What a reader of a chapter page relies on besides the outputs themselves: that Run all reaches
 * the end, that every cell says what its output is (from the build, running, stopped, done...),
 * that the keyboard focus stays where the reader was, that the engine bar stays usable on a phone,
 * and that the table of contents lands on its headings.
 */
import { readdirSync, statSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceCode } from '../../scripts/chromium.ts';
import { openSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

async function openPage(path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await site.browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(site.url(path));
  return page;
}

const cells = (page: Page) => page.locator('heapbook-cell:not([hidden])');
const runButton = (cell: Locator) => cell.getByRole('button', { name: 'Run', exact: true });
const state = (cell: Locator) => cell.getAttribute('data-state');
/** textContent: a cell off screen is not rendered (content-visibility), and innerText would be empty. */
const stateText = async (cell: Locator) => (await cell.locator('.hb-cell-state').textContent()) ?? '';
/** Whether the focused element is inside the cell (null when it fell to the page's body). */
const focusInside = (cell: Locator) =>
  cell.evaluate((el) => el.contains(document.activeElement) && document.activeElement !== document.body);

describe('Run all, and the state every cell shows', () => {
  it('goes on past an unsolved exercise to the last cell of the page', async () => {
    const page = await openPage('/en/intro/');
    const all = cells(page);
    const count = await all.count();
    const exercises = page.locator('heapbook-cell[data-exercise]');
    expect(await exercises.count()).toBeGreaterThanOrEqual(1);
    // The last exercise's solution follows it: Run all must reach past it.
    expect(await all.nth(count - 1).getAttribute('data-exercise')).toBeNull();
    await page.getByRole('button', { name: 'Run all' }).click();
    await expect
      .poll(async () => (await state(all.nth(count - 1))) ?? '', { timeout: 110_000, interval: 500 })
      .toMatch(/^(done|failed|unsolved)$/);
    const states = await all.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-cell-id')}:${el.getAttribute('data-state')}`));
    for (const entry of states) expect(entry).toMatch(/:(done|failed|unsolved)$/);
    // The untouched exercises are not solved, and say so.
    for (const exercise of await exercises.all()) {
      expect(await state(exercise)).toBe('unsolved');
      expect(await exercise.locator('.hb-not-yet').count()).toBe(1);
    }
    expect(await all.locator('.hb-metrics', { hasText: /measured live|现场测得/ }).count()).toBe(count);
    await page.context().close();
  }, 150_000);

  it('says before a run which earlier cells it runs, and that a stopped run left old output in place', async () => {
    const page = await openPage('/en/js-closures/');
    const all = cells(page);
    const [slow, probe, later] = [all.nth(1), all.nth(2), all.nth(3)];
    const slowId = await slow.getAttribute('data-cell-id');
    // Never run here: every cell says its output is the build's.
    expect(await state(later)).toBe('baked');
    expect(await stateText(later)).toBe('not run here yet: the output below is from the build');

    await replaceCode(page, slow, "await new Promise((resolve) => setTimeout(resolve, 60_000));\n'slow'");
    await runButton(slow).click();
    await expect.poll(() => state(slow), { timeout: 30_000 }).toBe('running');
    await slow.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => state(slow), { timeout: 10_000 }).toBe('stopped');
    expect(await stateText(slow)).toBe('stopped');

    // Stopping restarted the JavaScript engine: a later cell runs the earlier ones again, and says so first.
    await runButton(later).click();
    const ids = await all.evaluateAll((els) => els.slice(0, 3).map((el) => el.getAttribute('data-cell-id')));
    expect(await stateText(later)).toBe(
      `queued: first runs 3 earlier cells not yet run in this engine: "${ids[0]}", "${ids[1]}" and "${ids[2]}"`,
    );
    expect(ids[1]).toBe(slowId);
    // The slow cell runs again; a second Stop ends the run, and the cells it did not reach say so.
    await expect.poll(() => state(slow), { timeout: 30_000 }).toBe('running');
    await slow.getByRole('button', { name: 'Stop' }).click();
    for (const cell of [probe, later]) {
      await expect.poll(() => state(cell), { timeout: 10_000 }).toBe('cancelled');
      expect(await stateText(cell)).toBe(`not run: "${slowId}" before it was stopped; the output below is from the build`);
      expect(await cell.locator(':scope > .hb-output').getAttribute('data-stale')).toBe('true');
    }
    expect(await state(slow)).toBe('stopped');
    expect(await state(all.first())).toBe('done');
    await page.context().close();
  }, 120_000);
});

describe('keyboard focus', () => {
  it('stays in the cell through a run longer than 100 ms, and through Stop', async () => {
    const page = await openPage('/en/js-closures/');
    const cell = cells(page).first();
    await replaceCode(page, cell, "await new Promise((resolve) => setTimeout(resolve, 600));\n'waited'");
    await runButton(cell).focus();
    await page.keyboard.press('Enter');
    await cell.locator('.hb-value', { hasText: "'waited'" }).waitFor({ timeout: 30_000 });
    expect(await focusInside(cell)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Run');

    await replaceCode(page, cell, "await new Promise((resolve) => setTimeout(resolve, 60_000));\n'slow'");
    await runButton(cell).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => state(cell), { timeout: 10_000 }).toBe('running');
    expect(await focusInside(cell)).toBe(true);
    await cell.getByRole('button', { name: 'Stop' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => state(cell), { timeout: 10_000 }).toBe('stopped');
    expect(await focusInside(cell)).toBe(true);
    await page.context().close();
  }, 90_000);
});

describe('the page at 375 px', () => {
  it('keeps the engine bar below "On this page", with Run all and the table of contents usable', async () => {
    const page = await openPage('/en/gc/', { width: 375, height: 740 });
    const bar = page.locator('heapbook-engine-bar');
    await bar.waitFor();
    const toc = page.locator('mobile-starlight-toc summary');
    await toc.waitFor();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    await page.waitForTimeout(300);
    const tocBox = await toc.boundingBox();
    const barBox = await bar.boundingBox();
    if (!tocBox || !barBox) throw new Error('the table of contents or the engine bar is not shown');
    // Stuck to the top, just below the "On this page" bar.
    expect(barBox.y).toBeGreaterThanOrEqual(tocBox.y + tocBox.height - 1);
    expect(barBox.y).toBeLessThan(tocBox.y + tocBox.height + 16);
    const runAll = page.getByRole('button', { name: 'Run all' });
    const hit = (target: Locator) =>
      target.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return top !== null && (el === top || el.contains(top));
      });
    expect(await hit(runAll)).toBe(true);
    expect(await hit(toc)).toBe(true);
    // Both answer a tap: Run all starts the engines, the table of contents opens.
    await runAll.click({ timeout: 5_000 });
    await toc.click({ timeout: 5_000 });
    await expect.poll(() => page.locator('mobile-starlight-toc details').getAttribute('open')).not.toBeNull();
    await page.context().close();
  });
});

/** The chapter with the most text, in English: the one where guessed heights add up the most. */
function longestChapter(): string {
  const dir = 'content/docs/en';
  const files = readdirSync(dir).filter((f) => f.endsWith('.mdx'));
  const longest = files.sort((a, b) => statSync(`${dir}/${b}`).size - statSync(`${dir}/${a}`).size)[0];
  if (!longest) throw new Error(`no chapter in ${dir}`);
  return `/en/${longest.replace(/\.mdx$/, '')}/`;
}

describe('the table of contents', () => {
  it.each([
    { width: 1280, height: 800, toc: 'starlight-toc nav', open: null },
    { width: 375, height: 740, toc: 'mobile-starlight-toc nav .dropdown', open: 'mobile-starlight-toc summary' },
  ])(
    'lands every entry of the longest chapter at $width px with its heading at the top of the viewport, below the bars',
    async ({ width, height, toc, open }) => {
      const page = await openPage(longestChapter(), { width, height });
      const bar = page.locator('heapbook-engine-bar');
      await bar.waitFor();
      const links = page.locator(`${toc} a[href^="#"]:not([href="#_top"])`);
      const count = await links.count();
      expect(count).toBeGreaterThanOrEqual(5);
      const misses: string[] = [];
      for (let i = 0; i < count; i++) {
        const link = links.nth(i);
        const id = decodeURIComponent(((await link.getAttribute('href')) ?? '').slice(1));
        if (open) await page.locator(open).click();
        await link.click();
        // Until the scroll position holds still for a few frames.
        const top = await page.evaluate(async (target) => {
          const heading = document.getElementById(target);
          if (!heading) return null;
          const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
          let last = NaN;
          for (let still = 0, n = 0; still < 5 && n < 120; n++) {
            await frame();
            still = window.scrollY === last ? still + 1 : 0;
            last = window.scrollY;
          }
          return heading.getBoundingClientRect().top;
        }, id);
        const barBox = await bar.boundingBox();
        const barBottom = (barBox?.y ?? 0) + (barBox?.height ?? 0);
        if (top === null || top < barBottom || top > barBottom + 48)
          misses.push(`#${id}: heading at ${top} px, engine bar ends at ${barBottom} px`);
      }
      expect(misses).toEqual([]);
      await page.context().close();
    },
    120_000,
  );
});
