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

/**
 * The rich MIME types a value may carry besides `text/plain`. Only the book's own helpers make
 * them (`from heapbook import ...`), through `_repr_mimebundle_`; the runner drops any other type.
 */
export const HEAPBOOK_MIME = {
  table: 'application/vnd.heapbook.table+json',
  encoding: 'application/vnd.heapbook.encoding+json',
  graph: 'application/vnd.heapbook.graph+json',
  chart: 'application/vnd.heapbook.chart+json',
} as const;

/** How a column's or an axis' numbers read: bytes get binary units, signed ones a +/- sign. */
export type ValueFormat = 'text' | 'code' | 'int' | 'signed-int' | 'bytes' | 'signed-bytes' | 'ms';

export interface TableColumn {
  key: string;
  label: string;
  format: ValueFormat;
}

/** A table of measurements (`application/vnd.heapbook.table+json`). */
export interface TableData {
  caption: string;
  columns: TableColumn[];
  rows: Array<Record<string, string | number | null>>;
  /** A last row of totals, keyed like the rows. */
  total?: Record<string, string | number | null>;
  /** Sentences under the table: what was measured, how, and on which platform. */
  notes: string[];
}

/** One character of a string and its bytes in each encoding. */
export interface EncodedChar {
  char: string;
  codePoint: number;
  /** UTF-8 bytes, 1 to 4 values 0-255. */
  utf8: number[];
  /** UTF-16 code units, 1 or 2 values 0-65535 (2 bytes each). */
  utf16: number[];
}

/** How one string is stored and encoded (`application/vnd.heapbook.encoding+json`). */
export interface EncodingData {
  /** `len(text)` in code points. */
  length: number;
  /** The first characters, at most 64; `omitted` counts the rest. */
  chars: EncodedChar[];
  omitted: number;
  /** Bytes per character in CPython's compact string storage (PEP 393). */
  storageKind: 1 | 2 | 4;
  storageName: 'ascii' | 'latin-1' | 'ucs-2' | 'ucs-4';
  /** `sys.getsizeof(text)`, measured. */
  sizeof: number;
  /** `(len + 1) * storageKind`: the characters and the terminating NUL. The rest of `sizeof` is the header. */
  dataBytes: number;
  utf8Bytes: number;
  utf16Bytes: number;
  utf32Bytes: number;
  /** The interpreter that measured `sizeof`, for example "CPython 3.14.2, wasm32 (Pyodide 314.0.7)". */
  platform: string;
  notes: string[];
}

export interface GraphNode {
  id: string;
  /** Type name, for example `list` or `__main__.Node`. */
  type: string;
  /** Short readable form of the object, at most 40 characters. */
  label: string;
  /** `sys.getsizeof(obj)`. */
  size: number;
  /** `sys.getrefcount(obj)` minus the references the helper itself held, or null if unknown. */
  refcount: number | null;
  /** The object `refs`/`backrefs` was called on. */
  root: boolean;
  /** References from (refs) or to (backrefs) this node left out by the depth or node limit. */
  omitted: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  /**
   * How `from` refers to `to`: `[0]`, `['key']`, `.attr`, a variable name (from the cell
   * namespace), or empty. Always from referrer to referent.
   */
  label: string;
}

/** The reference graph around one object (`application/vnd.heapbook.graph+json`). */
export interface GraphData {
  direction: 'refs' | 'backrefs';
  caption: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when a depth or node limit cut the graph. */
  truncated: boolean;
  notes: string[];
}

/** One axis or grouping of a chart: which key of the rows it reads and how to show it. */
export interface ChartChannel {
  key: string;
  label: string;
  format: ValueFormat;
}

/** A bar or line chart and the table behind it (`application/vnd.heapbook.chart+json`). */
export interface ChartData {
  mark: 'bar' | 'line';
  caption: string;
  /** Bars: the category on the vertical axis (`y`) and the measured value along `x`. Lines: time on `x`. */
  x: ChartChannel;
  y: ChartChannel;
  /** Lines or bar colours grouped by this key. */
  series?: ChartChannel;
  /** One small chart per value of this key, sharing the x scale. */
  facet?: ChartChannel;
  rows: Array<Record<string, string | number>>;
  notes: string[];
}

/** A value as a MIME bundle: `text/plain` always, the book's own rich types when a helper made it. */
export interface MimeBundle {
  'text/plain': string;
  'application/vnd.heapbook.table+json'?: TableData;
  'application/vnd.heapbook.encoding+json'?: EncodingData;
  'application/vnd.heapbook.graph+json'?: GraphData;
  'application/vnd.heapbook.chart+json'?: ChartData;
}

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
