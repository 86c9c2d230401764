/**
 * "On this page" (our TableOfContents and MobileTableOfContents overrides, src/components/toc-element.ts):
 * as the reader scrolls, the section being read is the one marked aria-current="true" (and, on a phone,
 * named in the summary); the phone's dropdown closes on Escape (focus back on the summary), on a link
 * and on a click outside it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function openPage(path: string, options: typeof DESKTOP | typeof PHONE): Promise<Page> {
  const page = await (await site.browser.newContext(options)).newPage();
  await page.goto(site.url(path));
  return page;
}

/** The hrefs of a list's links, in order. */
const hrefs = (page: Page, list: string) =>
  page.locator(`${list} a`).evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
/** The href of the link the list marks current, or null. */
const current = (page: Page, list: string) =>
  page.evaluate((sel) => document.querySelector(`${sel} a[aria-current="true"]`)?.getAttribute('href') ?? null, list);
/** How many links the list marks current (never more than one). */
const marked = (page: Page, list: string) => page.locator(`${list} a[aria-current="true"]`).count();

/**
 * Scrolls the heading a link points to until its top sits `below` px under the site header (a heading
 * the page cannot scroll that far stops where it can), then waits two frames for the observer.
 */
async function scrollHeadingTo(page: Page, href: string, below: number): Promise<void> {
  await page.evaluate(
    async ({ id, below }) => {
      const heading = document.getElementById(decodeURIComponent(id));
      if (!heading) throw new Error(`no heading #${id}`);
      const header = document.querySelector('header')?.getBoundingClientRect().height ?? 0;
      window.scrollBy(0, heading.getBoundingClientRect().top - header - below);
      for (let i = 0; i < 3; i++) await new Promise((done) => requestAnimationFrame(done));
    },
    { id: href.slice(1), below },
  );
}

/** The href of the last heading of the list whose top is above `line` px from the top of the viewport. */
const lastAbove = (page: Page, list: string, line: number) =>
  page.evaluate(
    ({ list, line }) => {
      let last = '#_top';
      for (const a of document.querySelectorAll<HTMLAnchorElement>(`${list} a`)) {
        const heading = document.getElementById(decodeURIComponent(a.hash.slice(1)));
        if (heading && heading.getBoundingClientRect().top < line) last = a.getAttribute('href') ?? '';
      }
      return last;
    },
    { list, line },
  );

describe('the section being read', () => {
  it('is marked in the desktop list as the reader scrolls down, jumps and scrolls back (/en/js-closures/)', async () => {
    const page = await openPage('/en/js-closures/', DESKTOP);
    const list = 'starlight-toc';
    await expect.poll(() => current(page, list)).toBe('#_top');
    const links = await hrefs(page, list);
    expect(links[0]).toBe('#_top');
    expect(links.length).toBeGreaterThanOrEqual(8);
    // The reading line: a band (53 px) below where a link lands its heading (scroll-padding-top), and never
    // above Starlight's own (the header + 85 px).
    const line = await page.evaluate(() =>
      Math.max(
        (document.querySelector('header')?.getBoundingClientRect().height ?? 0) + 85,
        parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) + 53,
      ),
    );
    expect(line).toBeGreaterThan(85);
    // Each heading in turn just under the bars: it is the one marked. The last few cannot reach the top of
    // the page's end: then the last heading above the reading line is.
    for (const href of links.slice(1)) {
      await scrollHeadingTo(page, href, 40);
      const expected = await lastAbove(page, list, line);
      await expect.poll(() => current(page, list), { timeout: 5_000 }).toBe(expected);
      expect(await marked(page, list)).toBe(1);
    }
    expect(await current(page, list)).toBe(links.at(-1));
    // A heading still well below the line leaves the section before it marked.
    await scrollHeadingTo(page, links[3] ?? '', 300);
    await expect.poll(() => current(page, list), { timeout: 5_000 }).toBe(links[2]);
    // Back to the top in one jump: the page title's entry.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => current(page, list), { timeout: 5_000 }).toBe('#_top');
    expect(await marked(page, list)).toBe(1);
    await page.context().close();
  });

  it('is named in the phone summary, Chinese headings included (/zh-cn/js-closures/ at 375 px)', async () => {
    const page = await openPage('/zh-cn/js-closures/', PHONE);
    const list = 'mobile-starlight-toc';
    const display = page.locator(`${list} .display-current`);
    const links = page.locator(`${list} a`);
    await expect.poll(() => display.textContent()).toBe(((await links.first().textContent()) ?? '').trim());
    const all = await hrefs(page, list);
    // Non-ASCII ids: the links' hashes are percent-encoded, the headings' ids are not.
    const chinese = all.filter((h) => /[\u4e00-\u9fff]/.test(h));
    expect(chinese.length).toBeGreaterThanOrEqual(3);
    for (const href of chinese.slice(0, 4)) {
      await scrollHeadingTo(page, href, 60);
      const text = ((await page.locator(`${list} a[href="${href}"]`).textContent()) ?? '').trim();
      await expect.poll(() => current(page, list), { timeout: 5_000 }).toBe(href);
      await expect.poll(async () => ((await display.textContent()) ?? '').trim(), { timeout: 5_000 }).toBe(text);
    }
    await page.context().close();
  });
});

describe('the phone dropdown', () => {
  it('closes on Escape with the focus back on its summary, on a link, and on a click outside it', async () => {
    const page = await openPage('/en/js-closures/', PHONE);
    const summary = page.locator('mobile-starlight-toc summary');
    const details = page.locator('mobile-starlight-toc details');
    const isOpen = () => details.evaluate((d) => (d as HTMLDetailsElement).open);
    await summary.click();
    await expect.poll(isOpen).toBe(true);
    await page.locator('mobile-starlight-toc .dropdown a').nth(2).focus();
    await page.keyboard.press('Escape');
    await expect.poll(isOpen).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('starlight__on-this-page--mobile');

    await summary.click();
    await expect.poll(isOpen).toBe(true);
    const link = page.locator('mobile-starlight-toc .dropdown a').nth(3);
    const href = (await link.getAttribute('href')) ?? '';
    await link.click();
    await expect.poll(isOpen).toBe(false);
    expect(await page.evaluate(() => decodeURIComponent(location.hash))).toBe(decodeURIComponent(href));
    await expect.poll(() => current(page, 'mobile-starlight-toc'), { timeout: 5_000 }).toBe(href);

    await summary.click();
    await expect.poll(isOpen).toBe(true);
    await page.locator('main h1, main p').first().click({ force: true });
    await expect.poll(isOpen).toBe(false);
    await page.context().close();
  });
});
