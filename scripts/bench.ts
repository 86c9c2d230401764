/**
 * The benchmark of issues 5 and 21: the built site in Debian's Chromium, headless, against a
 * bare-Pyodide baseline page served alongside it. Not part of `npm test`: it takes minutes and
 * wants a quiet machine. Prints a table and writes bench-results/bench-<time>.json.
 *
 *   npm run bench -- [--runs N] [--only cold,warm,...] [--no-build] [--chapter /en/gc/ | all]
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { serveBaseline } from './bench/baseline-page.ts';
import { metered, type MeteredServer } from './bench/metered-server.ts';
import { formatTable, writeReport, type Outcome } from './bench/report.ts';
import { chapterPages, selectPages } from './bench/chapters.ts';
import { BROWSER_SCENARIOS, buildScenario, PAGE_SCENARIOS, SCENARIO_NAMES, type ScenarioName } from './bench/scenarios.ts';
import { loadRefusal, waitForQuiet } from './bench/stats.ts';
import { CONFIG_FILE, parseSiteConfig, SiteConfigError } from '../src/build/site-config.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.ts';
import { serveSite } from './serve.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const USAGE = `usage: npm run bench -- [--runs N] [--only ${SCENARIO_NAMES.join(',')}] [--no-build] [--chapter /en/gc/,/zh-cn/gc/ | all]`;
/** The page of the scenarios that measure one page, when `--chapter` names several. */
const DEFAULT_PAGE = '/en/gc/';
/** How long a scenario waits for the machine to settle after the one before it (see waitForQuiet). */
const SETTLE_MS = 120_000;

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        runs: { type: 'string', default: '5' },
        only: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        chapter: { type: 'string', default: DEFAULT_PAGE },
      },
    }).values;
  } catch (err) {
    return fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
}

function readOptions() {
  const values = parseOptions();
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) fail(`--runs wants a whole number of at least 1, not "${values.runs}"`);
  const only = values.only
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean) ?? [...SCENARIO_NAMES];
  const unknown = only.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown.length) fail(`no scenario named ${unknown.join(', ')}; the scenarios are ${SCENARIO_NAMES.join(', ')}`);
  if (values['no-build'] && values.only && only.includes('build')) fail('--only build and --no-build contradict each other');
  const selected = SCENARIO_NAMES.filter((name) => only.includes(name) && !(name === 'build' && values['no-build']));
  let pages: string[];
  try {
    pages = selectPages(values.chapter, BOOK);
  } catch (err) {
    return fail(errorText(err));
  }
  // One page for the scenarios that measure one: the named one, else the issue's /en/gc/.
  const single = pages.length === 1 ? (pages[0] as string) : DEFAULT_PAGE;
  return { runs, selected, pages, single, all: values.chapter.trim() === 'all' };
}

/** Every chapter page of the book, both languages, from heapbook.config.json. */
function bookPages(): string[] {
  try {
    return chapterPages(parseSiteConfig(readFileSync(`${ROOT}/${CONFIG_FILE}`, 'utf8'), (path) => existsSync(`${ROOT}/${path}`)));
  } catch (err) {
    return fail(err instanceof SiteConfigError ? err.problems.join('\n') : errorText(err));
  }
}

/** What the browser scenarios need on disk, checked before anything starts. */
function checkReady(pages: readonly string[]): void {
  if (!existsSync(`${ROOT}/dist/_headers`)) fail('dist/ holds no built site: run npm run build first');
  const missing = pages.filter((page) => !existsSync(`${ROOT}/dist${page}index.html`));
  if (missing.length) fail(`dist/ has no page ${missing.join(', ')}: is --chapter right (e.g. /en/gc/ or all), and the site built?`);
  if (!existsSync(CHROMIUM)) {
    fail(`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set HEAPBOOK_CHROMIUM=/path/to/chromium`);
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

const BOOK = bookPages();
const options = readOptions();
const startedAt = new Date();
const loadAtStart = loadavg();
const cores = cpus().length;
/** Outcomes by row: the scenario's name, and for the scenarios measured per page, the page after it. */
const outcomes = new Map<string, Outcome>();
const rowName = (name: ScenarioName, page: string) =>
  PAGE_SCENARIOS.includes(name) && options.pages.length > 1 ? `${name} ${page}` : name;
const progress = (line: string) => console.error(`  ${line}`);
const pyodide = JSON.parse(readFileSync(`${ROOT}/node_modules/pyodide/package.json`, 'utf8')) as { version: string };
let chromiumVersion: string | null = null;

// The build comes first: it replaces dist/, which the other scenarios measure.
if (options.selected.includes('build')) {
  console.error('build');
  const loadAverage = loadavg();
  outcomes.set(
    'build',
    await buildScenario(ROOT, BOOK, progress).then(
      (result) => ({ ...result, loadAverage }),
      (err: unknown) => ({ error: errorText(err), loadAverage }),
    ),
  );
}

const inBrowser = options.selected.filter((name) => name !== 'build');
if (inBrowser.length) {
  checkReady([...new Set([...options.pages, options.single])]);
  const servers: MeteredServer[] = [];
  let browser: Browser | null = null;
  try {
    const site = metered(await serveSite(`${ROOT}/dist`, 0));
    servers.push(site);
    const baseline = metered(await serveBaseline(0));
    servers.push(baseline);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    chromiumVersion = browser.version();
    const shown = options.all ? `every chapter page (${options.pages.length})` : options.pages.join(', ');
    console.error(`Chromium ${chromiumVersion}: ${shown} against bare Pyodide ${pyodide.version}, ${options.runs} runs`);
    for (const name of inBrowser) {
      console.error(name);
      for (const page of PAGE_SCENARIOS.includes(name) ? options.pages : [options.single]) {
        // The load before each scenario (and page): a busy machine gets figures, but no ratios.
        const quiet = await waitForQuiet(
          () => loadavg()[0] ?? 0,
          cores,
          SETTLE_MS,
          (ms) => new Promise((r) => setTimeout(r, ms)),
        );
        if (quiet.waitedMs) progress(`waited ${quiet.waitedMs / 1000} s for the load average to settle: ${quiet.load.toFixed(2)}`);
        const loadAverage = loadavg();
        const refusal = loadRefusal(loadAverage[0] ?? 0, cores);
        if (refusal) progress(refusal);
        const bench = { browser, site, baseline, chapter: page, book: BOOK, dist: `${ROOT}/dist`, runs: options.runs, refusal, progress };
        try {
          outcomes.set(rowName(name, page), { ...(await BROWSER_SCENARIOS[name](bench)), loadAverage });
        } catch (err) {
          outcomes.set(rowName(name, page), { error: errorText(err), loadAverage });
          progress(`failed: ${errorText(err)}`);
        }
      }
    }
  } finally {
    await browser?.close();
    await Promise.all(servers.map((server) => server.close()));
  }
}

// In the issues' order, whatever order they ran in.
const ordered: Record<string, Outcome> = {};
for (const name of SCENARIO_NAMES) {
  for (const [row, outcome] of outcomes) if (row === name || row.startsWith(`${name} `)) ordered[row] = outcome;
}
const headers = `${ROOT}/dist/_headers`;
const path = await writeReport(
  `${ROOT}/bench-results`,
  {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    chapters: options.pages,
    singlePage: options.single,
    runs: options.runs,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores,
      memoryBytes: totalmem(),
      platform: `${platform()} ${release()} ${arch()}`,
      node: process.version,
      chromium: chromiumVersion,
      loadAverage: { start: loadAtStart, end: loadavg() },
    },
    distBuiltAt: existsSync(headers) ? statSync(headers).mtime.toISOString() : null,
    baseline: `bare Pyodide ${pyodide.version} from node_modules in a module Web Worker; the site's headers, uncompressed`,
    scenarios: ordered,
  },
  startedAt,
);
console.log(
  `${cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores; load average ${loadAtStart.map((n) => n.toFixed(2)).join(' ')} at the start`,
);
console.log(formatTable(ordered));
console.log(`\nwritten to ${path.slice(ROOT.length + 1)}`);
if (Object.values(ordered).some((outcome) => 'error' in outcome)) process.exitCode = 1;
