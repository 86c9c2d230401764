/**
 * The wire types of the engine: everything that crosses the worker boundary, declared once and
 * imported by the page, the worker and the Node build executor. Plain, structured-clonable data only.
 */

/** The languages a cell can be written in. */
export type CellLang = 'python';

/** Options given to the engine when it starts. */
export interface InitOptions {
  /** Where Pyodide's files live: a URL in the browser, a directory path or file URL in Node. */
  indexURL: string;
  /** A shared Int32Array(1) used as Pyodide's interrupt buffer, when SharedArrayBuffer exists. */
  interruptBuffer?: Int32Array;
}

/** Text sources of the in-engine `heapbook` package, keyed by path relative to site-packages. */
export type PythonFiles = Record<string, string>;

/** Progress reported while the engine starts. `fraction` runs from 0 to 1. */
export interface LoadProgress {
  stage: 'download' | 'start' | 'ready';
  fraction: number;
  message: string;
}

/** One cell to run. */
export interface RunRequest {
  cellId: string;
  lang: CellLang;
  code: string;
  /** Python expression that must be truthy after the cell ran (a writer's check). */
  check?: string;
}

/** A piece of output, in the order the cell wrote it. */
export interface StreamChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** A value as a MIME bundle: `text/plain` always, richer types when the object provides them. */
export type MimeBundle = { 'text/plain': string } & Record<string, string>;

/** An error raised by the reader's code, with a traceback limited to the reader's own frames. */
export interface CellError {
  type: string;
  message: string;
  traceback: string[];
}

/** What a run cost, measured in the engine. A field is null when it could not be measured. */
export interface RunMetrics {
  /** Wall time of the cell's own code, in milliseconds. */
  wallMs: number;
  /** tracemalloc current bytes after the cell minus before it. */
  tracedNetBytes: number | null;
  /** Highest traced bytes during the cell, above the level at its start. */
  tracedPeakBytes: number | null;
  /** Garbage collector passes that ran during the cell. */
  gcPasses: number | null;
  /** Objects those passes found unreachable and collected. */
  gcCollected: number | null;
  /** Size of the WebAssembly linear memory after the cell. */
  wasmMemoryBytes: number | null;
  /** Why a field is null, for the reader. */
  notes: string[];
}

/** How a run ended. */
export type RunStatus =
  | 'ok'
  | 'error'
  | 'check-failed'
  | 'interrupted'
  | 'restarted'
  | 'timeout'
  /** Sent by the worker only: the interpreter died; the host restarts it and reports `restarted`. */
  | 'crashed';

/** The result of one run. */
export interface RunResult {
  cellId: string;
  status: RunStatus;
  stream: StreamChunk[];
  value: MimeBundle | null;
  error: CellError | null;
  metrics: RunMetrics | null;
  /** Sentence for the reader when the engine had to intervene (restart, interrupt). */
  notice: string | null;
}

/** Engine state as the page shows it. */
export type EngineState =
  | 'idle'
  | 'loading'
  | 'ready'
  | 'running'
  | 'interrupting'
  | 'restarting'
  | 'failed';

/** The API the worker exposes through comlink. */
export interface EngineApi {
  init(options: InitOptions, onProgress: (p: LoadProgress) => void): Promise<EngineInfo>;
  run(request: RunRequest, onStream: (chunks: StreamChunk[]) => void): Promise<RunResult>;
}

/** What the engine says about itself once started. */
export interface EngineInfo {
  pythonVersion: string;
  pyodideVersion: string;
  interruptible: boolean;
  startMs: number;
}
