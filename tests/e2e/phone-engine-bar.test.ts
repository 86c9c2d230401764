/**
 * The engine bar on a phone (390 × 844 CSS px, Chromium's device emulation): it is sticky, so it must
 * stay small. One row (at most 56 px) while the engine is ready and never more than 12% of the screen's
 * height while it loads or restarts (with the progress bar) or when the page is not cross-origin
 * isolated (the note goes below the bar, out of the sticky part). In both languages and both colour
 * schemes; every control is reached by keyboard with a visible focus and works (Run all runs the cells,
 * Restart and Clear outputs open from "More"), and a linked heading lands below the bar.
 * Screenshots go to /tmp/heapbook-phone-bar/ (not committed), for a person to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, openSite, type Site } from './browser.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = '/tmp/heapbook-phone-bar';
const VIEWPORT = { width: 390, height: 844 };
const ONE_ROW = 56;
const MOST = 0.12 * VIEWPORT.height;

const LANGS = [
  {
    lang: 'en',
    path: FIXTURE.python.en,
    runAll: 'Run all',
    more: 'More',
    restart: 'Restart engine',
    clearAll: 'Clear outputs',
    cleared: 'output cleared',
  },
  {
    lang: 'zh-cn',
    path: FIXTURE.python.zh,
    runAll: '全部运行',
    more: '更多',
    restart: '重启引擎',
    clearAll: '清除全部输出',
    cleared: '输出已清除',
  },
] as const;
const SCHEMES = ['light', 'dark'] as const;

let site: Site;
beforeAll(async () => {
  site = await openSite();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => site?.close());

interface Sample {
  state: string;
  height: number;
  progress: boolean;
  note: boolean;
}

async function phone(scheme: 'light' | 'dark', options: { isolated?: boolean } = {}): Promise<BrowserContext> {
  const context = await site.browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    colorScheme: scheme,
    // Requests go to the server, not a service worker, so a route can change their headers.
    serviceWorkers: options.isolated === false ? 'block' : 'allow',
  });
  await context.addInitScript((s) => localStorage.setItem('starlight-theme', s), scheme);
  // Every change of the bar's state or size, with its height then: the loading state may be short.
  await context.addInitScript(() => {
    const samples: Sample[] = [];
    (window as unknown as { hbBarSamples: Sample[] }).hbBarSamples = samples;
    const watch = (bar: HTMLElement) => {
      const take = () => {
        const progress = bar.querySelector('progress');
        samples.push({
          state: bar.dataset['state'] ?? '',
          height: bar.getBoundingClientRect().height,
          progress: progress !== null && !progress.hidden,
          note: bar.querySelector('small') !== null,
        });
      };
      new MutationObserver(take).observe(bar, { attributes: true, subtree: true, childList: true, characterData: true });
      new ResizeObserver(take).observe(bar);
    };
    new MutationObserver((_, observer) => {
      const bar = document.querySelector<HTMLElement>('heapbook-engine-bar');
      if (!bar) return;
      observer.disconnect();
      watch(bar);
    }).observe(document, { childList: true, subtree: true });
  });
  if (options.isolated === false) {
    // The same pages without the headers that make them cross-origin isolated.
    await context.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
  }
  return context;
}

const samples = (page: Page) => page.evaluate(() => (window as unknown as { hbBarSamples: Sample[] }).hbBarSamples);
const barHeight = (page: Page) => page.locator('heapbook-engine-bar').evaluate((el) => el.getBoundingClientRect().height);
const waitReady = (page: Page) => page.locator('heapbook-engine-bar[data-state="ready"]').waitFor({ timeout: 180_000 });

describe.each(LANGS)('the engine bar at 390 px, $lang', (t) => {
  it.each(SCHEMES)('is one row when ready and at most 12 percent of the screen while loading, %s scheme', async (scheme) => {
    const context = await phone(scheme);
    const page = await context.newPage();
    await page.goto(site.url(t.path));
    await waitReady(page);
    await page.waitForTimeout(300);
    const ready = await barHeight(page);
    await page.screenshot({ path: `${SHOTS}/${t.lang}-${scheme}-ready.png` });
    expect(ready).toBeGreaterThanOrEqual(44);
    expect(ready).toBeLessThanOrEqual(ONE_ROW);
    const seen = await samples(page);
    const loading = seen.filter((s) => s.state === 'loading' && s.progress);
    expect(loading.length, JSON.stringify(seen)).toBeGreaterThan(0);
    for (const s of seen) expect(s.height, JSON.stringify(s)).toBeLessThanOrEqual(MOST);
    expect(Math.max(...loading.map((s) => s.height))).toBeLessThanOrEqual(ONE_ROW);
    // The page does not scroll sideways because of the bar.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(VIEWPORT.width);
    await context.close();
  });

  it('gives every control to the keyboard, with a visible focus, and each works', async () => {
    const context = await phone('light');
    const page = await context.newPage();
    await page.goto(site.url(t.path));
    await waitReady(page);
    const bar = page.locator('heapbook-engine-bar');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || !el.closest('heapbook-engine-bar')) return null;
        const style = getComputedStyle(el);
        return {
          text: el.textContent,
          outline: style.outlineStyle,
          width: parseFloat(style.outlineWidth),
          expanded: el.getAttribute('aria-expanded'),
        };
      });
    // Tab from the top of the page until the focus reaches the bar.
    let first = null;
    for (let i = 0; i < 40 && !first; i++) {
      await page.keyboard.press('Tab');
      first = await focused();
    }
    expect(first).toMatchObject({ text: t.runAll, outline: 'solid' });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: t.more, outline: 'solid', expanded: 'false' });
    // Closed, the menu's buttons are not shown and not reached by Tab.
    const restart = page.getByRole('button', { name: t.restart, exact: true });
    const clearAll = page.getByRole('button', { name: t.clearAll, exact: true });
    expect(await restart.isVisible()).toBe(false);
    await page.keyboard.press('Enter');
    expect(await focused()).toMatchObject({ text: t.more, expanded: 'true' });
    expect(await restart.isVisible()).toBe(true);
    // The open menu lies over the page: the sticky bar keeps its height.
    expect(await barHeight(page)).toBeLessThanOrEqual(ONE_ROW);
    await page.screenshot({ path: `${SHOTS}/${t.lang}-menu-open.png` });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: t.restart, outline: 'solid' });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: t.clearAll, outline: 'solid' });
    // Escape closes it and gives the focus back to "More".
    await page.keyboard.press('Escape');
    expect(await focused()).toMatchObject({ text: t.more, expanded: 'false' });
    expect(await clearAll.isVisible()).toBe(false);

    // Run all, from the keyboard: the cells run, in order.
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toMatchObject({ text: t.runAll });
    await page.keyboard.press('Enter');
    const firstCell = page.locator('heapbook-cell:not([hidden])').first();
    await expect.poll(() => firstCell.getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    const second = page.locator('heapbook-cell:not([hidden])').nth(1);
    await expect.poll(() => second.getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    await page.waitForFunction(() => document.querySelector('heapbook-engine-bar')?.getAttribute('data-state') === 'ready', null, {
      timeout: 300_000,
      polling: 500,
    });
    expect(await barHeight(page)).toBeLessThanOrEqual(ONE_ROW);

    // Clear outputs, from the menu.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: t.clearAll });
    await page.keyboard.press('Enter');
    expect(await firstCell.locator('.hb-cell-state').textContent()).toBe(t.cleared);
    // A chosen action closes the menu and gives the focus back to "More".
    expect(await clearAll.isVisible()).toBe(false);
    expect(await focused()).toMatchObject({ text: t.more, expanded: 'false' });

    // Restart, from the menu: the engine restarts (with the progress bar) and the bar stays small.
    await page.evaluate(() => (window as unknown as { hbBarSamples: Sample[] }).hbBarSamples.splice(0));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: t.restart });
    await page.keyboard.press('Enter');
    // A requested restart ends the worker and loads a new one: the bar passes through loading again.
    await expect
      .poll(() => page.locator('.hb-engine-state[data-lang="python"]').getAttribute('data-restarted'), { timeout: 30_000 })
      .toBe('requested');
    await waitReady(page);
    expect((await samples(page)).some((s) => s.state === 'loading' && s.progress)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/${t.lang}-restarted.png` });
    for (const s of await samples(page)) expect(s.height, JSON.stringify(s)).toBeLessThanOrEqual(ONE_ROW);
    expect(await bar.getAttribute('data-menu-open')).toBeNull();
    await context.close();
  });

  it.each(SCHEMES)('has no serious or critical axe violation in the bar and its open menu (%s scheme)', async (scheme) => {
    const context = await phone(scheme);
    const page = await context.newPage();
    await page.goto(site.url(t.path));
    await waitReady(page);
    await page.getByRole('button', { name: t.more, exact: true }).click();
    expect(await page.getByRole('button', { name: t.restart, exact: true }).isVisible()).toBe(true);
    // Evaluated by the DevTools protocol, so the page's Content-Security-Policy does not apply to axe itself.
    await page.evaluate(AXE);
    const found = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(
              ctx: object,
              o: object,
            ): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[]; passes: { id: string }[] }>;
          };
        }
      ).axe;
      const result = await axe.run({ include: [['heapbook-engine-bar']] }, { resultTypes: ['violations'] });
      return {
        passes: result.passes.map((p) => p.id),
        violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
      };
    });
    // axe looked at the bar's buttons: their names and colours were checked.
    expect(found.passes).toEqual(expect.arrayContaining(['button-name', 'color-contrast']));
    expect(found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await context.close();
  });

  it('lands a linked heading below the bar', async () => {
    const context = await phone('dark');
    const page = await context.newPage();
    await page.goto(site.url(t.path));
    const id = await page.locator('.sl-markdown-content h2').first().getAttribute('id');
    expect(id).toBeTruthy();
    await page.goto(site.url(`${t.path}#${encodeURIComponent(id ?? '')}`));
    await waitReady(page);
    await page.waitForTimeout(500);
    const where = await page.evaluate((hid) => {
      const heading = document.getElementById(hid);
      const bar = document.querySelector('heapbook-engine-bar');
      if (!heading || !bar) return null;
      return { heading: heading.getBoundingClientRect().top, bar: bar.getBoundingClientRect().bottom, scrollY: window.scrollY };
    }, id ?? '');
    await page.screenshot({ path: `${SHOTS}/${t.lang}-linked-heading.png` });
    expect(where).not.toBeNull();
    expect(where!.scrollY).toBeGreaterThan(0);
    expect(where!.heading).toBeGreaterThanOrEqual(where!.bar);
    // Not far below it either: the heading is at the top of what is left of the screen.
    expect(where!.heading - where!.bar).toBeLessThan(48);
    await context.close();
  });

  it('says the not-isolated note below the bar, not in its sticky part', async () => {
    const context = await phone('light', { isolated: false });
    const page = await context.newPage();
    await page.goto(site.url(t.path));
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    const note = page.locator('heapbook-engine-bar + .hb-engine-note');
    await note.waitFor({ timeout: 60_000 });
    expect(await note.isVisible()).toBe(true);
    expect(await page.locator('heapbook-engine-bar small').isVisible()).toBe(false);
    await page.locator('heapbook-engine-bar[data-state="ready"]').waitFor({ timeout: 180_000 });
    await page.screenshot({ path: `${SHOTS}/${t.lang}-not-isolated.png` });
    expect(await barHeight(page)).toBeLessThanOrEqual(ONE_ROW);
    for (const s of await samples(page)) expect(s.height, JSON.stringify(s)).toBeLessThanOrEqual(MOST);
    await context.close();
  });
});
