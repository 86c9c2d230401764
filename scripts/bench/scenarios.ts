/**
 * The scenarios of issues 5 and 21. Each runs `runs` times, each time in a fresh browser context (a
 * fresh profile: empty HTTP cache, no saved edits), and alternates with the baseline where the
 * baseline has the same figure, so that load on a shared machine hits both. `warm` and `flood`
 * start the engine first and then measure on that page; `repeatVisit` opens two pages in one
 * context, so the second finds the first one's files in the HTTP cache. `cold`, `readingFirst` and
 * `pageWeight` measure every page `--chapter` names (`all`: every chapter page of the book).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { baselineRoundTrips, baselineStart } from './baseline-page.ts';
import { replaceCode } from '../chromium.ts';
import { firstCell, longestTask, recordLongTasks, runMilestones, timedRun, type RunMilestones, type RunTiming } from './chapter-page.ts';
import type { MeteredServer } from './metered-server.ts';
import { formatFigure } from './report.ts';
import { earlierPage } from './chapters.ts';
import { measured, median, ratioTarget, type Measured } from './stats.ts';

export interface Bench {
  browser: Browser;
  site: MeteredServer;
  baseline: MeteredServer;
  /** The page's path, e.g. `/en/gc/`. */
  chapter: string;
  /** The built site's folder (dist/). */
  dist: string;
  /** Every chapter page of the book, in reading order (heapbook.config.json). */
  book: readonly string[];
  runs: number;
  /** Why this scenario may not report ratios (the machine was busy as it started), or null. */
  refusal: string | null;
  progress(line: string): void;
}

export interface Figure extends Measured {
  what: string;
  unit: 'ms' | 'B' | 'count';
  /** `pass` is null when the figure could not be judged (a ratio target with the ratio refused). */
  target?: { text: string; pass: boolean | null };
}

/** A scenario's headline figure, and the figures measured alongside it. */
export interface ScenarioResult extends Figure {
  more?: Record<string, Figure>;
}

/** What a page scenario says of a page it cannot measure (a chapter without cells), instead of a result. */
export interface Skipped {
  skipped: string;
}

type Scenario = (bench: Bench) => Promise<ScenarioResult | Skipped>;

const WARM_CLICKS = 100;
/** The JavaScript chapters whose first JavaScript cell `jsCold` runs: the two. */
const JS_PAGES = ['/en/js-closures/', '/zh-cn/v8-heap/'] as const;
/** Issue 21's page-weight limits, before any Run. */
const HTML_LIMIT_BYTES = 60_000;
const ELEMENT_LIMIT = 8_000;
const READING_MS = 3_000;
/** 13.5 MB: the raw size of Pyodide's core files, which the target halves. */
const PYODIDE_CORE_BYTES = 13_500_000;
const FLOOD_CODE = 'for i in range(100_000):\n    print(i)';

function figure(what: string, unit: Figure['unit'], samples: number[], baseline?: number[], refusal?: string | null): Figure {
  return { what, unit, ...measured(samples, baseline, refusal) };
}

function judged(fig: Figure, text: string, pass: (fig: Figure) => boolean | null): Figure {
  return { ...fig, target: { text, pass: pass(fig) } };
}

/** Runs `use` on a page of a fresh browser context; page errors are added to any failure. */
async function inFreshPage<T>(browser: Browser, use: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    return await use(page);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(errors.length ? `${message} (page errors: ${errors.join('; ')})` : message);
  } finally {
    await context.close();
  }
}

const ms = (value: number) => formatFigure(value, 'ms');
const count = (value: number) => formatFigure(value, 'count');
const mb = (bytes: number) => formatFigure(bytes, 'B');

/** Opens the chapter, makes the first cell `code` and runs it once, so the engine is up. */
async function chapterWithEngineUp(bench: Bench, page: Page, code: string) {
  await page.goto(bench.site.url(bench.chapter));
  const cell = firstCell(page);
  await replaceCode(page, cell, code);
  await timedRun(cell);
  return cell;
}

/** The page's built HTML, for what the page holds before it is opened (its cells). */
function builtPage(bench: Bench): string {
  return readFileSync(`${bench.dist}${bench.chapter}index.html`, 'utf8');
}

/** Null when the page has a cell to run, else why a run scenario skips it. */
function noCell(bench: Bench): Skipped | null {
  return /<heapbook-cell\b/.test(builtPage(bench)) ? null : { skipped: `${bench.chapter} has no runnable cell` };
}

/** The language of the page's first shown cell, as its built HTML gives it. */
function firstCellLanguage(bench: Bench): string {
  const first = /<heapbook-cell\b(?![^>]*\bhidden\b)[^>]*>/.exec(builtPage(bench))?.[0] ?? '';
  return /data-lang="javascript"/.test(first) ? 'JavaScript' : 'Python';
}

/** The first run's milestones on the page, beside its timing. */
async function timedFirstRun(page: Page, cell = firstCell(page)): Promise<RunTiming & RunMilestones> {
  const run = await timedRun(cell);
  return { ...run, ...(await runMilestones(cell)) };
}

/** Where the first runs' time went, as figures beside the scenario's own: what stands between it and its target. */
function breakdown(runs: (RunTiming & RunMilestones)[]): Record<string, Figure> {
  const known = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
  const out: Record<string, Figure> = {};
  const ready = known(runs.map((r) => r.domContentLoaded));
  if (ready.length) out['domContentLoaded'] = figure('navigation to DOMContentLoaded: the page parsed and its scripts run', 'ms', ready);
  out['clickable'] = figure(
    'navigation to the Run click (Run shown, page responsive)',
    'ms',
    runs.map((r) => r.clickAt),
  );
  const engine = known(runs.map((r) => r.engineReadyAt));
  if (engine.length) out['engineReady'] = figure("navigation to the cell's engine ready (as the engine bar shows it)", 'ms', engine);
  return out;
}

const cold: Scenario = async (bench) => {
  const skip = noCell(bench);
  if (skip) return skip;
  const runs: (RunTiming & RunMilestones)[] = [];
  const base: number[] = [];
  for (let i = 1; i <= bench.runs; i++) {
    const ours = await inFreshPage(bench.browser, async (page) => {
      await page.goto(bench.site.url(bench.chapter), { waitUntil: 'commit' });
      return timedFirstRun(page);
    });
    const theirs = await inFreshPage(bench.browser, async (page) => (await baselineStart(page, bench.baseline.url('/'))).at);
    runs.push(ours);
    base.push(theirs);
    bench.progress(`cold ${bench.chapter} ${i}/${bench.runs}: site ${ms(ours.outputAt)}, baseline ${ms(theirs)}`);
  }
  const fig = figure(
    `navigation to the first live output (of the page's first cell, here ${firstCellLanguage(bench)}), Run clicked as soon as it shows (baseline: to 1+1)`,
    'ms',
    runs.map((r) => r.outputAt),
    base,
    bench.refusal,
  );
  return { ...judged(fig, '≤ 0.4 × baseline', (f) => ratioTarget(f, 0.4)), more: breakdown(runs) };
};

const readingFirst: Scenario = async (bench) => {
  const skip = noCell(bench);
  if (skip) return skip;
  const samples: number[] = [];
  for (let i = 1; i <= bench.runs; i++) {
    const clickToOutput = await inFreshPage(bench.browser, async (page) => {
      await page.goto(bench.site.url(bench.chapter));
      await page.waitForTimeout(READING_MS);
      const run = await timedRun(firstCell(page));
      return run.outputAt - run.clickAt;
    });
    samples.push(clickToOutput);
    bench.progress(`readingFirst ${bench.chapter} ${i}/${bench.runs}: ${ms(clickToOutput)}`);
  }
  const fig = figure(`Run clicked 3 s after the load event: click to output`, 'ms', samples);
  return judged(fig, '< 100 ms', (f) => f.median < 100);
};

const warm: Scenario = async (bench) => {
  const site: number[] = [];
  const base: number[] = [];
  for (let i = 1; i <= bench.runs; i++) {
    const ours = await inFreshPage(bench.browser, async (page) => {
      const cell = await chapterWithEngineUp(bench, page, '1+1');
      const times: number[] = [];
      for (let n = 0; n < WARM_CLICKS; n++) {
        const run = await timedRun(cell);
        times.push(run.outputAt - run.clickAt);
      }
      return median(times);
    });
    const theirs = await inFreshPage(bench.browser, async (page) => {
      await baselineStart(page, bench.baseline.url('/'));
      return median(await baselineRoundTrips(page, WARM_CLICKS));
    });
    site.push(ours);
    base.push(theirs);
    bench.progress(`warm ${i}/${bench.runs}: site ${ms(ours)}, baseline ${ms(theirs)}`);
  }
  const fig = figure(
    `1+1 with the engine up: click to output, median of ${WARM_CLICKS} (baseline: postMessage round trip)`,
    'ms',
    site,
    base,
    bench.refusal,
  );
  return judged(fig, '< 8 ms', (f) => f.median < 8);
};

/** How long the first page of a repeat visit may take to have the service worker keep the engine. */
const KEEP_TIMEOUT_MS = 60_000;

/**
 * Waits until the book's service worker holds the engine's files (Pyodide's wasm and the snapshot),
 * which the page asks it to keep a few seconds after its engine is up: a repeat visit is one whose
 * caches are warm, and a visit that starts while the worker is still writing 25 MB is not.
 */
async function offlineCopyKept(page: Page): Promise<void> {
  const kept = () =>
    page.evaluate(async () => {
      const name = (await caches.keys()).find((n) => n.startsWith('heapbook-'));
      if (!name) return false;
      const urls = (await (await caches.open(name)).keys()).map((request) => request.url);
      return urls.some((u) => u.endsWith('/pyodide.asm.wasm')) && urls.some((u) => /heapbook-snapshot\.[0-9a-f]+\.bin$/.test(u));
    });
  const until = Date.now() + KEEP_TIMEOUT_MS;
  while (!(await kept())) {
    if (Date.now() > until) throw new Error(`the service worker did not keep the engine's files within ${KEEP_TIMEOUT_MS / 1000} s`);
    await page.waitForTimeout(250);
  }
}

const repeatVisit: Scenario = async (bench) => {
  const earlier = earlierPage(bench.chapter, bench.book);
  const runs: (RunTiming & RunMilestones)[] = [];
  const base: number[] = [];
  for (let i = 1; i <= bench.runs; i++) {
    // One context for both visits: the second page finds the first one's files in the HTTP cache.
    const ours = await inFreshPage(bench.browser, async (page) => {
      await page.goto(bench.site.url(earlier));
      await timedRun(firstCell(page));
      await page.waitForLoadState('networkidle');
      await offlineCopyKept(page);
      await page.goto(bench.site.url(bench.chapter), { waitUntil: 'commit' });
      return timedFirstRun(page);
    });
    const theirs = await inFreshPage(bench.browser, async (page) => {
      await baselineStart(page, bench.baseline.url('/'));
      await page.waitForLoadState('networkidle');
      return (await baselineStart(page, bench.baseline.url('/?again'))).at;
    });
    runs.push(ours);
    base.push(theirs);
    bench.progress(`repeatVisit ${i}/${bench.runs}: site ${ms(ours.outputAt)}, baseline ${ms(theirs)}`);
  }
  const fig = figure(
    `${earlier} opened and run earlier in the same profile, then ${bench.chapter}: navigation to the first live output, Run clicked at once (baseline: its page opened again)`,
    'ms',
    runs.map((r) => r.outputAt),
    base,
    bench.refusal,
  );
  return { ...judged(fig, '≤ 0.3 × baseline', (f) => ratioTarget(f, 0.3)), more: breakdown(runs) };
};

/** The first JavaScript cell a reader sees on the page. */
const firstJsCell = (page: Page) => page.locator('heapbook-cell:not([hidden])[data-lang="javascript"]').first();

const jsCold: Scenario = async (bench) => {
  const runs: Record<string, (RunTiming & RunMilestones)[]> = {};
  for (const path of JS_PAGES) runs[path] = [];
  for (let i = 1; i <= bench.runs; i++) {
    for (const path of JS_PAGES) {
      const run = await inFreshPage(bench.browser, async (page) => {
        await page.goto(bench.site.url(path), { waitUntil: 'commit' });
        return timedFirstRun(page, firstJsCell(page));
      });
      runs[path]!.push(run);
      bench.progress(`jsCold ${path} ${i}/${bench.runs}: output at ${ms(run.outputAt)}, Run clicked at ${ms(run.clickAt)}`);
    }
  }
  const [main, ...others] = JS_PAGES;
  const target = (fig: Figure) => judged(fig, '< 0.5 s', (f) => f.median < 500);
  const what = (path: string) => `${path}: navigation to the first JavaScript cell's live output, Run clicked as soon as it shows`;
  const more: Record<string, Figure> = {};
  for (const [key, fig] of Object.entries(breakdown(runs[main]!))) more[`${key} ${main}`] = fig;
  for (const path of others)
    more[path] = target(
      figure(
        what(path),
        'ms',
        runs[path]!.map((r) => r.outputAt),
      ),
    );
  return {
    ...target(
      figure(
        what(main),
        'ms',
        runs[main]!.map((r) => r.outputAt),
      ),
    ),
    more,
  };
};

const bytes: Scenario = async (bench) => {
  const site: number[] = [];
  const base: number[] = [];
  for (let i = 1; i <= bench.runs; i++) {
    // From navigation: the page starts its engine by itself once idle, so "after load" would miss it.
    const ours = await inFreshPage(bench.browser, async (page) => {
      const before = bench.site.bytesSent();
      await page.goto(bench.site.url(bench.chapter));
      await timedRun(firstCell(page));
      return bench.site.bytesSent() - before;
    });
    const theirs = await inFreshPage(bench.browser, async (page) => {
      const before = bench.baseline.bytesSent();
      await baselineStart(page, bench.baseline.url('/'));
      return bench.baseline.bytesSent() - before;
    });
    site.push(ours);
    base.push(theirs);
    bench.progress(`bytes ${i}/${bench.runs}: site ${mb(ours)}, baseline ${mb(theirs)}`);
  }
  const fig = figure(
    "bytes on the wire from navigation to the first Run's output, page included (baseline: the whole page to 1+1)",
    'B',
    site,
    base,
  );
  return judged(fig, `≤ ${mb(PYODIDE_CORE_BYTES / 2)}`, (f) => f.median <= PYODIDE_CORE_BYTES / 2);
};

/** In the page: elements of the document, those in open shadow roots included. */
function countElements(): number {
  let total = 0;
  const walk = (root: Document | ShadowRoot) => {
    for (const element of root.querySelectorAll('*')) {
      total++;
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  return total;
}

const pageWeight: Scenario = async (bench) => {
  // Sizes do not vary between runs: one run per page.
  const run = await inFreshPage(bench.browser, async (page) => {
    const response = await page.goto(bench.site.url(bench.chapter));
    if (!response || response.status() !== 200) throw new Error(`${bench.chapter} answered ${response?.status() ?? 'nothing'}`);
    await page.waitForLoadState('load');
    const sizes = await response.request().sizes();
    return {
      sent: sizes.responseBodySize,
      encoding: (await response.headerValue('content-encoding')) ?? 'none',
      html: (await response.body()).length,
      elements: await page.evaluate(countElements),
    };
  });
  bench.progress(
    `pageWeight ${bench.chapter}: ${mb(run.sent)} sent (${run.encoding}) of ${mb(run.html)} HTML, ${count(run.elements)} elements`,
  );
  const limit = mb(HTML_LIMIT_BYTES);
  return {
    ...judged(
      figure(`the page's HTML body on the wire, compressed as sent (Content-Encoding: ${run.encoding}), before any Run`, 'B', [run.sent]),
      `≤ ${limit}`,
      (f) => f.median <= HTML_LIMIT_BYTES,
    ),
    more: {
      html: figure(`the same HTML uncompressed`, 'B', [run.html]),
      elements: judged(
        figure(`elements in the document after the load event, before any Run (open shadow roots included)`, 'count', [run.elements]),
        `≤ ${count(ELEMENT_LIMIT)}`,
        (f) => f.median <= ELEMENT_LIMIT,
      ),
    },
  };
};

const pageJs: Scenario = async (bench) => {
  const js: number[] = [];
  const all: number[] = [];
  const loaded: number[] = [];
  for (let i = 1; i <= bench.runs; i++) {
    const run = await inFreshPage(bench.browser, async (page) => {
      const scripts: Promise<number>[] = [];
      page.on('requestfinished', (request) => {
        const bodyBytes = async () => {
          const type = await (await request.response())?.headerValue('content-type');
          // The page's own scripts: the engines' workers and Pyodide start later, by themselves.
          const engine = /engine-worker|\/pyodide\//.test(request.url());
          return type?.includes('javascript') && !engine ? (await request.sizes()).responseBodySize : 0;
        };
        scripts.push(bodyBytes());
      });
      const before = bench.site.bytesSent();
      await page.goto(bench.site.url(bench.chapter));
      await page.waitForLoadState('networkidle');
      return {
        all: bench.site.bytesSent() - before,
        js: (await Promise.all(scripts)).reduce((sum, size) => sum + size, 0),
        loaded: await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd),
      };
    });
    js.push(run.js);
    all.push(run.all);
    loaded.push(run.loaded);
    bench.progress(`pageJs ${i}/${bench.runs}: ${mb(run.js)} of JavaScript, load event at ${ms(run.loaded)}`);
  }
  const fig = figure("the page's own JavaScript on the wire before any Run (not the engines' workers), compressed as sent", 'B', js);
  return {
    ...judged(fig, '≤ 60 kB', (f) => f.median <= 60_000),
    more: {
      allBytes: figure('every byte on the wire before any Run (HTML, CSS, JavaScript, headers)', 'B', all),
      interactive: figure('time to interactive: end of the load event, from navigation start', 'ms', loaded),
    },
  };
};

/** `npm run build`, timed; fails with the end of its output. */
async function timedBuild(root: string): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((done, fail) => {
    const child = spawn('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + String(chunk)).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => fail(new Error(`could not start npm run build: ${err.message}`)));
    child.on('close', (code) =>
      code === 0 ? done() : fail(new Error(`npm run build failed (exit ${code}):\n${output.split('\n').slice(-20).join('\n')}`)),
    );
  });
  return performance.now() - t0;
}

/** `build`: once cold (no execution cache, no dist/), once with the cache warm. Needs no browser. */
export async function buildScenario(root: string, book: readonly string[], progress: (line: string) => void): Promise<ScenarioResult> {
  progress('build: cold (.heapbook-cache/ and dist/ deleted), then again with the cache warm');
  await rm(`${root}/.heapbook-cache`, { recursive: true, force: true });
  await rm(`${root}/dist`, { recursive: true, force: true });
  const coldMs = await timedBuild(root);
  progress(`build: cold ${ms(coldMs)}`);
  const warmMs = await timedBuild(root);
  progress(`build: warm ${ms(warmMs)}`);
  const missing = book.filter((page) => !existsSync(`${root}/dist${page}index.html`));
  if (missing.length) throw new Error(`the build wrote no page for ${missing.join(', ')}`);
  const pages = `all ${book.length} chapter pages of heapbook.config.json`;
  const coldFig = figure(`npm run build of ${pages}, without .heapbook-cache/ and dist/ (once)`, 'ms', [coldMs]);
  const warmFig = figure(`npm run build of ${pages} again, execution cache warm (once)`, 'ms', [warmMs]);
  return {
    ...judged(coldFig, '< 120 s', (f) => f.median < 120_000),
    more: { warm: judged(warmFig, '< 20 s', (f) => f.median < 20_000) },
  };
}

const flood: Scenario = async (bench) => {
  const complete: number[] = [];
  const longest: number[] = [];
  for (let i = 1; i <= bench.runs; i++) {
    const run = await inFreshPage(bench.browser, async (page) => {
      const cell = await chapterWithEngineUp(bench, page, '1+1');
      await replaceCode(page, cell, FLOOD_CODE);
      await recordLongTasks(page);
      const { clickAt, outputAt, tail } = await timedRun(cell);
      // The page shows the first 1,000 lines and says how many more there are (src/shared/output-cap.ts).
      if (!tail.includes('99,000 more lines')) throw new Error(`the flood's hidden-lines count is missing: …${tail}`);
      // The output's layout and paint come after it is in the DOM: they count too.
      await page.waitForTimeout(500);
      return { complete: outputAt - clickAt, longest: await longestTask(page, clickAt, outputAt + 500) };
    });
    complete.push(run.complete);
    longest.push(run.longest);
    bench.progress(`flood ${i}/${bench.runs}: ${ms(run.complete)}, longest task ${ms(run.longest)}`);
  }
  const fig = figure('a cell printing 100,000 lines, engine up: click to finished output', 'ms', complete);
  const longestFig = figure('longest main-thread task from the click to 0.5 s after the output (0: none of 50 ms or more)', 'ms', longest);
  return {
    ...judged(fig, '< 3 s', (f) => f.median < 3_000),
    more: { longestTask: judged(longestFig, '< 100 ms', (f) => f.median < 100) },
  };
};

/** Every scenario, in the order of the issues and of the report. */
export const SCENARIO_NAMES = [
  'cold',
  'readingFirst',
  'repeatVisit',
  'jsCold',
  'warm',
  'bytes',
  'pageJs',
  'pageWeight',
  'build',
  'flood',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The scenarios measured on every page `--chapter` names; the others measure one page. */
export const PAGE_SCENARIOS: readonly ScenarioName[] = ['cold', 'readingFirst', 'pageWeight'];

/** The scenarios that measure pages in the browser: all but `build`. */
export const BROWSER_SCENARIOS: Record<Exclude<ScenarioName, 'build'>, Scenario> = {
  cold,
  readingFirst,
  repeatVisit,
  jsCold,
  warm,
  bytes,
  pageJs,
  pageWeight,
  flood,
};
