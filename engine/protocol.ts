/**
 * The wire types of the engine: everything that crosses the worker boundary, declared once and
 * imported by the page, the worker and the Node build executor. Plain, structured-clonable data only.
 */

import type { PackageLoadResult, PackageProgress, PackageRequest } from './packages.ts';

export type { PackageLoadResult, PackageProgress, PackageRequest };

/** The languages a cell can be written in; each has its own engine (worker) and namespace. */
export type CellLang = 'python' | 'javascript';

/** Options given to the engine when it starts. */
export interface InitOptions {
  /** Where Pyodide's files live: a URL in the browser, a directory path or file URL in Node. */
  indexURL: string;
  /** A shared Int32Array(1) used as Pyodide's interrupt buffer, when SharedArrayBuffer exists. */
  interruptBuffer?: Int32Array;
  /** Start from the build's memory snapshot next to Pyodide's files when there is a valid one. */
  useSnapshot?: boolean;
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
  /**
   * Packages of `packages.lock.json` the cell declares (`#| packages: objgraph`). The host adds
   * those whose modules the code imports and has the engine load them all before the cell runs.
   */
  packages?: string[];
  /** Python: also read what the cell left alive, by type and by line (`#| left-behind: true`). */
  leftBehind?: boolean;
  /** Python: also read the bytes each line of the cell still holds at its end (the gutter). */
  lines?: boolean;
}

/** A size of output text: UTF-8 bytes, and lines (a last line without a newline counts). */
export interface OutputSize {
  lines: number;
  bytes: number;
}

/** A piece of output, in the order the cell wrote it. */
export interface StreamChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * The rich MIME types a value may carry besides `text/plain`. Only the book's own helpers make
 * them (`from heapbook import ...`), through `_repr_mimebundle_`; the runner drops any other type.
 * The Python package keeps its own copy (`MIME` in `engine/python/heapbook/_tables.py`, all but
 * `heapModel`, which only JavaScript's V8 model makes); tests/unit/mime-types.test.ts holds them equal.
 */
export const HEAPBOOK_MIME = {
  table: 'application/vnd.heapbook.table+json',
  encoding: 'application/vnd.heapbook.encoding+json',
  graph: 'application/vnd.heapbook.graph+json',
  chart: 'application/vnd.heapbook.chart+json',
  heapModel: 'application/vnd.heapbook.v8heap+json',
  pymalloc: 'application/vnd.heapbook.pymalloc+json',
  broadcast: 'application/vnd.heapbook.broadcast+json',
} as const;

/**
 * The key under which a JavaScript value offers the book's MIME bundle: a method returning a
 * {@link MimeBundle} (the V8 heap model's runs have one; the JavaScript runtime looks for it).
 */
export const MIME_KEY: unique symbol = Symbol.for('heapbook.mime');

/*
 * Messages a worker posts on its port beside Comlink's; Comlink ignores any message without its
 * own `id`, so they share the channel. Each is sent as `{ [NAME]: true }`.
 */

/** A shared JavaScript engine holds the Web Lock named after it (engine/worker/life-lock.ts). */
export const LIFE_LOCK_HELD = 'heapbookLifeLockHeld';
/** A cell's code took that lock from the engine (`navigator.locks.request(name, { steal: true }, …)`). */
export const LIFE_LOCK_LOST = 'heapbookLifeLockLost';
/** A worker is about to close itself (engine/worker/worker-close.ts). */
export const WORKER_CLOSING = 'heapbookWorkerClosing';

/** The name of one of those messages. */
export type FlagMessageName = typeof LIFE_LOCK_HELD | typeof LIFE_LOCK_LOST | typeof WORKER_CLOSING;

/** True when `data` is the message `{ [name]: true }`. */
export function isFlagMessage(data: unknown, name: FlagMessageName): boolean {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[name] === true;
}

/**
 * A helper's own words in the book's other languages, English text to its translation, for every
 * caption, note, label, legend value and step text the helper wrote (Python's `Say`, in
 * `heapbook/_tables.py`). The page applies them when it draws the payload in that language
 * (`src/shared/render/localise.ts`), so one result serves both languages' pages.
 */
export interface Worded {
  words?: { 'zh-CN'?: Record<string, string> };
}

/** How a column's or an axis' numbers read: bytes get binary units, signed ones a +/- sign. */
export type ValueFormat = 'text' | 'code' | 'int' | 'signed-int' | 'bytes' | 'signed-bytes' | 'ms';

export interface TableColumn {
  key: string;
  label: string;
  format: ValueFormat;
}

/** A table of measurements (`application/vnd.heapbook.table+json`). */
export interface TableData extends Worded {
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
export interface EncodingData extends Worded {
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
export interface GraphData extends Worded {
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
export interface ChartData extends Worded {
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

/** A space of the V8 heap model (`engine/js/v8-heap-model.ts`): a model of V8's design, not V8. */
export type HeapModelSpace = 'new' | 'old' | 'large';

/** What happened to an object during the step a frame shows. */
export type HeapModelEvent = 'allocated' | 'copied' | 'promoted' | 'moved';

/** The operation a frame was recorded after; `cycle` is one cycle of `run(n, fn)`. */
export type HeapModelStepKind =
  'start' | 'allocate' | 'hold' | 'drop' | 'link' | 'unlink' | 'scavenge' | 'mark-sweep' | 'mark-compact' | 'cycle';

/** One object of the heap model at its offset in the from-space or in its page. */
export interface HeapModelBlock {
  id: number;
  name: string | null;
  size: number;
  offset: number;
  /** Scavenges survived. */
  age: number;
  /** Reachable from the held roots when the frame was recorded; false is garbage not yet collected. */
  live: boolean;
  event: HeapModelEvent | null;
}

/** An object as an evacuation left it in the semi-space that is now the to-space: stale bytes. */
export interface HeapModelStale {
  id: number;
  name: string | null;
  size: number;
  offset: number;
  fate: 'copied' | 'promoted' | 'freed';
}

/** An old-space page, or a large-object page (one object, sized to it). */
export interface HeapModelPage {
  id: number;
  size: number;
  /** Free space below `top` is a gap left by sweeping; above it the page bumps. */
  top: number;
  objects: HeapModelBlock[];
}

export interface HeapModelSpaceStats {
  objects: number;
  /** Bytes of the objects in the space, garbage included until a collection frees it. */
  usedBytes: number;
  /** Bytes of the objects reachable from the roots. */
  liveBytes: number;
}

/** The model's counters since it was made, and its spaces now. */
export interface HeapModelCounters {
  allocations: number;
  allocatedBytes: number;
  scavenges: number;
  /** Objects and bytes a scavenge copied into the to-space (promotions are counted apart). */
  copied: number;
  bytesCopied: number;
  /** Objects and bytes moved from new space to old space, by scavenges and full collections. */
  promotions: number;
  bytesPromoted: number;
  markSweeps: number;
  /** Mark-compact collections. */
  compactions: number;
  /** Objects and bytes compaction moved out of sparse pages. */
  moved: number;
  bytesMoved: number;
  /** Old-space and large-object pages released. */
  pagesFreed: number;
  /** Garbage objects and bytes collections reclaimed. */
  freed: number;
  freedBytes: number;
  /** Old-to-new references recorded by the write barrier. */
  barrierRecords: number;
  newSpace: HeapModelSpaceStats & { capacity: number };
  oldSpace: HeapModelSpaceStats & { pages: number; committedBytes: number; gapBytes: number };
  largeObjectSpace: HeapModelSpaceStats & { pages: number };
}

/** The whole heap model after one step. */
export interface HeapModelFrame {
  /** The step's number from 0 (the new heap), counting frames that were not kept. */
  index: number;
  /** What the step did, in English, e.g. "scavenge #2 (requested): 3 copied (96 B), …". */
  step: string;
  kind: HeapModelStepKind;
  /** Which semi-space (0 or 1, drawn as A and B) is the from-space, where allocation bumps. */
  fromSpace: 0 | 1;
  newTop: number;
  newSpace: HeapModelBlock[];
  /** After a step that evacuated new space: what the other semi-space still holds. Else empty. */
  toSpace: HeapModelStale[];
  oldSpace: HeapModelPage[];
  largeObjects: HeapModelPage[];
  roots: Array<{ name: string; id: number }>;
  counters: HeapModelCounters;
}

export interface HeapModelConfig {
  semiSpace: number;
  page: number;
  largeObject: number;
  oldSpaceLimit: number | null;
  compactBelow: number;
}

/** A run of the V8 heap model (`application/vnd.heapbook.v8heap+json`): its kept frames and counters. */
export interface HeapModelData extends Worded {
  config: HeapModelConfig;
  /** The first and the last frames; `omittedFrames` were recorded between them and not kept. */
  frames: HeapModelFrame[];
  totalFrames: number;
  omittedFrames: number;
  counters: HeapModelCounters;
  /** Where the model simplifies V8. */
  notes: string[];
}

/** One pool of the pymalloc model; an empty pool (waiting in its arena for any size class) has size 0. */
export interface PymallocPool {
  /** Block size of its size class in bytes, 0 when the pool is empty. */
  size: number;
  /** Blocks handed out, blocks freed and on the pool's free list, blocks never used yet. */
  used: number;
  free: number;
  untouched: number;
}

/** An arena of the model: its carved pools in address order (the others were never used), or released to the OS. */
export interface PymallocArena {
  id: number;
  released: boolean;
  pools: PymallocPool[];
}

/** One size class with blocks in use, as `sys._debugmallocstats()` lists it. */
export interface PymallocClass {
  index: number;
  /** Block size in bytes. */
  size: number;
  /** Pools of this class holding at least one block in use. */
  pools: number;
  used: number;
  /** Blocks available in those pools (freed or never used). */
  free: number;
}

/**
 * Counters of one step of the model or of one measured snapshot. The model fills every field;
 * a measured snapshot those `sys._debugmallocstats()` prints (others are absent).
 */
export interface PymallocCounters {
  /** `sys.getallocatedblocks()`: pymalloc blocks in use plus blocks from the raw allocator. */
  allocatedBlocks?: number;
  blocksInUse?: number;
  bytesInUse?: number;
  freeBlocks?: number;
  untouchedBlocks?: number;
  /** Measured: free and never-used blocks of pools in use together. */
  availableBlocks?: number;
  poolsUsed?: number;
  poolsFull?: number;
  poolsEmpty?: number;
  poolsNeverUsed?: number;
  /** Measured: pools with blocks in use. */
  pools?: number;
  arenas?: number;
  arenaBytes?: number;
  arenasAllocatedTotal?: number;
  arenasReleased?: number;
  arenasHighwater?: number;
  rawBlocks?: number;
  rawBytes?: number;
}

/** The model after one step, or one measured snapshot (then `arenas` is null: the stats do not list pools). */
export interface PymallocFrame {
  index: number;
  /** What the step did, in English, e.g. "free_every(2): 500 blocks freed, every 2nd block"; or the snapshot's label. */
  step: string;
  kind: 'start' | 'alloc' | 'free' | 'measured';
  arenas: PymallocArena[] | null;
  classes: PymallocClass[];
  counters: PymallocCounters;
}

/**
 * pymalloc drawn (`application/vnd.heapbook.pymalloc+json`): the helper's model of CPython's
 * small-object allocator (`source: 'model'`) or snapshots of `sys._debugmallocstats()` measured
 * on a CPython with pymalloc (`source: 'measured'`).
 */
export interface PymallocData extends Worded {
  source: 'model' | 'measured';
  /** The CPython the model follows (e.g. "CPython 3.14, 64-bit"), or the interpreter measured. */
  label: string;
  config: { alignment: number; threshold: number; poolSize: number; arenaSize: number; poolOverhead: number; poolsPerArena: number };
  frames: PymallocFrame[];
  totalFrames: number;
  omittedFrames: number;
  notes: string[];
}

/** One operand on one axis of a broadcast: its own size (null where the axis is missing). */
export interface BroadcastCell {
  /** Counted from the end: -1 is the last axis. */
  axis: number;
  size: number | null;
  /** The axis is size 1 or missing and stretches to the result's size, without copying. */
  stretched: boolean;
  /** Stride in bytes of the stretched view (0 when stretched); null for a bare shape or a conflict. */
  stride: number | null;
}

/** One operand of `heapbook.broadcast()`: an array's shape and strides, or a bare shape. */
export interface BroadcastOperand {
  label: string;
  shape: number[];
  strides: number[] | null;
  itemsize: number | null;
  /** Bytes the array really holds (`nbytes`); null for a bare shape. */
  nbytes: number | null;
  cells: BroadcastCell[];
  stretchedStrides: Array<number | null> | null;
}

/** How shapes line up under NumPy broadcasting (`application/vnd.heapbook.broadcast+json`). */
export interface BroadcastData extends Worded {
  operands: BroadcastOperand[];
  ndim: number;
  /** The broadcast shape, or null when the shapes conflict. */
  shape: number[] | null;
  /** The first axis (negative) whose sizes disagree, or null. */
  conflict: number | null;
  /** Bytes an array of the result's shape and the operands' item size would hold. */
  resultNbytes: number | null;
  platform: string;
}

/** A value as a MIME bundle: `text/plain` always, the book's own rich types when a helper made it. */
export interface MimeBundle {
  'text/plain': string;
  [HEAPBOOK_MIME.table]?: TableData;
  [HEAPBOOK_MIME.encoding]?: EncodingData;
  [HEAPBOOK_MIME.graph]?: GraphData;
  [HEAPBOOK_MIME.chart]?: ChartData;
  [HEAPBOOK_MIME.heapModel]?: HeapModelData;
  [HEAPBOOK_MIME.pymalloc]?: PymallocData;
  [HEAPBOOK_MIME.broadcast]?: BroadcastData;
}

/** An explanation the page adds under an error the engine recognised, in the page's language. */
export type ErrorHint =
  /** The cell read standard input (`input()`), which a page does not have. */
  | 'no-stdin'
  /** A cell emptied or broke the `heapbook` package, so its helpers cannot be imported. */
  | 'helpers-damaged'
  /** Stop arrived again while the engine described how the cell ended: the description is cut. */
  | 'stopped-while-describing';

/** An error raised by the reader's code, with a traceback limited to the reader's own frames. */
export interface CellError {
  type: string;
  message: string;
  traceback: string[];
  hint?: ErrorHint;
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
  /** JavaScript cells: the JS heap in use after the cell (after a full collection where one can be forced). */
  heapUsedBytes?: number | null;
  /** JavaScript cells: heap in use after the cell minus before it, measured the same way. */
  heapNetBytes?: number | null;
  /** How the heap figures were taken, e.g. "v8.getHeapStatistics() after a forced full GC". */
  heapSource?: string;
  /** Why a field is null, for the reader. */
  notes: string[];
  /**
   * JavaScript cells: what the cell asked of the instruments only Node has (a forced collection,
   * heap-space statistics), so the page can say which of its results a browser cannot reproduce.
   * Absent when the cell used none.
   */
  instruments?: BuildOnlyInstruments;
}

/** Calls a JavaScript cell made to `heapbook.collectGarbage()` and `heapbook.heapSpaces()`, and where it ran. */
export interface BuildOnlyInstruments {
  /** The runtime, e.g. "Node 22.23.3" or "Chromium 156". */
  runtime: string;
  collections: number;
  /** Of those, the collections that were forced (Node, at build); a browser cannot force one. */
  forced: number;
  heapSpaces: number;
  /** `PerformanceObserver`s the cell started on V8's `gc` entries (Node only). */
  gcEntries: number;
}

/**
 * Python cells: the traced bytes still held at the end of the cell, per line of the cell that
 * allocated them (tracemalloc's innermost frame; `engine/python/heapbook/_cell_memory.py`).
 */
export interface CellLines {
  /** `[line, bytes, blocks]`, lines of the cell in order; lines that hold nothing are left out. */
  lines: Array<[line: number, bytes: number, blocks: number]>;
  /** The sum of the lines' bytes. */
  total: number;
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
  /**
   * The size of `stream`, measured by the engine as the output came, so that the page does not
   * measure megabytes again. Absent when the stream was put together otherwise (a stopped cell).
   */
  streamSize?: OutputSize;
  /** Output past the engine's ceiling per cell (`OUTPUT_CEILING_BYTES`): counted, not kept. */
  notKept?: OutputSize;
  /** Errors the cell's code raised after the cell returned (JavaScript timers and promises), in order. */
  late?: LateNote[];
  /** Python cells: what each line of the cell still holds at its end (the gutter beside the code). */
  lines?: CellLines;
  /** Python cells run with `leftBehind`: the objects made by the cell and alive after it, as a chart and a table. */
  leftBehind?: MimeBundle;
  /** Why the left-behind reading failed, when it did (the cell's own result stands). */
  leftBehindError?: string;
}

/** Called with each batch of a running cell's output, and what the engine has not kept so far. */
export type StreamListener = (chunks: StreamChunk[], notKept: OutputSize | null) => void;

/** Engine state as the page shows it. */
export type EngineState = 'idle' | 'loading' | 'ready' | 'running' | 'interrupting' | 'restarting' | 'failed';

/**
 * An error no code caught that surfaced after the cell that scheduled it had returned: a timer
 * or callback that threw, a promise rejected with no handler. It belongs to that cell, which has
 * already shown its result, so it travels apart from any run.
 */
export interface LateError {
  /** The cell whose code scheduled what failed (or, when nothing tells, the last cell that ran). */
  cellId: string;
  kind: 'error' | 'rejection';
  error: CellError;
}

/** A late error as the host hands it on: with the sentence, in the page's language, that says what it is. */
export interface LateNote extends LateError {
  notice: string;
}

/** The API the worker exposes through comlink. */
export interface EngineApi {
  init(options: InitOptions, onProgress: (p: LoadProgress) => void): Promise<EngineInfo>;
  run(request: RunRequest, onStream: StreamListener): Promise<RunResult>;
  /**
   * Installs packages of the lock (resolved by the host to the wheels' URLs), each at most once per
   * interpreter, reporting each one's progress; each download may take `downloadMs` (default
   * 60 s). Resolves with the first failure rather than throwing.
   */
  loadPackages(requests: PackageRequest[], onProgress: (p: PackageProgress) => void, downloadMs?: number): Promise<PackageLoadResult>;
  /** JavaScript engines: where to send late errors (`LateError`) from now on. */
  watchLate?(listener: (late: LateError) => void): void;
}

/** What the engine says about itself once started. */
export type EngineInfo = {
  /** Whether Stop can interrupt a cell cooperatively (else the host replaces the worker). */
  interruptible: boolean;
  startMs: number;
  /** For the metrics line, e.g. "Pyodide 314.0.7, CPython 3.14.2 (wasm32)" or "V8 12.4 (Node 22.23.3)". */
  label: string;
} & (
  | {
      lang: 'python';
      pythonVersion: string;
      pyodideVersion: string;
      /** "loaded" when the interpreter came from the build's memory snapshot, else why not. */
      snapshot: string;
    }
  | { lang: 'javascript'; v8Version: string | null; runtime: string }
);
