/** The shapes of the word sections that take data from the engine (output, renderers). */
import type {
  BroadcastData,
  BuildOnlyInstruments,
  EncodingData,
  ErrorHint,
  HeapModelFrame,
  OutputSize,
  PymallocClass,
  PymallocFrame,
} from '../../engine/protocol.ts';
import type { HiddenOutput } from '../shared/output-cap.ts';
import type { Tolerance, Verdict } from '../shared/predict.ts';

export interface OutputText {
  /** What is hidden after the shown part. */
  hidden(hidden: HiddenOutput): string;
  /** What the engine counted and did not keep, past its ceiling per cell. */
  notKept(size: OutputSize, ceilingBytes: number): string;
  /** In a baked page, which has no controls: how to see the rest. */
  runToSee: string;
  showMore: string;
  /** The button that saves the whole kept output as a text file. */
  download(bytes: number): string;
  /**
   * Under a JavaScript cell that used a forced collection or heap-space statistics: at build, that
   * its results were measured with them; live, what this browser could not measure.
   */
  buildOnly(used: BuildOnlyInstruments, live: boolean): string;
  /** What an error the engine recognised means, and what to do (CellError.hint). */
  errorHint: Record<ErrorHint, string>;
  /**
   * For an error the engine itself reports (not the cell's code: a check, a package, the engine),
   * a sentence in the page's language above its raw message, which names URLs and causes in the
   * engine's English. English pages need none: the message is already theirs.
   */
  engineError(type: string, message: string): string | null;
  /** The memory gutter beside a Python cell's code (`line-gutter.ts`). */
  lines: {
    /** The disclosure that opens the gutter: the lines' total, and the net figure of the metrics line. */
    summary(total: number, net: number | null): string;
    /** The same before any figure was read (live, before the reader opened it). */
    summaryUnread: string;
    explain: string;
    gutterLabel: string;
    rowTitle(line: number, bytes: number): string;
    /** Live: reading the figures from the engine. */
    reading: string;
    /** Live: the cell is not the last that ran, so the state it left is gone. */
    stale: string;
    /** Live: the reading failed. */
    failed(why: string): string;
  };
  /** The "Left behind" disclosure under a cell with `#| left-behind: true`. */
  leftBehind: {
    title: string;
    summary(objects: number, bytes: number): string;
    failed(why: string): string;
    explain: string;
  };
}

export interface RenderText {
  chartNumbers: string;
  dataCaption(caption: string): string;
  /** Under a chart's table that shows only some of the rows (chart-view.ts tableRows). */
  someRows(shown: number, all: number, measure: string): string;
  bytesTable: string;
  charsCaption: string;
  encodingColumns: { char: string; codePoint: string; utf8: string; utf16: string; stored: string };
  bytesPicture(chars: number, storage: string): string;
  encodingSummary(data: EncodingData): string;
  pictureShows(chars: number): string;
  notListed(chars: number): string;
  measuredOn(platform: string): string;
  graphTables: string;
  objects: string;
  references: string;
  graphColumns: { node: string; type: string; object: string; size: string; refcount: string; from: string; via: string; to: string };
  start: string;
  inCycle: string;
  notDrawn(n: number): string;
  graphLegend(cycles: boolean): string;
  /** A node's refcount, and the references it has that were not drawn, inside its box. */
  nodeRefcount(n: number): string;
  nodeNotDrawn(n: number): string;
  /** A caption followed by the picture's legend, as one sentence after the other. */
  captionThenLegend(caption: string, legend: string): string;
  couldNotDraw(problems: string): string;
  nativeLabel(platform: string): string;
  heapModel: HeapModelText;
  pymalloc: PymallocText;
  broadcast: BroadcastText;
}

/** The words of the broadcasting picture (`broadcast-view.ts`). */
export interface BroadcastText {
  /** One sentence above the picture: the shapes and what they broadcast to, or the conflict. */
  summary(d: BroadcastData): string;
  pictureLabel(d: BroadcastData): string;
  axis(n: number): string;
  result: string;
  /** Inside a stretched box: from one size (or a missing axis) to the result's. */
  stretched(from: number | null, to: number): string;
  stride(bytes: number): string;
  conflict: string;
  legend: string;
  tableSummary: string;
  columns: { operand: string; shape: string; strides: string; stretchedStrides: string; nbytes: string };
  /** Under the table: the bytes held against the bytes the result's shape would take. */
  held(d: BroadcastData): string | null;
}

/** The words of the pymalloc pictures (`pymalloc-view.ts`): the model and measured snapshots. */
export interface PymallocText {
  /** Above the model's pictures: which CPython it follows, and that it is not this engine. */
  modelBanner(version: string): string;
  /** Above measured snapshots: which interpreter. */
  measuredBanner(platform: string): string;
  summary(sizes: { alignment: string; threshold: string; pool: string; arena: string }, drawn: number, total: number): string;
  stepTitle(index: number, step: string): string;
  notDrawn(steps: number, first: number, last: number): string;
  /** One line of counters under a step's title. */
  counterLine(frame: PymallocFrame): string;
  classLine(c: PymallocClass): string;
  arena(id: number): string;
  poolsInUse(inUse: number, all: number): string;
  emptyPools(n: number): string;
  released: string;
  releasedShort: string;
  noArenas: string;
  moreArenas(n: number): string;
  legendLabel: string;
  legend: { used: string; free: string; untouched: string; empty: string; never: string; released: string; available: string };
  frameLabel(frame: PymallocFrame): string;
  tables: string;
  counters: string;
  columns: {
    index: string;
    step: string;
    allocatedBlocks: string;
    blocksInUse: string;
    freeBlocks: string;
    untouchedBlocks: string;
    availableBlocks: string;
    poolsUsed: string;
    poolsFull: string;
    pools: string;
    poolsEmpty: string;
    arenas: string;
    arenasReleased: string;
    arenaBytes: string;
  };
  classesCaption(index: number, step: string): string;
  classColumns: { size: string; pools: string; used: string; free: string };
}

/** The words of the V8 heap model's picture (`heap-model-view.ts`). */
export interface HeapModelText {
  /** Above every picture of the model: it is a model, not V8. */
  banner: string;
  /** The model's sizes, and how many of its steps are drawn. */
  summary(sizes: { semiSpace: string; page: string; largeObject: string }, drawn: number, total: number): string;
  /** The title of one step's picture, before the engine's description of the step. */
  stepTitle(index: number, step: string): string;
  notDrawn(steps: number, first: number, last: number): string;
  fromSpace: string;
  toSpace: string;
  oldPage(id: number): string;
  largePage(id: number): string;
  noOldPages: string;
  noLargeObjects: string;
  morePages(n: number): string;
  legendLabel: string;
  legend: {
    young: string;
    survivor: string;
    old: string;
    large: string;
    garbage: string;
    gap: string;
    root: string;
    allocated: string;
    copied: string;
    promoted: string;
    moved: string;
    stale: string;
  };
  frameLabel(frame: HeapModelFrame): string;
  counters: string;
  /** Under the counters: the columns left out because they are 0 at every drawn step. */
  zeroColumns: (names: string[]) => string;
  columns: {
    index: string;
    step: string;
    scavenges: string;
    copied: string;
    promoted: string;
    markSweeps: string;
    compactions: string;
    moved: string;
    pagesFreed: string;
    newSpace: string;
    oldSpace: string;
    gaps: string;
    large: string;
  };
}

/** Why the page has no heap figure for a JavaScript cell (`src/page/browser-heap.ts`). */
export type HeapReason =
  | { kind: 'not-isolated' }
  | { kind: 'no-api' }
  | { kind: 'late'; seconds: number }
  | { kind: 'no-worker' }
  /** The browser's own error, as it worded it. */
  | { kind: 'failed'; message: string };

/**
 * The notes a run's metrics can carry, by key. The engine writes the English sentence (tests and
 * the writer's terminal read it); the page finds its key and words it in the reader's language.
 */
export type MetricNote = 'tracemalloc-restarted-before' | 'tracemalloc-restarted' | 'tracemalloc-stopped' | 'gc-callback-removed';

/** The metrics line under every output (`src/shared/metrics-line.ts`). Figures arrive formatted. */
export interface MetricsText {
  net(bytes: string): string;
  peak(bytes: string): string;
  gc(passes: number, collected: number): string;
  heapNet(bytes: string): string;
  heapUsed(bytes: string): string;
  wasm(bytes: string): string;
  /** What each figure means: the tooltip, and what screen readers announce. */
  meaning: {
    net: string;
    peak: string;
    gc: string;
    time: string;
    wasm: string;
    heapNet(source: string): string;
    heapUsed(source: string): string;
  };
  /** Where the heap figure came from (the engine's words for its API, or the page's measurement). */
  heapSource(source: string): string;
  /** The end of the line: where the figures were measured. `engine` is the build engine's label. */
  measuredAtBuild(engine: string): string;
  measuredNative(platform: string): string;
  measuredLive: string;
  /** The tooltip of a figure computed into the prose at build (`{python} expr`). */
  measuredInline(expr: string): string;
  /** A note after the figures, in the language's brackets. */
  noteAfter(note: string): string;
  notes: Record<MetricNote, string>;
  /** The page's own measurement of a JavaScript worker's heap (`browser-heap.ts`). */
  pageHeapSource: string;
  heapReason(reason: HeapReason): string;
}

/** The words of a predict cell (`#| predict:`): the question, the answer and the verdict (`src/shared/predict-text.ts`). */
export interface PredictText {
  /** The input's label, before the expression. */
  label: string;
  /** How close counts, under the input. */
  tolerance(tolerance: Tolerance): string;
  /** In a baked page (no input yet): what to do. */
  askBaked: string;
  /** The `<summary>` of the answer. */
  answer: string;
  /** The answer's first line. */
  measured(value: string): string;
  /** After a live run. */
  verdict(guess: string, measured: string, verdict: Verdict, tolerance: Tolerance): string;
  noGuess(measured: string): string;
  notANumber(typed: string): string;
  couldNotMeasure(expr: string, why: string): string;
}
