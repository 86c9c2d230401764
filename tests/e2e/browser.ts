/** Shared setup of the end-to-end tests: the built site on a local port, and Debian's Chromium. */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../scripts/chromium.ts';
import { serveSite } from '../../scripts/serve.ts';

export interface Site {
  url(path: string): string;
  browser: Browser;
  /** A page at `path` in a fresh browser context (its own storage), loaded; an error unless it answered 200. */
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The fixture chapters the tests own (tests/fixtures/docs/): tests of the engine and the page's
 * mechanics count, edit and read their cells, never a chapter of the book, which a writer may
 * reorganise. Change a fixture together with the tests that read it.
 */
export const FIXTURE = {
  python: { en: '/en/fixture-python/', zh: '/zh-cn/fixture-python/' },
  javascript: { en: '/en/fixture-js/', zh: '/zh-cn/fixture-js/' },
} as const;

/** Serves dist/ (built by `npm run build:test`, with the fixture chapters) with its production headers and starts Chromium. */
export async function openSite(): Promise<Site> {
  if (!existsSync('dist/en/fixture-python/index.html')) {
    throw new Error(
      'dist/ has no fixture chapters (dist/en/fixture-python/index.html): the end-to-end tests need the build `npm run build:test` (HEAPBOOK_FIXTURES=1), not `npm run build`',
    );
  }
  const server: Server = await serveSite('dist', 0);
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  return {
    url,
    browser,
    async open(path) {
      const page = await (await browser.newContext()).newPage();
      const response = await page.goto(url(path));
      if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status() ?? 'nothing'}, not 200`);
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

/**
 * The site for a test file: opened before its tests, closed after them. Use it inside tests and
 * hooks only (it is not open while the file's tests are collected).
 */
export function useSite(): Site {
  let site: Site | undefined;
  beforeAll(async () => {
    site = await openSite();
  });
  afterAll(async () => site?.close());
  const open = (): Site => {
    if (!site) throw new Error('the site opens in beforeAll: use it inside a test or hook');
    return site;
  };
  return {
    url: (path) => open().url(path),
    get browser() {
      return open().browser;
    },
    open: (path) => open().open(path),
    close: () => open().close(),
  };
}

/** A cell of the page by its id. */
export const cellById = (page: Page, id: string) => page.locator(`heapbook-cell[data-cell-id="${id}"]`);

/**
 * Presses the page's Run all (its label in the page's language) and waits until every shown cell
 * has left "baked" for a final state (Run all goes past unsolved exercises).
 */
export async function runAllAndWait(page: Page, label: 'Run all' | '全部运行'): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll<HTMLElement>('heapbook-cell:not([hidden])')].every((c) =>
        ['done', 'failed', 'unsolved', 'stopped', 'cancelled'].includes(c.dataset['state'] ?? ''),
      ),
    null,
    { timeout: 540_000, polling: 500 },
  );
}
