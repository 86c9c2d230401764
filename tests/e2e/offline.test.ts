/**
 * The book's service worker (src/sw/heapbook-sw.js) in Chromium, against a plain static server
 * that sends no headers of its own (as GitHub Pages cannot send COOP/COEP): the page becomes
 * cross-origin isolated after one reload, Stop interrupts, and with the worker blocked Stop
 * restarts the engine and the page says so. Then offline reading: the network gone (Playwright's
 * offline mode and the server refusing every connection), a chapter read before opens and runs its
 * cells from the worker's cache; a page never read says it is offline. And a new build (one
 * chapter changed, a new build id in the worker) shows its text at the next online visit and
 * replaces the old cache.
 *
 * Needs `npm run build` (dist/ with heapbook-sw.js).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, replaceCode } from '../../scripts/chromium.ts';
import { SERVICE_WORKER_FILE, serviceWorkerSource, type ServiceWorkerConfig } from '../../src/build/service-worker.ts';
import { FIXTURE } from './browser.ts';

const DIST = 'dist';
// The fixture chapters the tests own (tests/fixtures/docs/), not chapters of the book.
const CHAPTER = FIXTURE.python.en;
const JS_CHAPTER = FIXTURE.javascript.en;
const TITLE = 'Fixture of the tests, Python cells';
const REVISED = 'Fixture of the tests, Python cells, revised';

let server: Server;
let origin: string;
let browser: Browser;
/** What the server does: serve dist/ as it is, serve it with files replaced (a new build), or refuse every connection. */
let mode: 'up' | 'down' = 'up';
let replaced = new Map<string, { type: string; body: string }>();
/** Requests that reached the server while it was down (the browser's offline mode stops most before). */
let refused = 0;

/** The worker's configuration, read back from the built file. */
function builtWorkerConfig(): ServiceWorkerConfig {
  const text = readFileSync(`${DIST}/${SERVICE_WORKER_FILE}`, 'utf8');
  const json = /^const CONFIG = (\{.*\});$/m.exec(text)?.[1];
  if (!json) throw new Error(`${DIST}/${SERVICE_WORKER_FILE} has no configuration line`);
  return JSON.parse(json) as ServiceWorkerConfig;
}

beforeAll(async () => {
  if (!existsSync(`${DIST}/${SERVICE_WORKER_FILE}`))
    throw new Error(`${DIST}/${SERVICE_WORKER_FILE} is missing: run "npm run build" first (with "serviceWorker": true)`);
  // A static server with no header rules at all: sirv's content types, ETags and precompressed twins, nothing else.
  const files = sirv(DIST, { dev: false, etag: true, brotli: true, gzip: true });
  server = createServer((req, res) => {
    if (mode === 'down') {
      refused++;
      req.socket.destroy();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const replacement = replaced.get(path);
    if (replacement) {
      res.setHeader('Content-Type', replacement.type);
      res.end(replacement.body);
      return;
    }
    files(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done));
});

const firstCell = (page: Page) => page.locator('heapbook-cell:not([hidden])').first();
const liveOutput = (page: Page) => firstCell(page).locator(':scope > .hb-output:not([data-old]):not([data-status="running"])');

/** Runs the first cell (with `code`, or its own), as a reader would; the new output's status and text. */
async function run(page: Page, code?: string): Promise<{ status: string | null; text: string }> {
  const cell = firstCell(page);
  if (code !== undefined) await replaceCode(page, cell, code);
  await cell.locator(':scope > .hb-output').evaluate((el) => el.setAttribute('data-old', ''));
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  const output = liveOutput(page);
  await output.locator('.hb-metrics', { hasText: 'measured live' }).waitFor({ timeout: 90_000 });
  return { status: await output.getAttribute('data-status'), text: await output.innerText() };
}

/** Runs `while True: pass` in the first cell, presses Stop, and returns the output that ends it. */
async function stopLoop(page: Page): Promise<{ status: string | null; text: string; ms: number }> {
  const cell = firstCell(page);
  await replaceCode(page, cell, 'while True: pass');
  await cell.locator(':scope > .hb-output').evaluate((el) => el.setAttribute('data-old', ''));
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => cell.getAttribute('data-state'), { timeout: 30_000 }).toBe('running');
  await page.waitForTimeout(300);
  const stoppedAt = Date.now();
  await cell.getByRole('button', { name: 'Stop' }).click();
  const output = liveOutput(page);
  await output.waitFor({ timeout: 20_000 });
  return { status: await output.getAttribute('data-status'), text: await output.innerText(), ms: Date.now() - stoppedAt };
}

/** The page's view of the worker's caches: names, and every entry's URL and body size. */
function cacheContents(page: Page): Promise<{ names: string[]; entries: { url: string; bytes: number }[] }> {
  return page.evaluate(async () => {
    const names = await caches.keys();
    const entries: { url: string; bytes: number }[] = [];
    for (const name of names) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        entries.push({ url: request.url, bytes: response ? (await response.arrayBuffer()).byteLength : 0 });
      }
    }
    return { names, entries };
  });
}

const heading = (page: Page) =>
  page
    .locator('h1')
    .innerText()
    .catch(() => null);
const isolated = (page: Page) => page.evaluate(() => crossOriginIsolated).catch(() => null);
const controller = (page: Page) => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null).catch(() => null);

/** Counts the page's own navigations (its first load, and each reload). */
function countNavigations(page: Page): () => number {
  let count = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) count++;
  });
  return () => count;
}

/** Takes the network away: Chromium's offline mode, and a server that refuses every connection. */
async function offline(context: BrowserContext, off: boolean): Promise<void> {
  mode = off ? 'down' : 'up';
  if (off) server.closeAllConnections();
  await context.setOffline(off);
}

describe('a static host that sends no headers', () => {
  let context: BrowserContext;
  let page: Page;

  it('sends none: the page alone is not isolated', async () => {
    const response = await fetch(`${origin}${CHAPTER}`);
    expect(response.status).toBe(200);
    for (const name of ['cross-origin-opener-policy', 'cross-origin-embedder-policy', 'content-security-policy'])
      expect(response.headers.get(name), name).toBeNull();
  });

  it('the page registers the worker, reloads once and is cross-origin isolated; a Python cell runs and Stop raises KeyboardInterrupt', async () => {
    context = await browser.newContext();
    page = await context.newPage();
    const navigations = countNavigations(page);
    await page.goto(`${origin}${CHAPTER}`);
    await expect.poll(() => isolated(page), { timeout: 60_000 }).toBe(true);
    await page.waitForLoadState('load');
    await page.waitForTimeout(1500);
    expect(navigations(), 'the first load and exactly one reload').toBe(2);
    expect(await controller(page)).toBe(`${origin}/${SERVICE_WORKER_FILE}`);
    expect(await page.evaluate(() => sessionStorage.getItem('heapbook-isolation-reload'))).not.toBeNull();
    expect(await page.locator('heapbook-engine-bar').innerText()).not.toContain('not cross-origin isolated');

    const result = await run(page, 'print(sum(range(10)))');
    expect(result.status).toBe('ok');
    expect(result.text).toContain('45');
    const stop = await stopLoop(page);
    expect(stop.status).toBe('interrupted');
    expect(stop.text).toMatch(/KeyboardInterrupt/);
    console.log(`no-header host: isolated after ${navigations() - 1} reload; Stop to KeyboardInterrupt in ${stop.ms} ms`);

    // A later visit in the same tab is isolated from its first load: no second reload. The
    // JavaScript engine runs there too (a shared worker started from a frame, all under the
    // worker's headers).
    await page.goto(`${origin}${JS_CHAPTER}`);
    expect(await isolated(page)).toBe(true);
    const js = await run(page);
    expect(js.status).toBe('ok');
    expect(navigations()).toBe(3);
  });

  it('keeps what a reader read: offline, the chapter reopens and its cells run from the cache', async () => {
    await page.goto(`${origin}${CHAPTER}`);
    await firstCell(page).waitFor();
    // The chapter's own first cell, not the loop the test above left in it (edits are kept per page).
    await page.evaluate(() => localStorage.clear());
    const build = builtWorkerConfig().build;
    const needed = [
      'pyodide/pyodide.asm.wasm',
      'pyodide/pyodide.asm.mjs',
      'pyodide/heapbook-snapshot.json',
      'pyodide/heapbook-empty-stdlib.zip',
    ];
    await expect
      .poll(
        async () => {
          const { names, entries } = await cacheContents(page);
          const urls = entries.map((e) => e.url);
          return (
            names.join() === `heapbook-${build}` &&
            urls.includes(`${origin}${CHAPTER}`) &&
            needed.every((f) => urls.includes(`${origin}/${f}`)) &&
            urls.some((u) => /heapbook-snapshot\.[0-9a-f]+\.bin$/.test(u)) &&
            urls.some((u) => /js-engine-worker-/.test(u)) &&
            builtWorkerConfig().engineFiles.every((f) => urls.includes(`${origin}${f}`))
          );
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe(true);
    const { entries } = await cacheContents(page);
    const bytes = entries.reduce((sum, e) => sum + e.bytes, 0);
    const engine = builtWorkerConfig().engineFiles;
    expect(
      engine.every((f) => entries.some((e) => e.url === `${origin}${f}`)),
      'every engine file kept',
    ).toBe(true);
    console.log(`offline cache after one chapter and a Run: ${entries.length} files, ${bytes} bytes (${(bytes / 2 ** 20).toFixed(1)} MiB)`);

    await offline(context, true);
    try {
      refused = 0;
      const t0 = Date.now();
      await page.reload({ waitUntil: 'domcontentloaded' });
      await expect.poll(() => heading(page), { timeout: 30_000 }).toBe(TITLE);
      expect(await isolated(page)).toBe(true);
      const result = await run(page);
      const firstOutputMs = Date.now() - t0;
      expect(result.status).toBe('ok');
      console.log(
        `repeat visit offline, from the service worker's cache: first output ${firstOutputMs} ms after the reload began (Run clicked as soon as it could be); ${refused} connection(s) reached the server and were refused`,
      );
      const edited = await run(page, 'print(sum(range(10)))');
      expect(edited.text).toContain('45');

      // The JavaScript chapter read above, and its engine, offline too.
      await page.goto(`${origin}${JS_CHAPTER}`);
      expect(await isolated(page)).toBe(true);
      expect((await run(page)).status).toBe('ok');

      // A page never read has no copy, and says so.
      const unread = await page.goto(`${origin}/en/numpy/`);
      expect(unread?.status()).toBe(503);
      await expect.poll(() => heading(page), { timeout: 30_000 }).toBe('Offline');
    } finally {
      await offline(context, false);
    }
  });

  it('a new build shows at the next online visit, and its worker replaces the old cache', async () => {
    const old = builtWorkerConfig();
    const build = createHash('sha256').update(`${old.build} revised`).digest('hex').slice(0, 16);
    const html = readFileSync(`${DIST}${CHAPTER}index.html`, 'utf8');
    expect(html).toMatch(new RegExp(`>${TITLE}</h1>`));
    replaced = new Map([
      [CHAPTER, { type: 'text/html; charset=utf-8', body: html.replace(`>${TITLE}</h1>`, `>${REVISED}</h1>`) }],
      [
        `/${SERVICE_WORKER_FILE}`,
        { type: 'text/javascript', body: serviceWorkerSource(readFileSync('src/sw/heapbook-sw.js', 'utf8'), { ...old, build }) },
      ],
    ]);
    try {
      await page.goto(`${origin}${CHAPTER}`);
      await expect.poll(() => heading(page), { timeout: 30_000 }).toBe(REVISED);
      await expect
        .poll(
          async () => ({
            caches: (await cacheContents(page)).names,
            workers: await page.evaluate(async () => {
              const registration = await navigator.serviceWorker.getRegistration();
              const state = (worker: ServiceWorker | null | undefined) =>
                worker ? `${worker.state} ${/"build":"(\w+)"/.exec(worker.scriptURL)?.[1] ?? ''}` : null;
              return [state(registration?.installing), state(registration?.waiting), state(registration?.active)];
            }),
          }),
          { timeout: 60_000 },
        )
        .toMatchObject({ caches: [`heapbook-${build}`] });
      // Offline again: the new text, from the new cache.
      await offline(context, true);
      await page.reload();
      await expect.poll(() => heading(page), { timeout: 30_000 }).toBe(REVISED);
      expect(await isolated(page)).toBe(true);
    } finally {
      await offline(context, false);
      replaced = new Map();
      await context.close();
    }
  });
});

describe('the worker blocked', () => {
  it('no reload; Stop restarts the engine, and the page says so', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const navigations = countNavigations(page);
    await page.goto(`${origin}${CHAPTER}`);
    await page.waitForLoadState('load');
    await page.waitForTimeout(3000);
    expect(navigations()).toBe(1);
    expect(await isolated(page)).toBe(false);
    await expect
      .poll(() => page.locator('heapbook-engine-bar').innerText(), { timeout: 30_000 })
      .toContain('This page is not cross-origin isolated: Stop restarts the engine.');
    const stop = await stopLoop(page);
    expect(stop.status).toBe('restarted');
    expect(stop.text).toContain('This page is not cross-origin isolated, so stopping a cell restarts the engine.');
    const after = await run(page, 'print(sum(range(10)))');
    expect(after.text).toContain('45');
    await context.close();
  });
});
