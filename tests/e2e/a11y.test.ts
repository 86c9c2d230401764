/**
 * Accessibility, with axe-core (from npm, pinned in package.json) in Debian's Chromium: every page of
 * the book in both languages and both colour schemes has no serious or critical violation, with the
 * outputs and pictures the build baked into the page (the same views a live run draws: result-view
 * and src/shared/render make both), and on one Python chapter also after Run all. Every control of the
 * cells and the engine bar is reached with Tab and shows a visible focus; pictures have text
 * alternatives. The counts per page are printed, for the record.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from './browser.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SLUGS = readdirSync('content/docs/en')
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => f.replace(/\.mdx$/, ''))
  .sort();
const PAGES = ['en', 'zh-cn'].flatMap((lang) => SLUGS.map((slug) => `/${lang}/${slug === 'index' ? '' : `${slug}/`}`));
type Scheme = 'light' | 'dark';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

async function openIn(scheme: Scheme, path: string): Promise<Page> {
  const context = await site.browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
  // Starlight's own theme choice, as its theme picker stores it.
  await context.addInitScript((s) => localStorage.setItem('starlight-theme', s), scheme);
  const page = await context.newPage();
  await page.goto(site.url(path));
  expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(scheme);
  if (await page.locator('heapbook-cell').count()) await page.locator('heapbook-engine-bar button').first().waitFor();
  // Cells off screen are not rendered (content-visibility), and axe would skip their colours.
  await page.evaluate(() => document.documentElement.classList.add('hb-cells-laid-out'));
  // Scroll boxes are made focusable once laid out (Expressive Code's script, cell-reading.ts).
  await page.waitForTimeout(600);
  return page;
}

interface Found {
  id: string;
  impact: string;
  nodes: string[];
}

/** axe's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<Found[]> {
  // Evaluated by the DevTools protocol, so the page's Content-Security-Policy does not apply to axe itself.
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Every <text> of the pictures in outputs whose fill is under 4.5:1 against what is drawn beneath
 * its middle (the topmost filled shape, else the picture's panel, else the page).
 */
async function pictureTextContrast(page: Page): Promise<{ text: string; fill: string; under: string; ratio: number }[]> {
  return page.evaluate(() => {
    const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    const rgb = (colour: string): [number, number, number, number] => {
      probe.clearRect(0, 0, 1, 1);
      probe.fillStyle = '#000';
      probe.fillStyle = colour;
      probe.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0, a = 0] = probe.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a / 255];
    };
    const channel = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    const lum = ([r, g, b]: [number, number, number, number]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const bad: { text: string; fill: string; under: string; ratio: number }[] = [];
    for (const text of document.querySelectorAll<SVGTextElement>('.hb-output svg text')) {
      const box = text.getBoundingClientRect();
      if (!box.width || !(text.textContent ?? '').trim()) continue;
      text.scrollIntoView({ block: 'center', inline: 'center' });
      const r = text.getBoundingClientRect();
      const stack = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      let under = '';
      for (const el of stack) {
        // Lines and groups have no area to sit on; other text is not a background.
        if (el === text || text.contains(el) || /^(text|tspan|g|line|polyline)$/.test(el.tagName)) continue;
        const style = getComputedStyle(el);
        const colour = el instanceof SVGElement && el.tagName !== 'svg' ? style.fill : style.backgroundColor;
        if (!colour || colour === 'none' || rgb(colour)[3] < 1) continue;
        under = colour;
        break;
      }
      const fill = getComputedStyle(text).fill;
      const [a, b] = [lum(rgb(fill)), lum(rgb(under || '#fff'))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) bad.push({ text: (text.textContent ?? '').slice(0, 40), fill, under, ratio: Math.round(ratio * 100) / 100 });
    }
    return bad;
  });
}

const report: string[] = [];
afterAll(() => console.log(`axe serious+critical violations (nodes) per page:\n${report.join('\n')}`));

describe.each(['light', 'dark'] as const)('axe in the %s scheme', (scheme) => {
  it.each(PAGES)('%s has no serious or critical violation, baked outputs and pictures included', async (path) => {
    const page = await openIn(scheme, path);
    const found = await seriousViolations(page);
    const nodes = found.reduce((n, v) => n + v.nodes.length, 0);
    report.push(`${scheme} ${path}: ${nodes}${found.length ? ` (${found.map((v) => `${v.id}×${v.nodes.length}`).join(', ')})` : ''}`);
    expect(found, JSON.stringify(found, null, 1).slice(0, 3000)).toEqual([]);
    // Pictures carry a text alternative.
    const pictures = await page.locator('.hb-output svg').evaluateAll((els) =>
      els.map((el) => ({
        role: el.getAttribute('role'),
        label: el.getAttribute('aria-label') ?? '',
        hidden: el.closest('[aria-hidden="true"]') !== null,
      })),
    );
    for (const p of pictures.filter((p) => !p.hidden)) {
      expect(p.role).toBe('img');
      expect(p.label.trim().length).toBeGreaterThan(3);
    }
    // The text inside pictures, which axe's colour check leaves out: 4.5:1 against what is under it.
    const faint = await pictureTextContrast(page);
    expect(faint, JSON.stringify(faint.slice(0, 5))).toEqual([]);
    await page.context().close();
  });
});

describe("the base path's own page", () => {
  it.each(['light', 'dark'] as const)('offers both languages with no serious or critical violation (%s)', async (scheme) => {
    const context = await site.browser.newContext({ colorScheme: scheme, viewport: { width: 375, height: 700 } });
    const page = await context.newPage();
    await page.goto(site.url('/'));
    const found = await seriousViolations(page);
    report.push(`${scheme} / (language choice): ${found.reduce((n, v) => n + v.nodes.length, 0)}`);
    expect(found, JSON.stringify(found, null, 1).slice(0, 3000)).toEqual([]);
    for (const [name, path] of [
      ['Read in English', '/en/'],
      ['阅读简体中文版', '/zh-cn/'],
    ] as const) {
      const link = page.getByRole('link', { name });
      expect(new URL(await link.evaluate((a) => (a as HTMLAnchorElement).href)).pathname).toBe(path);
      expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Read in English');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/en\/$/);
    await context.close();
  });
});

describe('after Run all', () => {
  it('a Python chapter with live outputs and pictures has no serious or critical violation in the dark scheme', async () => {
    const page = await openIn('dark', '/en/strings/');
    const cells = page.locator('heapbook-cell:not([hidden])');
    const count = await cells.count();
    await page.getByRole('button', { name: 'Run all' }).click();
    await expect
      .poll(async () => (await cells.nth(count - 1).getAttribute('data-state')) ?? '', { timeout: 240_000, interval: 1000 })
      .toMatch(/^(done|failed|unsolved)$/);
    await page.waitForTimeout(1500); // pictures are drawn after the text
    expect(await page.locator('.hb-metrics', { hasText: /measured live|现场测得/ }).count()).toBe(count);
    expect(await page.locator('.hb-output svg[role="img"]').count()).toBeGreaterThan(0);
    const found = await seriousViolations(page);
    report.push(`dark /en/strings/ after Run all: ${found.reduce((n, v) => n + v.nodes.length, 0)}`);
    expect(found, JSON.stringify(found, null, 1).slice(0, 3000)).toEqual([]);
    await page.context().close();
  }, 300_000);
});

describe('keyboard', () => {
  it('reaches every control of the cells and the engine bar with Tab, each with a visible focus', async () => {
    const page = await openIn('dark', '/en/gc/');
    // The controls a reader can use now (hidden ones, like Stop while nothing runs, are not in the tab order).
    const controls = await page.locator('heapbook-engine-bar button:visible, heapbook-cell .hb-toolbar button:visible').count();
    expect(controls).toBeGreaterThan(10);
    const reached = new Set<string>();
    const invisible: string[] = [];
    for (let i = 0; i < 900 && reached.size < controls; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || !el.matches('heapbook-engine-bar button, .hb-toolbar button')) return null;
        const cell = el.closest('heapbook-cell');
        const style = getComputedStyle(el);
        return {
          key: `${cell?.getAttribute('data-cell-id') ?? 'bar'}/${el.textContent}`,
          visible: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (!focused) continue;
      reached.add(focused.key);
      if (!focused.visible) invisible.push(focused.key);
    }
    expect(reached.size).toBe(controls);
    expect(invisible).toEqual([]);
    await page.context().close();
  }, 200_000);
});
