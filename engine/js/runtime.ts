/**
 * Runs JavaScript cells inside this worker, one at a time, in one shared global scope.
 *
 * Why it looks like this:
 * - The reader's code runs on this worker's own thread, so nothing here can interrupt it: Stop and
 *   time limits are the host's job (it replaces the worker). This file only runs and measures.
 * - `console` is replaced once for the worker's life; what is written goes to the cell running at
 *   that moment. A timer an earlier cell left running therefore writes into a later cell's output
 *   (or nowhere, between cells).
 * - An error no code caught (a timer's or callback's throw, a rejected promise nobody handled)
 *   belongs to the cell that scheduled it. The timer functions are wrapped so that each callback
 *   remembers the cell that set it; otherwise the innermost cell frame of the error's stack names
 *   the cell, else the running or last cell. While that cell still runs the error goes to its
 *   stderr; once it has returned, to the host as a late error (`LateError`), which the page shows
 *   under that cell's result. Nothing is dropped, and the worker lives on.
 * - The runtime keeps its own references to `performance.now` and `setTimeout`, since a cell's
 *   top-level `let performance = 1` replaces the global.
 * - Values are shown with object-inspect, at build and live alike, so baked and live outputs read
 *   the same. An object can offer the book's rich MIME types under `Symbol.for('heapbook.mime')` (MIME_KEY in protocol.ts).
 * - Heap figures come from a probe only Node provides; in the browser the page measures instead.
 */
import inspect from 'object-inspect';
import { inSharedWorker } from '../environment.ts';
import { HEAPBOOK_MIME, MIME_KEY } from '../protocol.ts';
import type {
  BuildOnlyInstruments,
  CellError,
  EngineInfo,
  LateError,
  MimeBundle,
  RunMetrics,
  RunRequest,
  RunResult,
  StreamChunk,
  StreamListener,
} from '../protocol.ts';
import { StreamBatcher, withTally } from '../worker/stream-batcher.ts';
import { cellStack, prepareCell, stackCell } from './cell-source.ts';
import type { HeapProbe } from './heap-probe.ts';
import { createHeapModel } from './v8-heap-model.ts';

const now = performance.now.bind(performance);
const later = setTimeout;
const MAX_VALUE_CHARS = 20_000;
const INSPECT = { depth: 4, maxStringLength: 2_000 };

/** Formats console arguments as Node does for the common cases: strings as they are, the rest inspected. */
export function formatArgs(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : inspect(a, INSPECT))).join(' ');
}

/** At most MAX_VALUE_CHARS characters, saying how many more there were. */
function clip(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length - MAX_VALUE_CHARS} more characters)` : text;
}

/** The error as the page shows it, clipped like a value: `throw new Error('x'.repeat(1e8))` stays small. */
function describeError(thrown: unknown, cells: CellScripts): CellError {
  if (thrown instanceof Error) {
    const frames = cellStack(thrown.stack, (file) => cells.get(file));
    const type = clip(String(thrown.name || thrown.constructor?.name || 'Error'));
    const message = clip(String(thrown.message));
    return { type, message, traceback: [`${type}: ${message}`, ...frames] };
  }
  const text = `Uncaught ${inspect(thrown, INSPECT)}`;
  return { type: typeof thrown, message: text, traceback: [text] };
}

function valueBundle(value: unknown): MimeBundle | null {
  if (value === undefined) return null;
  const offer = (value as { [MIME_KEY]?: unknown } | null)?.[MIME_KEY];
  if (typeof offer === 'function') {
    try {
      const bundle = offer.call(value) as MimeBundle;
      if (bundle && typeof bundle['text/plain'] === 'string') return JSON.parse(JSON.stringify(bundle)) as MimeBundle;
    } catch {
      // A broken rich view must not lose the value: fall through to the plain inspection.
    }
  }
  let text: string;
  try {
    text = inspect(value, INSPECT);
  } catch (err) {
    text = `<inspection failed: ${String(err)}>`;
  }
  return { 'text/plain': clip(text) };
}

type CellScripts = Map<string, { cellId: string; lines: number }>;

/** The browser's and Node's names for the runtime, for the metrics line. */
function browserRuntime(): string {
  const agent = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  const match = /(Chrome|Firefox|Version)\/(\d+)/.exec(agent);
  if (!match) return "this browser's JavaScript engine";
  const name = match[1] === 'Chrome' ? 'Chromium' : match[1] === 'Version' ? 'Safari' : 'Firefox';
  return `${name} ${match[2]}`;
}

/** The timer functions whose callbacks are wrapped to remember the cell that set them. */
const SCHEDULERS = ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame'] as const;

export class JsRuntime {
  readonly info: EngineInfo;
  private current: StreamBatcher | null = null;
  private readonly scripts: CellScripts = new Map();
  private readonly probe: HeapProbe | null;
  /** What the running cell asked of the build-only instruments (see `RunMetrics.instruments`). */
  private asked: BuildOnlyInstruments;
  /** The running cell's id, while one runs. */
  private running: string | null = null;
  /** The last cell that ran: the owner of a late error when nothing else tells. */
  private lastCell: string | null = null;
  /** The cell whose code is executing: the running cell, or the cell that set the callback now running. */
  private origin: string | null = null;
  private lateListener: ((late: LateError) => void) | null = null;

  constructor(probe: HeapProbe | null) {
    const t0 = now();
    this.probe = probe;
    const runtime = probe ? probe.runtime : browserRuntime();
    this.info = {
      lang: 'javascript',
      v8Version: probe?.v8Version ?? null,
      runtime,
      label: probe
        ? `V8 ${probe.v8Version} (${runtime}) in a worker thread`
        : `${runtime}, in a ${inSharedWorker() ? 'shared worker (a process of its own)' : 'Web Worker'}`,
      interruptible: false,
      startMs: 0,
    };
    this.asked = { runtime, collections: 0, forced: 0, heapSpaces: 0, gcEntries: 0 };
    this.countGcObservers();
    this.captureConsole();
    this.installHelpers();
    this.wrapSchedulers();
    this.info.startMs = now() - t0;
  }

  /** Where late errors go from now on (the host's listener). */
  watchLate(listener: (late: LateError) => void): void {
    this.lateListener = listener;
  }

  /**
   * An error no code caught (a timer's, a callback's, a promise's). `origin` is the cell that set
   * the callback, when the caller knows it; else the error's stack names the cell, else the code
   * executing now, the running cell or the last one. It goes to the stderr of its cell while that
   * cell runs, else to the host as a late error of that cell.
   */
  reportUncaught(error: unknown, kind: 'error' | 'rejection', origin?: string | null): void {
    const described = describeError(error, this.scripts);
    const stack = error instanceof Error ? error.stack : undefined;
    const cellId = origin ?? stackCell(stack, (file) => this.scripts.get(file)) ?? this.origin ?? this.running ?? this.lastCell;
    if (cellId === null) return; // No cell has run in this worker: there is no code of the reader's to blame.
    if (cellId === this.running && this.current) {
      const what = kind === 'rejection' ? 'Unhandled promise rejection' : 'Uncaught error';
      this.current.push('stderr', `${what} (in code this cell scheduled): ${described.traceback.join('\n')}\n`);
      return;
    }
    this.lateListener?.({ cellId, kind, error: described });
  }

  /**
   * Wraps the global timer functions so that each callback runs as its cell's code: an error it
   * throws (or a promise it returns that rejects) is reported for that cell. A cell that replaces
   * `setTimeout` with its own keeps its own; the runtime's own timers use the originals.
   */
  private wrapSchedulers(): void {
    const target = globalThis as unknown as Record<string, unknown>;
    const runtime = this;
    for (const name of SCHEDULERS) {
      const original = target[name];
      if (typeof original !== 'function') continue;
      const wrapped = function (this: unknown, callback: unknown, ...rest: unknown[]) {
        const bound = typeof callback === 'function' ? runtime.asCellCallback(callback as (...a: unknown[]) => unknown) : callback;
        return (original as (...a: unknown[]) => unknown).call(this ?? globalThis, bound, ...rest);
      };
      Object.defineProperty(wrapped, 'name', { value: name });
      target[name] = wrapped;
    }
  }

  /** The callback, run as code of the cell that is scheduling it now. */
  private asCellCallback(callback: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
    const origin = this.origin ?? this.running ?? this.lastCell;
    const runtime = this;
    return function (this: unknown, ...args: unknown[]) {
      const outer = runtime.origin;
      runtime.origin = origin;
      try {
        const result = callback.apply(this, args);
        // A timer's return value goes nowhere, so nobody else can handle a promise it returns.
        if (result instanceof Promise) result.catch((err: unknown) => runtime.reportUncaught(err, 'rejection', origin));
        return result;
      } catch (err) {
        runtime.reportUncaught(err, 'error', origin);
        return undefined;
      } finally {
        runtime.origin = outer;
      }
    };
  }

  private captureConsole(): void {
    const write =
      (stream: StreamChunk['stream']) =>
      (...args: unknown[]) =>
        this.current?.push(stream, `${formatArgs(args)}\n`);
    const target = globalThis.console as unknown as Record<string, unknown>;
    for (const name of ['log', 'info', 'debug', 'table', 'dir', 'trace']) target[name] = write('stdout');
    for (const name of ['warn', 'error']) target[name] = write('stderr');
  }

  /**
   * Counts a cell's `PerformanceObserver`s of V8's `gc` entries, which only Node reports, so that
   * its output can say it printed figures a browser does not have. The observer works as before.
   */
  private countGcObservers(): void {
    const proto = (globalThis as { PerformanceObserver?: { prototype: { observe(options?: unknown): void } } }).PerformanceObserver
      ?.prototype;
    if (!proto) return;
    const observe = proto.observe;
    const asked = () => this.asked;
    proto.observe = function (this: unknown, options?: unknown) {
      const o = (options ?? {}) as { type?: unknown; entryTypes?: unknown };
      if (o.type === 'gc' || (Array.isArray(o.entryTypes) && o.entryTypes.includes('gc'))) asked().gcEntries++;
      return observe.call(this, options);
    };
  }

  /** The `heapbook` global of JavaScript cells. */
  private installHelpers(): void {
    const probe = this.probe;
    const helpers = {
      /** Writes text to the cell's output without a newline. */
      write: (text: unknown) => this.current?.push('stdout', String(text)),
      /** The runtime measuring, e.g. "V8 12.4 (Node 22.23.3)". */
      platform: () => this.info.label,
      /**
       * Collects garbage and waits a few turns of the event loop, so that FinalizationRegistry
       * callbacks of what was collected can run. In Node a full collection is forced; a browser
       * gives no such control, so memory pressure is applied instead (and may not be enough).
       */
      collectGarbage: async (): Promise<{ method: string; forced: boolean }> => {
        const forced = probe?.collect() ?? false;
        this.asked.collections++;
        if (forced) this.asked.forced++;
        if (!forced) {
          let pressure: ArrayBuffer[] | null = [];
          for (let i = 0; i < 64; i++) pressure.push(new ArrayBuffer(1024 * 1024));
          pressure = null;
          void pressure;
        }
        for (let i = 0; i < 5; i++) await new Promise((resolve) => later(resolve, 10));
        return forced
          ? { method: `forced full GC (${this.info.label})`, forced }
          : { method: 'memory pressure: 64 MiB allocated and dropped (the browser decides when to collect)', forced };
      },
      /** V8's heap spaces as Node reports them; only available at build. */
      heapSpaces: () => {
        this.asked.heapSpaces++;
        if (!probe)
          throw new Error(
            "heap space statistics come from Node's v8 module, which this browser does not have: they are shown as measured at build",
          );
        const spaces = probe.spaces();
        return heapSpaceTable(spaces, this.info.label);
      },
      heapModel: createHeapModel,
    };
    Object.defineProperty(globalThis, 'heapbook', { value: Object.freeze(helpers), configurable: true, writable: true });
  }

  /** Runs one cell. Never throws for the reader's mistakes: errors come back in the result. */
  async run(request: RunRequest, onStream: StreamListener): Promise<RunResult> {
    const batcher = new StreamBatcher(onStream, now);
    const prepared = prepareCell(request.code, request.cellId);
    if (!prepared.ok) return this.result(request, batcher, 'error', null, prepared.error, null);
    this.scripts.set(prepared.sourceUrl, { cellId: request.cellId, lines: prepared.lines });
    const before = this.probe?.usedBytes() ?? null;
    this.asked = { runtime: this.asked.runtime, collections: 0, forced: 0, heapSpaces: 0, gcEntries: 0 };
    this.current = batcher;
    this.running = request.cellId;
    this.origin = request.cellId;
    const t0 = now();
    let value: unknown;
    let error: CellError | null = null;
    try {
      value = await (0, eval)(prepared.script);
    } catch (thrown) {
      error = describeError(thrown, this.scripts);
    }
    const wallMs = now() - t0;
    this.current = null;
    this.running = null;
    this.origin = null;
    this.lastCell = request.cellId;
    const after = this.probe?.usedBytes() ?? null;
    const asked = this.asked;
    const metrics: RunMetrics = {
      wallMs,
      tracedNetBytes: null,
      tracedPeakBytes: null,
      gcPasses: null,
      gcCollected: null,
      wasmMemoryBytes: null,
      heapUsedBytes: after,
      heapNetBytes: after !== null && before !== null ? after - before : null,
      ...(this.probe ? { heapSource: this.probe.source } : {}),
      notes: [],
      ...(asked.collections || asked.heapSpaces || asked.gcEntries ? { instruments: { ...asked } } : {}),
    };
    if (error) return this.result(request, batcher, 'error', null, error, metrics);
    const check = request.check ? this.check(request.check) : null;
    return this.result(request, batcher, check ? 'check-failed' : 'ok', valueBundle(value), check, metrics);
  }

  private check(expression: string): CellError | null {
    try {
      if ((0, eval)(`(${expression})`)) return null;
      return { type: 'CheckFailed', message: `the check \`${expression}\` is false`, traceback: [] };
    } catch (err) {
      const message = `the check \`${expression}\` threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
      return { type: 'CheckError', message, traceback: [] };
    }
  }

  private result(
    request: RunRequest,
    batcher: StreamBatcher,
    status: RunResult['status'],
    value: MimeBundle | null,
    error: CellError | null,
    metrics: RunMetrics | null,
  ): RunResult {
    batcher.flush();
    return withTally(batcher, { cellId: request.cellId, status, stream: batcher.kept, value, error, metrics, notice: null });
  }
}

/** The heap spaces as an object that prints as text and shows as a table. */
function heapSpaceTable(spaces: ReturnType<HeapProbe['spaces']>, platform: string) {
  const rows = spaces.map((s) => ({ space: s.name, size: s.sizeBytes, used: s.usedBytes, available: s.availableBytes }));
  const table = {
    caption: `V8 heap spaces: ${spaces.length} spaces`,
    columns: [
      { key: 'space', label: 'space', format: 'code' },
      { key: 'size', label: 'size', format: 'bytes' },
      { key: 'used', label: 'used', format: 'bytes' },
      { key: 'available', label: 'available', format: 'bytes' },
    ],
    rows,
    notes: [`Measured with v8.getHeapSpaceStatistics() on ${platform}.`],
    // The table's words in Simplified Chinese (`Worded`): a Chinese page shows these.
    words: {
      'zh-CN': {
        [`V8 heap spaces: ${spaces.length} spaces`]: `V8 堆空间：共 ${spaces.length} 个`,
        space: '空间',
        size: '大小',
        used: '已用',
        available: '可用',
        [`Measured with v8.getHeapSpaceStatistics() on ${platform}.`]: `在 ${platform.replace(/ in a worker thread$/, '（工作线程）')} 上用 v8.getHeapSpaceStatistics() 测得。`,
      },
    },
  };
  return {
    spaces,
    [MIME_KEY]: () => ({
      'text/plain': spaces.map((s) => `${s.name}: ${s.usedBytes} of ${s.sizeBytes} bytes used`).join('\n'),
      [HEAPBOOK_MIME.table]: table,
    }),
  };
}
