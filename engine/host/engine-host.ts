/**
 * The host side of the engine: the page in the browser, the build executor and the tests in Node.
 *
 * Why this exists apart from the worker: while a cell runs, the worker's thread is busy inside
 * CPython and cannot react to anything. Only the host can queue cells, raise KeyboardInterrupt
 * through the shared interrupt buffer, and, when the cell ignores it (time.sleep, a long C call)
 * or memory is not shareable, terminate the worker and start a fresh one. So one host owns one
 * worker, one ready promise and one run queue; cells never interleave.
 */
import * as Comlink from 'comlink';
import { deferred, type Deferred } from './deferred.ts';
import { engineNotices, type EngineNotices } from '../../src/i18n/index.ts';
import type { ForcedStop, RestartCause, WorkerExit } from './engine-notices.ts';
import { append } from '../worker/stream-batcher.ts';
import { findPackage, packageRequest, packagesForCell, unknownPackageMessage, type PackageLock } from '../packages.ts';
import type {
  CellLang,
  EngineApi,
  EngineInfo,
  EngineState,
  InitOptions,
  LateError,
  LateNote,
  LoadProgress,
  OutputSize,
  PackageProgress,
  PackageRequest,
  RunRequest,
  RunResult,
  StreamChunk,
  StreamListener,
} from '../protocol.ts';

/** A started worker, however the environment makes one. */
export interface WorkerHandle {
  endpoint: Comlink.Endpoint;
  terminate(): void;
  /** Registers a listener for the worker dying on its own (crash, out of memory). */
  onExit(listener: (exit: WorkerExit) => void): void;
}

export interface EngineHostOptions {
  /** The cells' language; Python is the default. JavaScript cannot be interrupted, only replaced. */
  lang?: CellLang;
  spawn: () => WorkerHandle;
  /** Where Pyodide's files are, as the worker must see it. */
  indexURL: string;
  /** Whether SharedArrayBuffer may be used (cross-origin isolated page, or Node). */
  shareMemory: boolean;
  /** How long KeyboardInterrupt gets to stop a cell before the worker is replaced. */
  interruptGraceMs?: number;
  /** Let the Python worker start from the build's memory snapshot (the page does; Node does not). */
  useSnapshot?: boolean;
  /**
   * WebAssembly memory never shrinks: after a cell that left it larger than this, the worker is
   * replaced so the memory goes back to the system. Default 1 GiB.
   */
  recycleWasmBytes?: number;
  /** The sentences put in a cell when the host steps in, in the page's language. Default English. */
  notices?: EngineNotices;
  /**
   * The extra packages cells may load (`packages.lock.json`) and where their wheels are: a URL
   * (the site's `pyodide/packages/`, or the hosting team's package base URL) or, in Node, the
   * vendored cache's directory. Without it a cell that needs a package gets an error saying so.
   */
  packages?: {
    lock: PackageLock;
    baseURL: string;
    /** How long one wheel's download may take (default 60 s in the worker); the whole load gets this plus 30 s. */
    downloadMs?: number;
  };
}

/**
 * How long loading a cell's packages may take in all before the host gives up on the worker and
 * replaces it: each download has its own limit inside the worker (PACKAGE_DOWNLOAD_MS), this one
 * catches a worker that stops answering.
 */
const PACKAGE_LOAD_MS = 90_000;
const PACKAGE_LOAD_MARGIN_MS = 30_000;

const RECYCLE_WASM_BYTES = 2 ** 30;

export interface RunOptions {
  onStream?: StreamListener;
  /** Called as the cell's packages load, before it runs (for the cell's progress line). */
  onPackage?: (p: PackageProgress) => void;
  /** Stop the cell after this many milliseconds, the same way Stop does. */
  timeoutMs?: number;
}

type StopReason = 'interrupt' | 'timeout' | 'restart';

interface ActiveRun {
  request: RunRequest;
  done: Deferred<RunResult>;
  stopping: StopReason | null;
  timers: ReturnType<typeof setTimeout | typeof setInterval>[];
  timeoutMs: number;
  /** Output already streamed, kept so that a cell stopped by a restart still shows it. */
  streamed: StreamChunk[];
  /** What the engine said it did not keep, as of its last batch. */
  notKept: OutputSize | null;
}

interface LiveWorker {
  handle: WorkerHandle;
  api: Comlink.Remote<EngineApi>;
  ready: Promise<EngineInfo>;
  /** Settled when the worker ended on its own, before or after it was ready. */
  ended: Deferred<never>;
  started: boolean;
}

const RESEND_MS = 50;

export class EngineHost {
  state: EngineState = 'idle';
  info: EngineInfo | null = null;
  private worker: LiveWorker | null = null;
  private active: ActiveRun | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly buffer: Int32Array | null;
  private readonly stateListeners = new Set<(state: EngineState) => void>();
  private readonly progressListeners = new Set<(p: LoadProgress) => void>();
  private readonly restartListeners = new Set<(cause: RestartCause) => void>();
  private readonly lateListeners = new Set<(late: LateNote) => void>();
  private readonly graceMs: number;
  private readonly options: EngineHostOptions;
  private readonly notices: EngineNotices;
  private readonly name: string;

  constructor(options: EngineHostOptions) {
    this.options = options;
    this.buffer = options.shareMemory ? new Int32Array(new SharedArrayBuffer(4)) : null;
    this.graceMs = options.interruptGraceMs ?? 1000;
    this.notices = options.notices ?? engineNotices();
    this.name = this.notices.engine(options.lang ?? 'python');
  }

  /** Whether Stop can raise KeyboardInterrupt (true) or must restart the engine (false). */
  get interruptible(): boolean {
    return this.buffer !== null;
  }

  onState(listener: (state: EngineState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onProgress(listener: (p: LoadProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Called each time the host replaces a started worker, with the reason (for the engine bar). */
  onRestart(listener: (cause: RestartCause) => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /**
   * Called with each error a cell's code raised after the cell returned (JavaScript timers and
   * promises), with the sentence that says so, for the page to show under that cell's result.
   */
  onLateError(listener: (late: LateNote) => void): () => void {
    this.lateListeners.add(listener);
    return () => this.lateListeners.delete(listener);
  }

  /** Starts the engine if it is not running; resolves when it can take a cell. */
  start(): Promise<EngineInfo> {
    return this.ensureWorker().ready;
  }

  /** Queues a cell; resolves with its result. Never rejects for the reader's code. */
  run(request: RunRequest, options: RunOptions = {}): Promise<RunResult> {
    const next = this.queue.then(() => this.execute(request, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stops the running cell: KeyboardInterrupt first, a worker restart if that does not work. */
  interrupt(): void {
    this.stop('interrupt');
  }

  /** Throws the interpreter away (with any running cell) and starts a fresh one. */
  async restart(): Promise<EngineInfo> {
    const run = this.active;
    if (run) {
      // Also when an interrupt is already under way: Restart does not wait for its grace period.
      run.stopping = 'restart';
      this.forceStop(run);
    } else this.replaceWorker({ kind: 'requested' });
    return this.start();
  }

  /** Ends the worker for good. */
  dispose(): void {
    this.worker?.handle.terminate();
    this.worker = null;
    this.setState('idle');
  }

  private setState(state: EngineState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private ensureWorker(): LiveWorker {
    if (this.worker) return this.worker;
    // A signal left over from a killed worker must not interrupt the next one while it boots.
    if (this.buffer) Atomics.store(this.buffer, 0, 0);
    const handle = this.options.spawn();
    const api = Comlink.wrap<EngineApi>(handle.endpoint);
    const onProgress = Comlink.proxy((p: LoadProgress) => {
      for (const listener of this.progressListeners) listener(p);
    });
    this.setState('loading');
    const options: InitOptions = { indexURL: this.options.indexURL };
    if (this.buffer) options.interruptBuffer = this.buffer;
    if (this.options.useSnapshot) options.useSnapshot = true;
    if (this.options.lang === 'javascript') {
      const late = Comlink.proxy((error: LateError) => {
        if (this.worker !== worker) return;
        const note: LateNote = { ...error, notice: this.notices.late(error.kind) };
        for (const listener of this.lateListeners) listener(note);
      });
      void (api as Comlink.Remote<Required<EngineApi>>).watchLate(late).catch(() => undefined);
    }
    const ended = deferred<never>();
    ended.promise.catch(() => undefined);
    // A worker that dies while it starts never answers init: its death settles the start.
    const init = Promise.race([api.init(options, onProgress), ended.promise]);
    const worker: LiveWorker = { handle, api, ready: init, ended, started: false };
    handle.onExit((exit) => this.workerDied(worker, exit));
    worker.ready = init.then(
      (info) => {
        worker.started = true;
        if (this.worker === worker) {
          this.info = info;
          this.setState(this.active ? 'running' : 'ready');
        }
        return info;
      },
      (err: unknown) => {
        if (this.worker === worker) {
          this.worker = null;
          handle.terminate();
          this.setState('failed');
        }
        throw new Error(this.notices.couldNotStart(this.name, errorText(err)));
      },
    );
    this.worker = worker;
    return worker;
  }

  private replaceWorker(cause: RestartCause): void {
    this.worker?.handle.terminate();
    this.worker = null;
    this.setState('restarting');
    this.ensureWorker().ready.catch(() => undefined);
    for (const listener of this.restartListeners) listener(cause);
  }

  /**
   * The worker ended on its own. Once it had started, a fresh one is started at once, so that the
   * next cell finds an engine (and the engine bar says why); one that dies while starting is not
   * retried, or a worker that cannot start would be restarted forever.
   */
  private workerDied(worker: LiveWorker, exit: WorkerExit): void {
    if (this.worker !== worker) return;
    // An 'error' event does not always mean the worker ended: make sure it has.
    worker.handle.terminate();
    const why = exit.kind === 'error' ? exit.message : exit.kind;
    worker.ended.reject(new Error(this.notices.workerStopped(why)));
    if (!worker.started) return;
    const run = this.active;
    if (run) {
      // What the cell printed before its worker ended stays with it.
      const notice = this.notices.join(this.notices.workerEnded(this.name, exit), this.notices.lost);
      const result: RunResult = { ...stopped(run.request, 'restarted', notice), stream: run.streamed };
      run.done.resolve(run.notKept ? { ...result, notKept: run.notKept } : result);
    }
    this.replaceWorker({ kind: 'worker-ended', exit });
  }

  private async execute(request: RunRequest, options: RunOptions): Promise<RunResult> {
    let worker: LiveWorker;
    try {
      worker = this.ensureWorker();
      await worker.ready;
    } catch (err) {
      return engineFailure(request, errorText(err));
    }
    const packages = await this.loadPackages(worker, request, options);
    if (packages) return packages;
    const run: ActiveRun = {
      request,
      done: deferred(),
      stopping: null,
      timers: [],
      timeoutMs: options.timeoutMs ?? 0,
      streamed: [],
      notKept: null,
    };
    this.active = run;
    if (this.buffer) Atomics.store(this.buffer, 0, 0);
    this.setState('running');
    const onStream = Comlink.proxy((chunks: StreamChunk[], notKept: OutputSize | null) => {
      // Batches come through their own port and the result can overtake the last of them (a
      // 50 MB batch takes a while to arrive): the result holds all the output, so they are dropped.
      if (run.done.settled) return;
      for (const chunk of chunks) append(run.streamed, chunk.stream, chunk.text);
      run.notKept = notKept;
      options.onStream?.(chunks, notKept);
    });
    worker.api.run(request, onStream).then(
      (result) => run.done.resolve(result),
      (err: unknown) => run.done.resolve(engineFailure(request, errorText(err))),
    );
    if (run.timeoutMs > 0) run.timers.push(setTimeout(() => this.stop('timeout'), run.timeoutMs));
    let result = await run.done.promise;
    for (const timer of run.timers) clearTimeout(timer);
    if (this.buffer) Atomics.store(this.buffer, 0, 0);
    this.active = null;
    if (result.status === 'crashed') {
      this.replaceWorker({ kind: 'crashed' });
      result = { ...result, status: 'restarted', notice: this.notices.crashed(this.name) };
    } else if (run.stopping === 'timeout' && result.status === 'interrupted') {
      result = { ...result, status: 'timeout', notice: this.notices.timeLimit(run.timeoutMs) };
    }
    const wasm = result.metrics?.wasmMemoryBytes ?? 0;
    if (wasm > (this.options.recycleWasmBytes ?? RECYCLE_WASM_BYTES) && this.worker === worker) {
      this.replaceWorker({ kind: 'memory', wasmBytes: wasm });
      const recycled = this.notices.recycled((wasm / 2 ** 30).toFixed(1));
      return { ...result, notice: result.notice ? this.notices.join(result.notice, recycled) : recycled };
    }
    if (this.worker === worker) this.setState('ready');
    return result;
  }

  /** The wheels a cell needs, from its declared packages and its imports, or the error to give it. */
  private packageRequests(request: RunRequest): PackageRequest[] | string {
    const declared = request.packages ?? [];
    const config = this.options.packages;
    if (!config) {
      if (declared.length) return `this engine was started without the package lock, so it cannot load ${declared.join(', ')}`;
      return [];
    }
    for (const name of declared) {
      if (!findPackage(config.lock, name)) return unknownPackageMessage(config.lock, name);
    }
    return packagesForCell(config.lock, request.code, declared).map((p) => packageRequest(p, config.baseURL));
  }

  /**
   * Has the worker install the cell's packages; null when they are in place, else the cell's
   * result: an error naming the package, where it was read from and what to do. Each download has
   * its own limit in the worker; a worker that stops answering is replaced after PACKAGE_LOAD_MS per
   * package, so a cell never waits for ever.
   */
  private async loadPackages(worker: LiveWorker, request: RunRequest, options: RunOptions): Promise<RunResult | null> {
    if ((this.options.lang ?? 'python') !== 'python') return null;
    const wanted = this.packageRequests(request);
    if (typeof wanted === 'string') return packageFailure(request, wanted);
    if (!wanted.length) return null;
    const onProgress = Comlink.proxy((p: PackageProgress) => options.onPackage?.(p));
    const downloadMs = this.options.packages?.downloadMs;
    const limitMs = downloadMs ? downloadMs * wanted.length + PACKAGE_LOAD_MARGIN_MS : PACKAGE_LOAD_MS * wanted.length;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), limitMs)));
    this.setState('running');
    try {
      const outcome = await Promise.race([worker.api.loadPackages(wanted, onProgress, downloadMs), limit, worker.ended.promise]);
      if (outcome === 'timeout') {
        if (this.worker === worker) this.replaceWorker({ kind: 'timeout' });
        const names = wanted.map((p) => `${p.name} (${p.url})`).join(', ');
        return packageFailure(
          request,
          `loading ${names} took over ${limitMs / 1000} s, so the engine was restarted. Check the network and the package base URL, then run the cell again.`,
        );
      }
      if (!outcome.ok) {
        if (this.worker === worker) this.setState('ready');
        return packageFailure(request, outcome.message);
      }
      return null;
    } catch (err) {
      return packageFailure(request, `the packages ${wanted.map((p) => p.name).join(', ')} could not be loaded: ${errorText(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private stop(reason: 'interrupt' | 'timeout'): void {
    const run = this.active;
    if (!run || run.stopping) return;
    run.stopping = reason;
    this.setState('interrupting');
    const buffer = this.buffer;
    if (buffer) {
      // Pyodide reads and clears the buffer in two steps, so a signal can be lost: keep sending.
      const send = () => Atomics.store(buffer, 0, 2);
      send();
      const resend = setInterval(send, RESEND_MS);
      run.timers.push(resend);
      run.timers.push(setTimeout(() => this.forceStop(run), this.graceMs));
    } else {
      this.forceStop(run);
    }
  }

  private forceStop(run: ActiveRun): void {
    if (run.done.settled) return;
    for (const timer of run.timers) clearTimeout(timer);
    const status = run.stopping === 'timeout' ? 'timeout' : 'restarted';
    this.replaceWorker(
      run.stopping === 'timeout' ? { kind: 'timeout' } : run.stopping === 'restart' ? { kind: 'requested' } : { kind: 'stop' },
    );
    const why: ForcedStop =
      run.stopping === 'restart'
        ? 'restart-requested'
        : this.buffer
          ? 'ignored-interrupt'
          : this.options.lang === 'javascript'
            ? 'javascript'
            : 'not-isolated';
    const said = status === 'timeout' ? this.notices.timeLimitRestart(run.timeoutMs) : this.notices.forcedStop(why, this.graceMs);
    const result: RunResult = { ...stopped(run.request, status, this.notices.join(said, this.notices.lost)), stream: run.streamed };
    run.done.resolve(run.notKept ? { ...result, notKept: run.notKept } : result);
  }
}

function stopped(request: RunRequest, status: RunResult['status'], notice: string): RunResult {
  return {
    cellId: request.cellId,
    status,
    stream: [],
    value: null,
    error: null,
    metrics: null,
    notice,
  };
}

function engineFailure(request: RunRequest, message: string): RunResult {
  return {
    ...stopped(request, 'error', message),
    error: { type: 'EngineError', message, traceback: [] },
  };
}

function packageFailure(request: RunRequest, message: string): RunResult {
  return {
    ...stopped(request, 'error', ''),
    notice: null,
    error: { type: 'PackageError', message, traceback: [] },
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
