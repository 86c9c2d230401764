/**
 * Every chapter of the book, as a reader opens it: in both languages, listed in the sidebar, with the
 * same cells in both twins, and its first cell run live in Chromium. The chapter list is derived from
 * content/docs/en, so a new chapter is covered the day it is written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useSite } from './browser.ts';

const chapters = readdirSync(new URL('../../content/docs/en/', import.meta.url))
  .filter((name) => name.endsWith('.mdx') && name !== 'index.mdx')
  .map((name) => name.replace(/\.mdx$/, ''))
  .sort();
/** Chapters with runnable cells (a page of prose only, such as hosting, has none to run). */
const withCells = chapters.filter((slug) =>
  /^```\w+ run\b/m.test(readFileSync(new URL(`../../content/docs/en/${slug}.mdx`, import.meta.url), 'utf8')),
);

const site = useSite();

const sources = (page: Page) => page.locator('heapbook-cell').evaluateAll((els) => els.map((e) => e.getAttribute('data-source')));

describe('every chapter in both languages', () => {
  it('finds the chapters of the book', () => {
    expect(chapters.length).toBeGreaterThanOrEqual(4);
  });

  it('lists every chapter in the sidebar and on the front page of both languages', async () => {
    for (const lang of ['en', 'zh-cn']) {
      const page = await site.open(`/${lang}/intro/`);
      const links = await page
        .locator('nav.sidebar a[href]')
        .evaluateAll((els) => els.map((e) => new URL((e as HTMLAnchorElement).href).pathname));
      for (const slug of chapters) expect(links, `${lang} sidebar`).toContain(`/${lang}/${slug}/`);
      await page.context().close();
      // The front page lists the same chapters, in the sidebar's order, each with its description.
      const front = await site.open(`/${lang}/`);
      const listed = await front
        .locator('ol.hb-chapters > li > a')
        .evaluateAll((els) => els.map((e) => new URL((e as HTMLAnchorElement).href).pathname));
      expect(listed, `${lang} front page`).toEqual(links.filter((href) => listed.includes(href)));
      for (const slug of chapters) expect(listed, `${lang} front page`).toContain(`/${lang}/${slug}/`);
      expect(await front.locator('ol.hb-chapters > li > p').count()).toBe(listed.length);
      await front.context().close();
    }
  });

  it('finds runnable cells in all but the prose pages', () => {
    expect(chapters.filter((slug) => !withCells.includes(slug))).toEqual(['hosting']);
  });

  it.each(
    withCells.flatMap((slug) => [
      ['en', slug],
      ['zh-cn', slug],
    ]),
  )('/%s/%s/ runs its first cell live', async (lang, slug) => {
    const page = await site.open(`/${lang}/${slug}/`);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    expect(await page.locator('html').getAttribute('lang')).toBe(lang === 'en' ? 'en' : 'zh-CN');
    const cells = page.locator('heapbook-cell:not([hidden])');
    expect(await cells.count()).toBeGreaterThanOrEqual(1);
    const cell = cells.first();
    // The cell's own output; a native companion's, when there is one, sits inside it.
    const output = cell.locator('.hb-output').first();
    const baked = await output.getAttribute('data-status');
    const bakedMetrics = (await cell.locator('.hb-metrics').first().textContent()) ?? '';
    await cell.locator('button.hb-run').click();
    if (bakedMetrics.includes("not this book's engine") || bakedMetrics.includes('不是本书的引擎')) {
      // Verified at build on the native CPython because a package could not be vendored: live,
      // the page tries the site's copy and says plainly what is missing and how to fix it.
      const error = cell.locator('.hb-output .hb-error').first();
      await error.waitFor({ timeout: 90_000 });
      expect(await error.textContent()).toMatch(/numpy[\s\S]*404[\s\S]*--from/);
      await page.context().close();
      return;
    }
    const live = lang === 'en' ? 'measured live' : '现场测得';
    await cell.locator('.hb-metrics', { hasText: live }).first().waitFor({ timeout: 90_000 });
    // A cell that ran cleanly at build runs cleanly live, with output to show.
    expect(await output.getAttribute('data-status')).toBe(baked ?? 'ok');
    expect((await output.innerText()).trim()).not.toBe('');
    expect(errors).toEqual([]);
    if (lang === 'zh-cn') {
      const en = await site.open(`/en/${slug}/`);
      expect(await sources(page)).toEqual(await sources(en));
      await en.context().close();
    }
    await page.context().close();
  });
});
