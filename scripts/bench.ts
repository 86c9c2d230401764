/**
 * The benchmark of issue 5: the built site in Debian's Chromium, headless, against a bare-Pyodide
 * baseline page served alongside it. Not part of `npm test`: it takes minutes and wants a quiet
 * machine. Prints a table and writes bench-results/bench-<time>.json.
 *
 *   npm run bench -- [--runs N] [--only cold,warm,...] [--no-build] [--chapter /en/gc/]
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { serveBaseline } from './bench/baseline-page.ts';
import { metered, type MeteredServer } from './bench/metered-server.ts';
import { formatTable, writeReport, type Outcome } from './bench/report.ts';
import { BROWSER_SCENARIOS, buildScenario, SCENARIO_NAMES, type ScenarioName } from './bench/scenarios.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.ts';
import { serveSite } from './serve.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const USAGE = `usage: npm run bench -- [--runs N] [--only ${SCENARIO_NAMES.join(',')}] [--no-build] [--chapter /en/gc/]`;

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
        chapter: { type: 'string', default: '/en/gc/' },
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
  const only = values.only?.split(',').map((name) => name.trim()).filter(Boolean) ?? [...SCENARIO_NAMES];
  const unknown = only.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown.length) fail(`no scenario named ${unknown.join(', ')}; the scenarios are ${SCENARIO_NAMES.join(', ')}`);
  if (values['no-build'] && values.only && only.includes('build')) fail('--only build and --no-build contradict each other');
  const selected = SCENARIO_NAMES.filter((name) => only.includes(name) && !(name === 'build' && values['no-build']));
  const chapter = `/${values.chapter.replace(/^\/+|\/+$/g, '')}/`;
  return { runs, selected, chapter };
}

/** What the browser scenarios need on disk, checked before anything starts. */
function checkReady(chapter: string): void {
  if (!existsSync(`${ROOT}/dist/_headers`)) fail('dist/ holds no built site: run npm run build first');
  if (!existsSync(`${ROOT}/dist${chapter}index.html`)) fail(`dist/ has no page ${chapter}: is the chapter right, and built?`);
  if (!existsSync(CHROMIUM)) {
    fail(`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set HEAPBOOK_CHROMIUM=/path/to/chromium`);
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

const options = readOptions();
const startedAt = new Date();
const loadAtStart = loadavg();
const outcomes: Partial<Record<ScenarioName, Outcome>> = {};
const progress = (line: string) => console.error(`  ${line}`);
const pyodide = JSON.parse(readFileSync(`${ROOT}/node_modules/pyodide/package.json`, 'utf8')) as { version: string };
let chromiumVersion: string | null = null;

// The build comes first: it replaces dist/, which the other scenarios measure.
if (options.selected.includes('build')) {
  console.error('build');
  outcomes.build = await buildScenario(ROOT, progress).catch((err: unknown) => ({ error: errorText(err) }));
}

const inBrowser = options.selected.filter((name) => name !== 'build');
if (inBrowser.length) {
  checkReady(options.chapter);
  const servers: MeteredServer[] = [];
  let browser: Browser | null = null;
  try {
    const site = metered(await serveSite(`${ROOT}/dist`, 0));
    servers.push(site);
    const baseline = metered(await serveBaseline(0));
    servers.push(baseline);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    chromiumVersion = browser.version();
    const bench = { browser, site, baseline, chapter: options.chapter, runs: options.runs, progress };
    console.error(`Chromium ${chromiumVersion}: ${options.chapter} against bare Pyodide ${pyodide.version}, ${options.runs} runs`);
    for (const name of inBrowser) {
      console.error(name);
      try {
        outcomes[name] = await BROWSER_SCENARIOS[name](bench);
      } catch (err) {
        outcomes[name] = { error: errorText(err) };
        progress(`failed: ${errorText(err)}`);
      }
    }
  } finally {
    await browser?.close();
    await Promise.all(servers.map((server) => server.close()));
  }
}

// In the order, whatever order they ran in.
const ordered: Record<string, Outcome> = {};
for (const name of SCENARIO_NAMES) if (outcomes[name]) ordered[name] = outcomes[name];
const headers = `${ROOT}/dist/_headers`;
const path = await writeReport(
  `${ROOT}/bench-results`,
  {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    chapter: options.chapter,
    runs: options.runs,
    machine: { node: process.version, chromium: chromiumVersion, cpus: cpus().length, loadAverage: { start: loadAtStart, end: loadavg() } },
    distBuiltAt: existsSync(headers) ? statSync(headers).mtime.toISOString() : null,
    baseline: `bare Pyodide ${pyodide.version} from node_modules in a module Web Worker; the site's headers, uncompressed`,
    scenarios: ordered,
  },
  startedAt,
);
console.log(formatTable(ordered));
console.log(`\nwritten to ${path.slice(ROOT.length + 1)}`);
if (Object.values(ordered).some((outcome) => 'error' in outcome)) process.exitCode = 1;
