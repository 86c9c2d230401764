/**
 * The zh-CN sweep: every Chinese chapter (from `content/docs/zh-cn/*.mdx`, so new chapters are
 * covered as they land) is opened in Chromium, read as baked, run with 全部运行 (Run all), and read
 * again: the words the page and the helpers put around the figures (metrics lines and their
 * tooltips, notices, hints, captions, column heads, legends, notes, model banners) hold no English
 * word outside code and values. Code is the cell's own source, printed output and `<code>`; values
 * are the names the cell's code writes (a compare candidate, an object's name) and the numbers.
 */
import { readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishWords } from '../unit/english-words.ts';
import { openSite, runAllAndWait, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

const chapters = readdirSync('content/docs/zh-cn')
  .filter((f) => f.endsWith('.mdx') && f !== 'index.mdx')
  .map((f) => f.replace(/\.mdx$/, ''))
  .sort();

/** What a reader reads around a cell's figures: the page's and the helpers' own words. */
const READER_TEXT = [
  '.hb-metrics',
  '.hb-notice',
  '.hb-build-only',
  '.hb-more-text',
  '.hb-error-hint',
  '.hb-late-text',
  '.hb-native-label',
  '.hb-banner',
  '.hb-summary',
  '.hb-legend',
  '.hb-notes li',
  'figcaption',
  'caption',
  'thead th',
  'summary',
].join(', ');

interface CellWords {
  id: string;
  code: string;
  texts: string[];
}

/** Each shown cell's source and the reader's texts under it, tooltips included. */
function readWords(page: Page): Promise<CellWords[]> {
  return page.$$eval(
    'heapbook-cell:not([hidden])',
    (cells, selector) =>
      cells.map((cell) => {
        const el = cell as HTMLElement;
        const output = el.querySelector(':scope > .hb-output');
        const texts = [...(output?.querySelectorAll(selector) ?? [])].map((node) => {
          const clone = node.cloneNode(true) as HTMLElement;
          for (const code of clone.querySelectorAll('pre, code')) code.remove();
          const titles = [...node.querySelectorAll('[title]'), node].map((n) => n.getAttribute('title') ?? '');
          return [clone.textContent ?? '', ...titles].join(' ');
        });
        const source = [...el.querySelectorAll('pre, code, .cm-content')]
          .filter((n) => !output?.contains(n))
          .map((n) => n.textContent ?? '')
          .join('\n');
        return { id: el.dataset['cellId'] ?? '', code: source, texts };
      }),
    READER_TEXT,
  );
}

/** Python's and JavaScript's keywords are English words a leftover sentence could hold: not values. */
const KEYWORDS = new Set(
  'import from as class def return with for in del lambda if else not and or is const let new of while function'.split(' '),
);

/** A literal as a pattern that matches it only where it is not part of a longer word. */
function wholeWords(literal: string): RegExp {
  return new RegExp(`(?<![A-Za-z])${literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`, 'g');
}

/** The English words in a cell's reader texts, naming the cell; the names its code writes are values. */
function english(chapter: string, when: string, cells: CellWords[]): string[] {
  return cells.flatMap((cell) => {
    const values = [...cell.code.matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]).filter((w) => !KEYWORDS.has(w));
    // A string the code writes (a compare candidate named "chunks of 64 KiB") is a value, whole.
    const literals = [...cell.code.matchAll(/(["'`])((?:(?!\1).){2,80})\1/g)].map((m) => m[2]!).sort((a, b) => b.length - a.length);
    return cell.texts.flatMap((text) => {
      const words = englishWords(
        literals.reduce((t, literal) => t.replace(wholeWords(literal), ' '), text),
        values,
      );
      return words.length ? [`${chapter} ${when}, cell "${cell.id}": ${words.join(', ')} in “${text.trim()}”`] : [];
    });
  });
}

describe('zh-CN pages have no English around the figures', () => {
  it('finds the Chinese chapters', () => {
    expect(chapters.length).toBeGreaterThanOrEqual(8);
    expect(chapters).toContain('gc');
  });

  it.each(chapters)(
    '%s: baked, then after Run all',
    async (chapter) => {
      const context = await site.browser.newContext();
      const page = await context.newPage();
      await page.goto(site.url(`/zh-cn/${chapter}/`));
      const baked = await readWords(page);
      if (baked.length === 0) {
        expect(await page.locator('heapbook-cell').count()).toBe(0);
        await context.close();
        return;
      }
      const problems = english(chapter, 'baked', baked);
      // The page's other tooltips: a figure computed into the prose (its expression after the colon
      // is code) and the code blocks' copy buttons, which Starlight words for the page's locale.
      const tooltips = await page.$$eval('.hb-inline[title], .expressive-code button[title]', (nodes) =>
        nodes.map((n) => (n.getAttribute('title') ?? '').split('：')[0] ?? ''),
      );
      for (const tip of new Set(tooltips)) {
        const words = englishWords(tip);
        if (words.length) problems.push(`${chapter}: a tooltip says “${tip}”`);
      }
      // Every baked cell has its metrics line, in Chinese.
      const metrics = await page.locator('heapbook-cell:not([hidden]) > .hb-output > .hb-metrics').allTextContents();
      expect(metrics.length, `${chapter}: metrics lines`).toBeGreaterThan(0);
      expect(
        metrics.every((m) => m.includes('构建时测得')),
        `${chapter}: ${metrics.join('\n')}`,
      ).toBe(true);

      await runAllAndWait(page, '全部运行');
      // Tables and pictures are drawn after a run, and a JavaScript cell's heap figure arrives late.
      await page.waitForTimeout(2_000);
      const live = await readWords(page);
      problems.push(...english(chapter, 'live', live));
      const liveMetrics = await page.locator('heapbook-cell:not([hidden]) > .hb-output > .hb-metrics').allTextContents();
      expect(
        liveMetrics.some((m) => m.includes('现场测得')),
        `${chapter}: ${liveMetrics.join('\n')}`,
      ).toBe(true);
      await context.close();
      expect(problems.join('\n')).toBe('');
    },
    600_000,
  );
});
