/**
 * Executes a chapter's steps at build time with the real engine in a Node worker thread, one
 * engine per chapter, steps in order (cells share a namespace, so order is meaning). Results are
 * cached on disk by the steps' content and the engine version, so an unchanged chapter is not
 * executed again; the English and Chinese twins, which share their cells, share one entry.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createNodeJsEngine } from '../../engine/js/node-engine.ts';
import type { EngineHost } from '../../engine/host/engine-host.ts';
import { createNodeEngine } from '../../engine/python/node-engine.ts';
import type { CellLang, RunResult } from '../../engine/protocol.ts';
import type { ExecRequest, PageRun } from './remark-cells.ts';
import { nativePython, runNative } from './native-python.ts';
import { BOOK_LOCK } from '../shared/package-lock.ts';
import { vendorPackages, wheelDir, wheelsPresent } from './vendor-packages.ts';
import { absentPackages, runSubstitute, stepsNeedingAbsent } from './native-substitute.ts';
import { executionKey } from './cache-key.ts';

/**
 * How many engines (and native runs) work at once: `HEAPBOOK_BUILD_JOBS`, or one per core. Each
 * page still gets its own fresh engines and runs its steps in order, so results do not depend on it.
 */
export function buildJobs(env: Record<string, string | undefined> = process.env): number {
  const text = env['HEAPBOOK_BUILD_JOBS'];
  if (text === undefined || text === '') return Math.max(1, availableParallelism());
  if (!/^[1-9]\d{0,2}$/.test(text.trim())) {
    throw new Error(
      `HEAPBOOK_BUILD_JOBS must be a whole number of engines from 1 up (e.g. HEAPBOOK_BUILD_JOBS=2), not "${text}"; unset it to run one per core`,
    );
  }
  return Number(text.trim());
}

let maxEngines: number | null = null;

/** Sets how many engines run at once (tests compare 1 and 2); by default `buildJobs()`. */
export function setBuildJobs(jobs: number): void {
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`the build's engine pool needs at least one engine, not ${jobs}`);
  maxEngines = jobs;
  while (running < maxEngines && waiting.length) {
    running++;
    waiting.shift()?.();
  }
}

let engineVersion: Promise<string> | null = null;

/**
 * The engines' code, versions and Python package, as one hash (cache-key.ts derives what that is
 * from the imports): any change to what shapes a result invalidates the cache. Once per process.
 */
function getEngineVersion(): Promise<string> {
  engineVersion ??= executionKey();
  return engineVersion;
}

const nativeIdentities = new Map<string, Promise<string>>();

/**
 * What the native interpreter is: its version, machine and installed distributions (a new NumPy
 * changes the 64-bit figures), or why it could not say. Once per interpreter and process.
 */
export function nativeIdentity(python: string): Promise<string> {
  let identity = nativeIdentities.get(python);
  if (!identity) {
    const script =
      'import importlib.metadata as m, json, platform, sys\n' +
      'print(json.dumps([sys.version, platform.machine(), sorted(f"{d.metadata[\'Name\']}=={d.version}" for d in m.distributions())]))';
    identity = new Promise((resolve) => {
      execFile(python, ['-c', script], { timeout: 30_000 }, (err, stdout) => resolve(err ? `unavailable: ${err.message}` : stdout.trim()));
    });
    nativeIdentities.set(python, identity);
  }
  return identity;
}

let running = 0;
const waiting: (() => void)[] = [];
/** The most jobs that held a slot at once since the last reset (the tests check the pool's size). */
let peak = 0;
export function enginePeak(reset = false): number {
  const seen = peak;
  if (reset) peak = running;
  return seen;
}

async function withEngineSlot<T>(work: () => Promise<T>): Promise<T> {
  maxEngines ??= buildJobs();
  // A finished job hands its slot straight to the next in line (first come, first served).
  if (running >= maxEngines) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  peak = Math.max(peak, running);
  try {
    return await work();
  } finally {
    const next = running <= (maxEngines ?? 1) ? waiting.shift() : undefined;
    if (next) next();
    else running--;
  }
}

let vendored: Promise<unknown> | null = null;

/**
 * The locked wheels, in the cache, before a chapter runs: downloaded once per process when one is
 * missing (a clean clone, or `check-chapter` before any build), refused when a hash differs.
 */
export function ensureWheels(cacheDir: string): Promise<unknown> {
  vendored ??= wheelsPresent(BOOK_LOCK, cacheDir).then((ok) =>
    ok ? null : vendorPackages({ cacheDir, log: (line) => console.log(`[heapbook] ${line}`) }),
  );
  return vendored;
}

/** The build's engine for a language; Python reads the wheels from the vendored cache, the same files the site serves. */
export function createBuildEngine(lang: CellLang, cacheDir: string): EngineHost {
  return lang === 'javascript' ? createNodeJsEngine() : createNodeEngine({ packages: { lock: BOOK_LOCK, baseURL: wheelDir(cacheDir) } });
}

/** One engine per language the chapter uses, each started on first need. */
async function runFresh(requests: ExecRequest[], cacheDir: string): Promise<PageRun> {
  const engines = new Map<CellLang, EngineHost>();
  const run: PageRun = { engines: {}, results: [] };
  try {
    for (const { timeoutMs, ...request } of requests) {
      let engine = engines.get(request.lang);
      if (!engine) {
        engine = createBuildEngine(request.lang, cacheDir);
        engines.set(request.lang, engine);
        // An error a cell's timer or promise raised after the cell returned is baked with that cell.
        engine.onLateError((late) => {
          const owner = run.results.findLast((r) => r.cellId === late.cellId);
          if (owner) owner.late = [...(owner.late ?? []), late];
        });
        run.engines[request.lang] = `${(await engine.start()).label}${request.lang === 'python' ? ' in Node' : ''}`;
      }
      run.results.push(await engine.run(request, { timeoutMs }));
    }
    return run;
  } finally {
    for (const engine of engines.values()) engine.dispose();
  }
}

export interface ExecuteOptions {
  cacheDir: string;
}

/** The native run for the 64-bit figures, or why there is none; never fails the build by itself. */
export async function runNativeIfAsked(requests: ExecRequest[]): Promise<PageRun['native']> {
  if (!requests.some((r) => r.native)) return undefined;
  // Only Python runs natively; the results stay aligned with all the steps.
  const python = requests.filter((r) => r.lang === 'python');
  try {
    const native = await runNative(python);
    const byRequest = new Map<ExecRequest, RunResult | null>(python.map((r, i) => [r, native.results[i] ?? null]));
    return { platform: native.platform, results: requests.map((r) => byRequest.get(r) ?? null) };
  } catch (err) {
    return { unavailable: (err as Error).message };
  }
}

/**
 * The cache file of a page's steps: their code and options, the engines (cache-key.ts), the
 * package lock and, when a step runs natively, that interpreter's identity.
 */
export async function pageCacheFile(requests: ExecRequest[], options: ExecuteOptions): Promise<string> {
  const version = await getEngineVersion();
  if (requests.some((r) => r.lang === 'python')) await ensureWheels(options.cacheDir);
  // Cells that need a wheel this build could not vendor run on the native CPython instead.
  const needy = stepsNeedingAbsent(requests, BOOK_LOCK, await absentPackages(BOOK_LOCK, options.cacheDir));
  const python = requests.some((r) => r.native) || needy.length ? nativePython() : null;
  const native = python ? { python, identity: await nativeIdentity(python) } : null;
  const key = createHash('sha256')
    // The lock too: a package's new version must run its cells again.
    .update(JSON.stringify({ version, native, lock: BOOK_LOCK, requests, substitute: needy.length > 0 }))
    .digest('hex');
  return `${options.cacheDir}/${key}.json`;
}

/** The cached run of these steps, or null. */
export async function readCachedRun(requests: ExecRequest[], options: ExecuteOptions): Promise<PageRun | null> {
  try {
    return JSON.parse(await readFile(await pageCacheFile(requests, options), 'utf8')) as PageRun;
  } catch {
    return null; // Not cached yet (or unreadable).
  }
}

/**
 * Keeps a run for next time. Failed pages are not cached, so a fix is picked up even if the
 * failure was the engine's; nor are pages whose native run could not start, so installing Python
 * later takes effect.
 */
export async function storeRun(requests: ExecRequest[], run: PageRun, options: ExecuteOptions): Promise<void> {
  const completed = run.results.every((r) => r.status === 'ok' || r.status === 'error');
  if (!completed || (run.native && 'unavailable' in run.native)) return;
  await mkdir(options.cacheDir, { recursive: true });
  const { cached: _, ms: __, ...stored } = run;
  await writeFile(await pageCacheFile(requests, options), JSON.stringify(stored));
}

/** Runs in progress by cache file: twins (same cells) that build at the same time run once. */
const inFlight = new Map<string, Promise<PageRun>>();

/**
 * Runs the steps (or reads them from the cache, or waits for the same steps already running for
 * the chapter's twin; then `cached` is true) and returns their results in order.
 */
export async function executeSteps(requests: ExecRequest[], options: ExecuteOptions): Promise<PageRun> {
  const file = await pageCacheFile(requests, options);
  // Started ahead of its page (prepareSteps): the page's own run, not a twin's.
  const ahead = prepared.get(file);
  if (ahead) {
    prepared.delete(file);
    return ahead;
  }
  const hit = await readCachedRun(requests, options);
  if (hit) return { ...hit, cached: true };
  const running = inFlight.get(file);
  if (running) {
    const { ms: _, ...shared } = await running;
    return { ...shared, cached: true };
  }
  const run = executeFresh(requests, options);
  inFlight.set(file, run);
  try {
    return await run;
  } finally {
    inFlight.delete(file);
  }
}

/** Runs started by prepareSteps that no page has asked for yet, by cache file. */
const prepared = new Map<string, Promise<PageRun>>();

/**
 * Starts running these steps in the engine pool, ahead of the page that will ask for them (the
 * build starts every chapter's runs before Astro renders a page); executeSteps then takes the run
 * as its own. Does nothing when they are cached or already running. Resolves when the run ends,
 * to whether it ran here; a failure is the page's to report, when it asks.
 */
/**
 * Starts a page's run ahead of its page, unless it is cached or a twin's is under way. Resolves with
 * how long its engines ran, in ms (null when it was not executed here, or failed: its page says why).
 */
export async function prepareSteps(
  requests: ExecRequest[],
  options: ExecuteOptions,
  onQueued: () => void = () => {},
): Promise<{ ran: boolean; ms: number | null }> {
  const file = await pageCacheFile(requests, options);
  let fresh = !(prepared.has(file) || inFlight.has(file) || (await readCachedRun(requests, options)));
  fresh &&= !(prepared.has(file) || inFlight.has(file)); // asked for while the cache was read
  if (!fresh) {
    onQueued();
    return { ran: false, ms: null };
  }
  const run = executeFresh(requests, options, onQueued);
  inFlight.set(file, run);
  prepared.set(file, run);
  try {
    return { ran: true, ms: (await run).ms ?? null };
  } catch {
    // executeSteps hands the same rejection to the page, which fails with the chapter's path.
    return { ran: true, ms: null };
  } finally {
    inFlight.delete(file);
  }
}

/** `onQueued` is called once the run waits in the engine pool's queue (or has a slot). */
async function executeFresh(requests: ExecRequest[], options: ExecuteOptions, onQueued: () => void = () => {}): Promise<PageRun> {
  if (requests.some((r) => r.lang === 'python')) await ensureWheels(options.cacheDir);
  // Cells that need a wheel this build could not vendor: the page's Python runs on the native CPython.
  const needy = stepsNeedingAbsent(requests, BOOK_LOCK, await absentPackages(BOOK_LOCK, options.cacheDir));
  if (needy.length && requests.some((r) => r.lines)) {
    // The gutter's run: the native CPython reads no lines, so running the page on it again (as
    // long as the first run: 72 s for numpy.mdx on a loaded machine) would bake nothing.
    onQueued();
    return { engines: {}, results: [], ms: 0 };
  }
  if (needy.length) {
    let t0 = 0; // from when it has a slot, as for the engines below
    const substituted = withEngineSlot(() => {
      t0 = performance.now();
      return runSubstitute(requests, needy, (js) => runFresh(js, options.cacheDir));
    });
    onQueued();
    const run = await substituted;
    const python = requests.filter((r) => r.lang === 'python').length;
    const names = [...new Set(needy.flatMap((n) => n.names))].join(', ');
    console.warn(
      `[heapbook] ${needy.map((n) => n.cellId).join(', ')} need ${names}: the page's ${python} Python steps were verified ${run.engines.python}`,
    );
    await storeRun(requests, run, options);
    return { ...run, ms: performance.now() - t0 };
  }
  // Timed from when the engines start, not from when the chapter queued for an engine slot.
  const timed = async () => {
    const t0 = performance.now();
    const run = await runFresh(requests, options.cacheDir);
    return { ...run, ms: performance.now() - t0 };
  };
  const both = Promise.all([
    withEngineSlot(timed),
    requests.some((r) => r.native) ? withEngineSlot(() => runNativeIfAsked(requests)) : undefined,
  ]);
  onQueued();
  const [run, nativeRun] = await both;
  if (nativeRun) run.native = nativeRun;
  await storeRun(requests, run, options);
  return run;
}
