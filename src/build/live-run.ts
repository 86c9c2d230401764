/**
 * Re-runs a chapter after an edit for `check-chapter --watch`, running only what must run again.
 *
 * Cells share a namespace and run in order, so after an edit every step from the first changed
 * one on runs again, on an engine whose state is that of the unchanged prefix. An engine's state
 * cannot be copied (a Python namespace does not pickle, and Pyodide cannot snapshot memory after
 * boot), so it is rebuilt the only faithful way, by running the prefix's code again, without
 * recording it. That replay is what would make an edit as slow as a cold run, so it is done ahead
 * of time: after each run, a standby engine replays the prefix before the step just edited (at
 * first, the prefix before the last step) in the background while the writer reads and types.
 * When the next edit comes at or after that point, the standby takes it from where it stands and
 * only the changed suffix runs in the foreground. An edit before it falls back to a fresh engine
 * that replays the prefix in the foreground.
 */
import { createNodeJsEngine } from '../../engine/js/node-engine.ts';
import type { EngineHost } from '../../engine/host/engine-host.ts';
import { createNodeEngine } from '../../engine/python/node-engine.ts';
import type { CellLang, RunResult } from '../../engine/protocol.ts';
import type { ExecRequest, PageRun } from './remark-cells.ts';
import { firstChangedStep } from './step-diff.ts';
import { createBuildEngine, ensureWheels, readCachedRun, runNativeIfAsked, storeRun, type ExecuteOptions } from './execute-steps.ts';

export type EngineFactory = (lang: CellLang) => EngineHost;

const defaultFactory: EngineFactory = (lang) => (lang === 'javascript' ? createNodeJsEngine() : createNodeEngine());

/** Engines (one per language, started on first need) that have run `done`, in order. */
class EngineSet {
  readonly hosts = new Map<CellLang, EngineHost>();
  readonly labels: PageRun['engines'] = {};
  done: ExecRequest[] = [];
  private readonly factory: EngineFactory;
  constructor(factory: EngineFactory) {
    this.factory = factory;
  }

  async run({ timeoutMs, native: _, ...request }: ExecRequest): Promise<RunResult> {
    let engine = this.hosts.get(request.lang);
    if (!engine) {
      engine = this.factory(request.lang);
      this.hosts.set(request.lang, engine);
      this.labels[request.lang] = `${(await engine.start()).label}${request.lang === 'python' ? ' in Node' : ''}`;
    }
    const result = await engine.run(request, { timeoutMs });
    this.done.push({ timeoutMs, ...request });
    return result;
  }

  dispose(): void {
    for (const engine of this.hosts.values()) engine.dispose();
    this.hosts.clear();
  }
}

/** What one update did. */
export interface LiveRun {
  run: PageRun;
  /** Steps from the first whose results were reused (from the previous run or the page cache). */
  reused: number;
  /** Steps run again without recording, to rebuild the engine's state, in the foreground. */
  replayed: number;
  /** Steps run and recorded. */
  executed: number;
  /** Whether a standby engine, prepared in the background, took this run. */
  standby: boolean;
}

interface Standby {
  /** The prefix it replays: steps 0..target-1 of the requests it was made for. */
  target: number;
  ready: Promise<EngineSet>;
}

export class LiveSession {
  private last: { requests: ExecRequest[]; run: PageRun } | null = null;
  private standby: Standby | null = null;
  private readonly factory: EngineFactory;
  private readonly options: ExecuteOptions | null;

  /**
   * With `options`, engines are the build's (with the vendored packages), and the page cache is
   * read on the first run and written after each.
   */
  constructor(options: ExecuteOptions | null, factory?: EngineFactory) {
    this.options = options;
    this.factory = factory ?? (options ? (lang) => createBuildEngine(lang, options.cacheDir) : defaultFactory);
  }

  async update(requests: ExecRequest[]): Promise<LiveRun> {
    const from = this.last ? firstChangedStep(this.last.requests, requests) : 0;
    if (!this.last && this.options) {
      const hit = await readCachedRun(requests, this.options);
      if (hit) return this.finish(requests, { ...hit, cached: true }, requests.length, { replayed: 0, executed: 0, standby: false });
    }
    if (this.options && requests.some((r) => r.lang === 'python')) await ensureWheels(this.options.cacheDir);
    const previous = this.last;
    if (previous && from === requests.length) {
      // Nothing changed, or steps were only removed at the end: nothing runs.
      const run: PageRun = { ...previous.run, results: previous.run.results.slice(0, from) };
      const native = await this.nativeFor(requests, from);
      if (native) run.native = native;
      else delete run.native;
      this.last = { requests, run };
      return { run, reused: from, replayed: 0, executed: 0, standby: false };
    }
    // An engine at the state of the unchanged prefix: the standby if it is not past it.
    let engines: EngineSet;
    let usedStandby = false;
    const standby = this.standby;
    this.standby = null;
    const ready = standby && standby.target <= from ? await standby.ready.catch(() => null) : null;
    if (ready) {
      engines = ready;
      usedStandby = true;
    } else {
      if (standby)
        void standby.ready.then(
          (e) => e.dispose(),
          () => undefined,
        );
      engines = new EngineSet(this.factory);
    }
    const replayFrom = engines.done.length;
    for (let i = replayFrom; i < from; i++) await engines.run(requests[i]!);
    const results: RunResult[] = (previous?.run.results ?? []).slice(0, from);
    const native = this.nativeFor(requests, from);
    try {
      for (let i = from; i < requests.length; i++) results.push(await engines.run(requests[i]!));
    } finally {
      engines.dispose();
    }
    const run: PageRun = { engines: { ...previous?.run.engines, ...engines.labels }, results };
    const nativeRun = await native;
    if (nativeRun) run.native = nativeRun;
    return this.finish(requests, run, from, { replayed: from - replayFrom, executed: requests.length - from, standby: usedStandby });
  }

  /**
   * The 64-bit companion run: a separate CPython that runs all the Python steps. A native cell's
   * figures depend only on the steps up to it, so when no native cell is at or after the first
   * changed step the previous figures still hold; otherwise it runs again, whole, in parallel.
   */
  private nativeFor(requests: ExecRequest[], from: number): Promise<PageRun['native']> {
    const previous = this.last?.run.native;
    const asked = requests.some((r) => r.native);
    const changedNative = requests.slice(from).some((r) => r.native);
    if (!this.last || changedNative || (asked && !previous)) return runNativeIfAsked(requests);
    if (!asked || !previous) return Promise.resolve(undefined);
    if ('unavailable' in previous) return Promise.resolve(previous);
    const results = requests.map((_, i) => (i < from ? (previous.results[i] ?? null) : null));
    return Promise.resolve({ platform: previous.platform, results });
  }

  private async finish(requests: ExecRequest[], run: PageRun, reused: number, rest: Omit<LiveRun, 'run' | 'reused'>): Promise<LiveRun> {
    const firstRun = this.last === null;
    this.last = { requests, run };
    if (this.options && !run.cached) await storeRun(requests, run, this.options);
    // The next edit is most likely at the step just edited or later; at first, at the last step.
    const lastStep = Math.max(0, requests.length - 1);
    this.prepare(requests, firstRun ? lastStep : Math.min(reused, lastStep));
    return { run, reused, ...rest };
  }

  /** Starts a standby engine replaying steps 0..target-1 in the background. */
  private prepare(requests: ExecRequest[], target: number): void {
    const engines = new EngineSet(this.factory);
    const prefix = requests.slice(0, target);
    const ready = (async () => {
      for (const request of prefix) await engines.run(request);
      return engines;
    })();
    // A failure here only costs speed: the next update replays in the foreground.
    ready.catch(() => engines.dispose());
    this.standby = { target, ready };
  }

  /** Waits until the standby engine has replayed its prefix (for measurements and tests). */
  async settled(): Promise<number | null> {
    if (!this.standby) return null;
    await this.standby.ready.catch(() => undefined);
    return this.standby.target;
  }

  dispose(): void {
    const standby = this.standby;
    this.standby = null;
    if (standby)
      void standby.ready.then(
        (e) => e.dispose(),
        () => undefined,
      );
  }
}
