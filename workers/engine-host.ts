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
import { append } from './stream-batcher.ts';
import type {
  CellLang,
  EngineApi,
  EngineInfo,
  EngineState,
  InitOptions,
  LoadProgress,
  RunRequest,
  RunResult,
  StreamChunk,
} from './protocol.ts';

/** A started worker, however the environment makes one. */
export interface WorkerHandle {
  endpoint: Comlink.Endpoint;
  terminate(): void;
  /** Registers a listener for the worker dying on its own (crash, out of memory). */
  onExit(listener: (reason: string) => void): void;
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
}

const RECYCLE_WASM_BYTES = 2 ** 30;

export interface RunOptions {
  onStream?: (chunks: StreamChunk[]) => void;
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
}

interface LiveWorker {
  handle: WorkerHandle;
  api: Comlink.Remote<EngineApi>;
  ready: Promise<EngineInfo>;
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
  private readonly graceMs: number;
  private readonly options: EngineHostOptions;
  private readonly name: string;

  constructor(options: EngineHostOptions) {
    this.options = options;
    this.buffer = options.shareMemory ? new Int32Array(new SharedArrayBuffer(4)) : null;
    this.graceMs = options.interruptGraceMs ?? 1000;
    this.name = options.lang === 'javascript' ? 'JavaScript engine' : 'Python engine';
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
    } else this.replaceWorker();
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
    const init = api.init(options, onProgress);
    const worker: LiveWorker = { handle, api, ready: init };
    handle.onExit((reason) => this.workerDied(worker, reason));
    worker.ready = init.then(
      (info) => {
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
        throw new Error(`The ${this.name} could not start: ${errorText(err)}`);
      },
    );
    this.worker = worker;
    return worker;
  }

  private replaceWorker(): void {
    this.worker?.handle.terminate();
    this.worker = null;
    this.setState('restarting');
    this.ensureWorker().ready.catch(() => undefined);
  }

  private workerDied(worker: LiveWorker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    // An 'error' event does not always mean the worker ended: make sure it has.
    worker.handle.terminate();
    this.active?.done.resolve(
      stopped(this.active.request, 'restarted', `The ${this.name}'s worker stopped (${reason}) and will be restarted for the next cell. Variables from earlier cells are gone.`),
    );
    this.setState('failed');
  }

  private async execute(request: RunRequest, options: RunOptions): Promise<RunResult> {
    let worker: LiveWorker;
    try {
      worker = this.ensureWorker();
      await worker.ready;
    } catch (err) {
      return engineFailure(request, errorText(err));
    }
    const run: ActiveRun = {
      request,
      done: deferred(),
      stopping: null,
      timers: [],
      timeoutMs: options.timeoutMs ?? 0,
      streamed: [],
    };
    this.active = run;
    if (this.buffer) Atomics.store(this.buffer, 0, 0);
    this.setState('running');
    const onStream = Comlink.proxy((chunks: StreamChunk[]) => {
      for (const chunk of chunks) append(run.streamed, chunk.stream, chunk.text);
      options.onStream?.(chunks);
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
      this.replaceWorker();
      result = {
        ...result,
        status: 'restarted',
        notice: `The ${this.name} crashed and was restarted: variables from earlier cells are gone.`,
      };
    } else if (run.stopping === 'timeout' && result.status === 'interrupted') {
      result = { ...result, status: 'timeout', notice: timeoutNotice(run.timeoutMs) };
    }
    const wasm = result.metrics?.wasmMemoryBytes ?? 0;
    if (wasm > (this.options.recycleWasmBytes ?? RECYCLE_WASM_BYTES) && this.worker === worker) {
      this.replaceWorker();
      const gib = (wasm / 2 ** 30).toFixed(1);
      const recycled = `This cell grew the engine's WebAssembly memory to ${gib} GiB, which never shrinks, so the engine was restarted after it to give the memory back: variables from earlier cells are gone.`;
      return { ...result, notice: result.notice ? `${result.notice} ${recycled}` : recycled };
    }
    if (this.worker === worker) this.setState('ready');
    return result;
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
    this.replaceWorker();
    const status = run.stopping === 'timeout' ? 'timeout' : 'restarted';
    const why =
      run.stopping === 'restart'
        ? 'The engine was restarted while this cell ran.'
        : this.buffer
          ? `The cell did not stop within ${this.graceMs / 1000} s of KeyboardInterrupt, so the engine was restarted.`
          : this.options.lang === 'javascript'
            ? 'JavaScript cannot be interrupted from outside, so the JavaScript worker was ended and a fresh one started.'
            : 'This page is not cross-origin isolated, so stopping a cell restarts the engine.';
    const lost = 'Variables from earlier cells are gone.';
    const notice =
      status === 'timeout'
        ? `${timeoutNotice(run.timeoutMs)} It did not stop in time, so the engine was restarted. ${lost}`
        : `${why} ${lost}`;
    run.done.resolve({ ...stopped(run.request, status, notice), stream: run.streamed });
  }
}

function timeoutNotice(ms: number): string {
  return `The cell was stopped at its time limit of ${ms} ms.`;
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

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
