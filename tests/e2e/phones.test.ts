/**
 * Phones: in Chromium's device emulation at 375 px (a touch screen, a mobile viewport), no chapter
 * page in either language scrolls sideways (code, outputs and pictures scroll inside their own
 * boxes), and Run, Stop and Reset are touch targets of at least 44 × 44 CSS px.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSite, type Site } from './browser.ts';

const CHAPTERS = readdirSync('content/docs/en')
  .filter((f) => f.endsWith('.mdx') && f !== 'index.mdx')
  .map((f) => f.replace(/\.mdx$/, ''))
  .sort();
const PAGES = ['en', 'zh-cn'].flatMap((lang) => CHAPTERS.map((slug) => `/${lang}/${slug}/`));

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

it.each(PAGES)('%s at 375 px: no sideways scroll, 44 px touch targets', async (path) => {
  const context = await site.browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(site.url(path));
  // A prose page (hosting) has no cells, so no engine bar: its layout is checked all the same.
  if (await page.locator('heapbook-cell').count()) await page.locator('heapbook-engine-bar button').first().waitFor();
  // Every cell laid out (not only those near the screen), then the widest thing on the page decides.
  await page.evaluate(() => document.documentElement.classList.add('hb-cells-laid-out'));
  const layout = await page.evaluate(() => {
    window.scrollTo(500, 0);
    const wide = [...document.querySelectorAll<HTMLElement>('main *')]
      .filter(
        (el) =>
          el.getBoundingClientRect().right > window.innerWidth + 0.5 &&
          !el.closest('.hb-output, .expressive-code, .hb-editor, table, .sl-markdown-content pre'),
      )
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, scrollX: window.scrollX, wide };
  });
  expect(layout.innerWidth).toBe(375);
  expect(layout, JSON.stringify(layout)).toMatchObject({ scrollWidth: 375, scrollX: 0 });
  // Stop and Reset show only while a cell runs or after an edit: shown here for the measure.
  const sizes = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLButtonElement>('heapbook-cell:not([hidden]) .hb-toolbar button')].flatMap((b) => {
      if (!/hb-(run|stop|reset)/.test(b.className)) return [];
      const wasHidden = b.hidden;
      b.hidden = false;
      const { width, height } = b.getBoundingClientRect();
      b.hidden = wasHidden;
      return [{ name: b.className, width, height }];
    }),
  );
  const hasCells = (await page.locator('heapbook-cell:not([hidden])').count()) > 0;
  expect(sizes.length).toBeGreaterThanOrEqual(hasCells ? 3 : 0);
  for (const s of sizes) {
    expect(s.width, s.name).toBeGreaterThanOrEqual(44);
    expect(s.height, s.name).toBeGreaterThanOrEqual(44);
  }
  await context.close();
});
