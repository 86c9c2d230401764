/**
 * The Content-Security-Policy in Chromium: sent where it must be, the site working under it with
 * nothing refused, and enforced.
 *
 * Violations are collected twice: the page's `securitypolicyviolation` events (an init script),
 * and Chromium's own CSP issues from the page and from every worker (DevTools' Audits domain on
 * each worker, attached before its first line runs), since a worker's violations never reach the
 * page's document. Console errors and uncaught page errors are collected too.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceCode } from '../../scripts/chromium.ts';
import { FIXTURE, openSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

const CSP = 'content-security-policy';

/** The built files a path pattern names, e.g. the JavaScript engine's worker. */
function builtAsset(pattern: RegExp): string {
  const found = readdirSync('dist/_astro').filter((f) => pattern.test(f));
  expect(found, `dist/_astro/ files matching ${pattern}`).toHaveLength(1);
  return `/_astro/${found[0]}`;
}

/** A policy as its directives, each a list of sources. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

async function policyOf(path: string): Promise<string> {
  const response = await fetch(site.url(path));
  expect(response.status, path).toBe(200);
  const policy = response.headers.get(CSP);
  expect(policy, `${path} has a ${CSP}`).toBeTruthy();
  return policy ?? '';
}

/** A CSP issue as Chromium reports it to DevTools, from the page or a worker. */
interface CspIssue {
  where: string;
  directive: string;
  type: string;
  blocked?: string;
  source?: string;
}

interface Watched {
  page: Page;
  issues: CspIssue[];
  consoleErrors: string[];
  pageErrors: string[];
  /** The page's `securitypolicyviolation` events so far. */
  violations(): Promise<string[]>;
}

/** The part of DevTools' `Audits.issueAdded` event read here (playwright-core does not export its protocol types). */
interface IssueAdded {
  issue: {
    code: string;
    details: {
      contentSecurityPolicyIssueDetails?: {
        violatedDirective: string;
        contentSecurityPolicyViolationType: string;
        blockedURL?: string;
        sourceCodeLocation?: { url: string; lineNumber: number };
      };
    };
  };
}

function recordIssue(issues: CspIssue[], where: string) {
  return ({ issue }: IssueAdded) => {
    const details = issue.details.contentSecurityPolicyIssueDetails;
    if (issue.code !== 'ContentSecurityPolicyIssue' || !details) return;
    const at = details.sourceCodeLocation;
    issues.push({
      where,
      directive: details.violatedDirective,
      type: details.contentSecurityPolicyViolationType,
      ...(details.blockedURL ? { blocked: details.blockedURL } : {}),
      ...(at ? { source: `${at.url}:${at.lineNumber}` } : {}),
    });
  };
}

/**
 * Attaches to every worker the page starts, paused, turns on its CSP issues and lets it run.
 * (A second, non-flat session beside Playwright's own, so messages go through sendMessageToTarget.)
 */
async function watchWorkers(cdp: CDPSession, issues: CspIssue[]): Promise<void> {
  const urls = new Map<string, string>();
  cdp.on('Target.attachedToTarget', (event) => {
    urls.set(event.sessionId, event.targetInfo.url);
    const send = (id: number, method: string) =>
      cdp.send('Target.sendMessageToTarget', { sessionId: event.sessionId, message: JSON.stringify({ id, method }) }).catch(() => {});
    void send(1, 'Audits.enable').then(() => send(2, 'Runtime.runIfWaitingForDebugger'));
  });
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { method?: string; params?: unknown };
    if (message.method === 'Audits.issueAdded') {
      const where = new URL(urls.get(event.sessionId) ?? 'worker:?').pathname;
      recordIssue(issues, where)(message.params as IssueAdded);
    }
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
}

async function openWatched(path: string): Promise<Watched> {
  const context = await site.browser.newContext();
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
    });
  });
  const page = await context.newPage();
  const watched: Watched = {
    page,
    issues: [],
    consoleErrors: [],
    pageErrors: [],
    violations: () => page.evaluate(() => [...(window as unknown as { __cspViolations: string[] }).__cspViolations]),
  };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  page.on('pageerror', (err) => watched.pageErrors.push(err.message));
  const cdp = await context.newCDPSession(page);
  cdp.on('Audits.issueAdded', recordIssue(watched.issues, path));
  await cdp.send('Audits.enable');
  await watchWorkers(cdp, watched.issues);
  await page.goto(site.url(path));
  return watched;
}

function expectClean(watched: Watched, violations: string[]): void {
  expect(violations, 'securitypolicyviolation events on the page').toEqual([]);
  expect(watched.issues, 'CSP issues in the page or its workers').toEqual([]);
  expect(watched.consoleErrors, 'console errors').toEqual([]);
  expect(watched.pageErrors, 'uncaught errors').toEqual([]);
}

const cellById = (page: Page, id: string) => page.locator(`heapbook-cell[data-cell-id="${id}"]`);
const firstCell = (page: Page) => page.locator('heapbook-cell:not([hidden])').first();

/** Runs a cell and waits for the live output of this run (not an earlier one); returns its status. */
async function run(cell: ReturnType<typeof firstCell>, timeout = 90_000): Promise<string | null> {
  await cell.locator('.hb-output > *').evaluateAll((els) => els.forEach((el) => el.setAttribute('data-test-earlier', '')));
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await cell.locator('.hb-metrics:not([data-test-earlier])', { hasText: /measured live|现场测得/ }).waitFor({ timeout });
  return cell.locator('.hb-output').getAttribute('data-status');
}

/** Opens Starlight's search, searches a word and returns the titles of the results. */
async function search(page: Page, word: string): Promise<string[]> {
  const open = page.locator('button[data-open-modal]');
  await expect.poll(() => open.isEnabled(), { timeout: 30_000 }).toBe(true);
  await open.click();
  const input = page.locator('#starlight__search input');
  await input.waitFor({ timeout: 30_000 });
  await input.fill(word);
  const results = page.locator('#starlight__search .pagefind-ui__result-link');
  await results.first().waitFor({ timeout: 30_000 });
  const titles = await results.allTextContents();
  await page.keyboard.press('Escape');
  return titles;
}

describe('Content-Security-Policy', () => {
  it('is sent with the pages, the engine workers and the Python engine, scoped as designed', async () => {
    const page = directives(await policyOf(FIXTURE.python.en));
    expect(page['script-src']).toEqual(expect.arrayContaining(["'self'", "'wasm-unsafe-eval'"]));
    expect(page['script-src']).not.toContain("'unsafe-eval'");
    expect(page['script-src']).not.toContain("'unsafe-inline'");
    expect(page['script-src']?.filter((s) => s.startsWith("'sha256-")).length).toBeGreaterThanOrEqual(3);
    expect(page['default-src']).toEqual(["'self'"]);
    expect(page['object-src']).toEqual(["'none'"]);
    expect(page['frame-ancestors']).toEqual(["'self'"]);
    expect(page['worker-src']).toEqual(["'self'"]);

    const sitePolicy = await policyOf(FIXTURE.python.en);
    for (const path of [
      '/en/',
      '/zh-cn/',
      FIXTURE.javascript.zh,
      '/pyodide/pyodide.mjs',
      '/pyodide/pyodide.asm.wasm',
      '/pyodide/python_stdlib.zip',
      builtAsset(/^engine-worker-.*\.js$/),
    ]) {
      expect(await policyOf(path), path).toBe(sitePolicy);
    }
    const missing = await fetch(site.url('/en/no-such-page/'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get(CSP)).toBe(sitePolicy);

    // One policy on the JavaScript engine's worker (not the site's joined to it), allowing eval.
    const worker = await policyOf(builtAsset(/^js-engine-worker-.*\.js$/));
    expect(worker).not.toContain(',');
    expect(directives(worker)['script-src']).toEqual(["'self'", "'unsafe-eval'"]);
    expect(directives(worker)['default-src']).toEqual(["'self'"]);
  });

  it('lets every inline script and style of each built page run by its hash', async () => {
    const pages = readdirSync('dist', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThanOrEqual(10);
    const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    for (const file of pages) {
      const html = readFileSync(`dist/${file}`, 'utf8');
      const path = `/${file.replace(/index\.html$/, '')}`;
      const policy = directives(await policyOf(path));
      const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => sha(m[1] ?? ''));
      const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => sha(m[1] ?? ''));
      // Starlight's pages carry inline scripts (theme, search); the base path's language choice has none.
      if (file !== 'index.html') expect(scripts.length, `${file} has inline scripts`).toBeGreaterThan(0);
      expect(policy['script-src'], file).toEqual(expect.arrayContaining(scripts));
      expect(policy['style-src'], file).toEqual(expect.arrayContaining(styles));
    }
  });

  it('a Python page: cells, a refs graph and search run with nothing refused, and eval stays out of the Python engine', async () => {
    const watched = await openWatched(FIXTURE.python.en);
    const { page } = watched;
    const cell = firstCell(page);
    await replaceCode(page, cell, 'print(sum(range(10)))');
    expect(await run(cell)).toBe('ok');
    expect(await cell.locator('.hb-output').innerText()).toContain('45');

    await replaceCode(page, cell, 'from heapbook import refs\na = []\nb = [a]\na.append(b)\nrefs(a)');
    expect(await run(cell)).toBe('ok');
    await cell.locator('.hb-output svg.hb-graph-svg').waitFor();
    const labels = await cell.locator('.hb-output svg.hb-graph-svg text').allTextContents();
    expect(labels.filter((t) => t === 'list')).toHaveLength(2);

    expect((await search(page, 'refcount')).length).toBeGreaterThan(0);
    expectClean(watched, await watched.violations());

    // The Python worker has the site's policy: JavaScript from a string is refused there too.
    await replaceCode(
      page,
      cell,
      'import js\ntry:\n    js.eval("6 * 7")\nexcept Exception as e:\n    print(type(e).__name__, str(e)[:60])',
    );
    expect(await run(cell)).toBe('ok');
    expect(await cell.locator('.hb-output').innerText()).toMatch(/EvalError/);
    expect(watched.issues).toEqual([
      expect.objectContaining({
        directive: 'script-src',
        type: 'kEvalViolation',
        where: expect.stringMatching(/\/_astro\/engine-worker-.*\.js$/),
      }),
    ]);
    await page.context().close();
  });

  it('a JavaScript page: a cell evaluates code in its worker, and search works', async () => {
    const watched = await openWatched(FIXTURE.javascript.en);
    const { page } = watched;
    const cell = firstCell(page);
    await replaceCode(page, cell, "const times = new Function('a', 'b', 'return a * b');\nconsole.log(eval('6 * 7'));\ntimes(6, 7) + 1");
    expect(await run(cell, 60_000)).toBe('ok');
    const output = await cell.locator('.hb-output').innerText();
    expect(output).toContain('42');
    expect(output).toContain('43');
    // A baked cell of the page, unedited, runs live too.
    const second = page.locator('heapbook-cell:not([hidden])').nth(1);
    expect(await run(second, 60_000)).toBe('ok');

    expect((await search(page, 'closure')).length).toBeGreaterThan(0);
    expectClean(watched, await watched.violations());
    // The page itself still refuses eval: only the engine's worker allows it. (Code that DevTools
    // evaluates is exempt, so the eval runs later, from a timer of the page's own.)
    const onPage = () =>
      page.evaluate(
        () =>
          new Promise<string>((done) =>
            setTimeout(() => {
              try {
                done(String((0, eval)('6 * 7')));
              } catch (err) {
                done((err as Error).name);
              }
            }),
          ),
      );
    expect(await onPage()).toBe('EvalError');
    expect(await watched.violations()).toEqual([expect.stringMatching(/^script-src eval /)]);
    await page.context().close();
  });

  it('/en/intro/: Python cells, a refs graph and a chart run with nothing refused', async () => {
    const watched = await openWatched('/en/intro/');
    const { page } = watched;
    expect(await run(cellById(page, 'first-cell'))).toBe('ok');
    const graphCell = cellById(page, 'helper-refs');
    expect(await run(graphCell, 120_000)).toBe('ok');
    await graphCell.locator('.hb-output svg.hb-graph-svg').waitFor();
    expect(await graphCell.locator('.hb-output svg.hb-graph-svg text').allTextContents()).toEqual(
      expect.arrayContaining(['dict', 'list', 'float']),
    );
    const chartCell = cellById(page, 'helper-compare');
    expect(await run(chartCell)).toBe('ok');
    await chartCell.locator('.hb-output svg.hb-chart-svg').waitFor();
    expect(await chartCell.locator('.hb-output svg.hb-chart-svg text').allTextContents()).toEqual(
      expect.arrayContaining(['split', 'count']),
    );

    expect((await search(page, 'tracemalloc')).length).toBeGreaterThan(0);
    expectClean(watched, await watched.violations());
    await page.context().close();
  });

  it('is enforced: an injected event handler and an injected script do not run, and are reported', async () => {
    const watched = await openWatched('/en/intro/');
    const { page } = watched;
    await page.locator('heapbook-cell').first().waitFor();
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<img src="x-no-such-image" onerror="window.__pwned = 1">');
      const script = document.createElement('script');
      script.textContent = 'window.__pwnedByScript = 1';
      document.head.append(script);
    });
    await expect.poll(async () => (await watched.violations()).length, { timeout: 10_000 }).toBe(2);
    const pwned = await page.evaluate(() => {
      const w = window as unknown as { __pwned?: number; __pwnedByScript?: number };
      return [w.__pwned, w.__pwnedByScript];
    });
    expect(pwned).toEqual([undefined, undefined]);
    const violations = await watched.violations();
    expect(violations).toEqual(
      expect.arrayContaining([expect.stringMatching(/^script-src-attr inline /), expect.stringMatching(/^script-src-elem inline /)]),
    );
    await page.context().close();
  });
});
