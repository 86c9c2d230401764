/**
 * Every word a reader sees, in English: the key set of the book's languages. A language file
 * (`zh-cn.ts`) is typed `Words`, so a missing or misspelt key is a type error. Figures, code and
 * names stay as they are in every language. Writer-facing build errors are not here: they stay
 * English, in the modules that raise them.
 */
import type { MetricsText, OutputText, PredictText, RenderText } from './types.ts';
import { count, lines, listIds, more, n0, offBy, restartKind, shapeText, within, type RestartKind } from './shared.ts';
import { formatBytes } from '../shared/format.ts';
import type { CellLang, LoadProgress } from '../../engine/protocol.ts';
import type { ForcedStop, RestartCause, WorkerExit } from '../../engine/host/engine-notices.ts';
import type { ReaderOptionMistake } from '../page/reader-options.ts';

/** The sentences the engine host puts in a cell when it had to step in (a time limit, Stop, a restart). */
const notices = {
  engine: (lang: CellLang): string => (lang === 'javascript' ? 'JavaScript engine' : 'Python engine'),
  lost: 'Variables from earlier cells are gone.',
  /** Sentences after one another: a space between them in English, none in Chinese. */
  join: (...sentences: string[]) => sentences.join(' '),
  couldNotStart: (engine: string, why: string) => `The ${engine} could not start: ${why}`,
  workerStopped: (why: string) => `its worker stopped (${why})`,
  timeLimit: (ms: number) => `The cell was stopped at its time limit of ${ms} ms.`,
  timeLimitRestart: (ms: number) =>
    `The cell was stopped at its time limit of ${ms} ms. It did not stop in time, so the engine was restarted.`,
  forcedStop: (why: ForcedStop, graceMs: number) =>
    ({
      'restart-requested': 'The engine was restarted while this cell ran.',
      'ignored-interrupt': `The cell did not stop within ${graceMs / 1000} s of KeyboardInterrupt, so the engine was restarted.`,
      javascript: 'JavaScript cannot be interrupted from outside, so the JavaScript worker was ended and a fresh one started.',
      'not-isolated': 'This page is not cross-origin isolated, so stopping a cell restarts the engine.',
    })[why],
  crashed: (engine: string) => `The ${engine} crashed and was restarted: variables from earlier cells are gone.`,
  workerEnded: (engine: string, exit: WorkerExit): string => {
    switch (exit.kind) {
      case 'process-ended':
        return `The ${engine} stopped while this cell ran: its process ended, most likely because the cell used up the memory the browser gives it. A fresh engine was started.`;
      case 'closed':
        return `The cell's code closed the ${engine}'s worker (close(), which ends the engine), so the engine was replaced by a fresh one.`;
      case 'lock-stolen':
        return `The cell's code took the Web Lock by which the page knows the ${engine} is alive (navigator.locks with steal: true), so the page could no longer tell whether it runs and replaced it with a fresh one.`;
      case 'ended':
        return `The ${engine}'s worker ended without a word (the cell's code may have closed it, or it crashed), so the engine was replaced by a fresh one.`;
      case 'heap-limit':
        return `The ${engine}'s worker stopped (the cell used more than the ${exit.limitMb} MiB heap limit of JavaScript cells) and a fresh one was started.`;
      case 'error':
        return `The ${engine}'s worker stopped (${exit.message}) and a fresh one was started.`;
    }
  },
  late: (kind: 'error' | 'rejection'): string =>
    kind === 'rejection'
      ? 'After this cell had finished, a promise its code made was rejected and nothing handled the rejection:'
      : 'After this cell had finished, code it scheduled (a timer or a callback) threw an error that nothing caught:',
  recycled: (gib: string) =>
    `This cell grew the engine's WebAssembly memory to ${gib} GiB, which never shrinks, so the engine was restarted after it to give the memory back: variables from earlier cells are gone.`,
};

/** The cell interface: buttons, states, the engine bar, shared links. */
const ui = {
  run: 'Run',
  stop: 'Stop',
  reset: 'Reset',
  runAll: 'Run all',
  restart: 'Restart engine',
  running: 'Running…',
  queued: 'Queued',
  cellStates: {
    baked: 'not run here yet: the output below is from the build',
    stopped: 'stopped',
    failed: 'ended with an error',
    unsolved: 'checked: not solved yet',
    done: 'done',
    cleared: 'output cleared',
  },
  clearOutput: 'Clear output',
  clearAll: 'Clear outputs',
  /** On narrow screens the engine bar keeps Restart and Clear outputs behind this button. */
  barMore: 'More',
  share: {
    button: 'Share',
    linkLabel: 'Link to this cell with your code',
    copied: 'Link with your code copied. It opens this cell with your code shown, not run.',
    copyByHand: 'Copy this link: it opens this cell with your code shown, not run.',
    tooLong: (chars: number, limit: number) =>
      `Your code is too long to share in a link: ${chars} characters once compressed, and a link takes at most ${limit}. Shorten the code and press Share again.`,
    opened: "Shared code from a link: shown, not run. Press Run to run it, or Reset for the chapter's code.",
    unreadable: (problem: string) => `The shared code in this link cannot be opened: ${problem}. The chapter's code is shown instead.`,
    noSuchCell: (id: string) =>
      `The link shares code for a cell "${id}" that this page does not have. The chapter's code is shown instead.`,
  },
  announceFinished: (id: string, outcome: string) => `Cell "${id}" finished: ${outcome}`,
  queuedAfter: (ids: readonly string[]) =>
    `queued: first runs ${ids.length === 1 ? 'the earlier cell' : `${ids.length} earlier cells`} not yet run in this engine: ${listIds(ids, 'and')}`,
  cancelled: (stopped: string, live: boolean) =>
    `not run: "${stopped}" before it was stopped; the output below is ${live ? 'from an earlier run' : 'from the build'}`,
  loadingPackage: (name: string, size: string) => `Loading the package ${name} (${size})…`,
  solved: '✓ Check passed: solved.',
  notYet: 'Not solved yet',
  edited: 'edited',
  engines: { python: 'Python engine', javascript: 'JavaScript engine' },
  stateLine: (engine: string, state: string) => `${engine}: ${state}`,
  states: {
    idle: 'not started yet',
    loading: 'loading',
    ready: 'ready',
    running: 'running',
    interrupting: 'stopping the cell',
    restarting: 'restarting',
    failed: 'failed to start',
  },
  /** The loading bar's tooltip: the engine's own words in English. */
  progress: (_stage: LoadProgress['stage'], message: string): string => message,
  notIsolated: 'This page is not cross-origin isolated: Stop restarts the engine.',
  heapPending: 'heap: waiting for the browser to measure it, which can take 20 s',
  heapOwnProcess:
    'heap not measured: JavaScript cells run in a process of their own, so that a cell that fills its heap cannot crash the page, and the browser does not measure that process',
  restartedBecause: {
    requested: 'as asked',
    stop: 'to stop the cell',
    timeout: "at the cell's time limit",
    crashed: 'after the interpreter crashed',
    memory: 'to give back WebAssembly memory',
    'process-ended': 'after its process ended, most likely out of memory',
    'heap-limit': 'after a cell passed its heap limit',
    closed: "after a cell's code closed its worker",
    'lock-stolen': "after a cell's code took its life lock",
    ended: 'after its worker ended without a word',
    error: 'after its worker stopped',
  } satisfies Record<RestartKind, string>,
  restarted: (cause: RestartCause): string => `restarted ${ui.restartedBecause[restartKind(cause)]}; variables from earlier cells are gone`,
  optionOnlyTimeout: (name: string) =>
    `"#| ${name}" is an option for the book's build; in the browser a cell takes only "#| timeout: milliseconds".`,
  optionLine: (line: number, message: string) => `Cell option on line ${line}: ${message}`,
  optionMistake: (mistake: ReaderOptionMistake): string => {
    switch (mistake.kind) {
      case 'form':
        return 'an option line has the form "#| name: value", for example: #| timeout: 5000';
      case 'unknown':
        return `there is no cell option "${mistake.name}"; in the browser a cell takes only "#| timeout: milliseconds"`;
      case 'twice':
        return `"${mistake.name}" is given twice`;
      case 'timeout':
        return `"timeout" takes whole milliseconds from 1 to 600000, not "${mistake.value}" (for example: #| timeout: 5000)`;
    }
  },
};

/** The words around a capped output (`output-cap.ts`), error hints and the build-only instruments line. */
const output: OutputText = {
  hidden({ lines: n, bytes, midLine }) {
    const size = formatBytes(bytes);
    if (!midLine) return `${more(n)} (${size}) hidden.`;
    if (n === 1) return `The rest of this line (${size}) hidden.`;
    return `The rest of this line and ${more(n - 1)} (${size}) hidden.`;
  },
  notKept: (size, ceiling) =>
    `A further ${formatBytes(size.bytes)} (${lines(size.lines)}) was written but not kept: the engine keeps the first ${formatBytes(ceiling)} of a cell's output.`,
  runToSee: 'Run the cell to see the rest.',
  showMore: 'Show more',
  download: (bytes) => `Download the output as text (${formatBytes(bytes)})`,
  buildOnly(used, live) {
    if (!live) {
      const tools = [
        used.forced > 0 ? 'a forced full collection' : used.collections > 0 ? 'a requested collection' : '',
        used.heapSpaces > 0 ? "V8's heap-space statistics" : '',
        used.gcEntries > 0 ? "V8's gc events" : '',
      ].filter(Boolean);
      const how = tools.length > 1 ? `${tools.slice(0, -1).join(', ')} and ${tools.at(-1)}` : tools[0];
      return `Printed at build in ${used.runtime}, with ${how}. A browser has none of these, so a live run may print other results wherever they depend on them.`;
    }
    return `${used.runtime} cannot force a garbage collection (this run applied memory pressure instead, and the browser decides whether to collect), and gives a page no heap-space statistics or gc events: what this run reports as collected, and any heap figure, may differ from the build's, which were measured in Node after forced collections.`;
  },
  engineError: () => null,
  errorHint: {
    'no-stdin':
      'This page has no standard input, so input() and sys.stdin cannot read anything. Assign the value in the code instead: name = "Ada" in place of name = input().',
    'helpers-damaged':
      "An earlier cell damaged the book's helper package (heapbook), so its helpers can no longer be imported. Press Restart engine to get them back; variables from earlier cells will be gone.",
    'stopped-while-describing':
      'The cell was stopped, and the stop also cut short the engine while it described how the cell ended, so no traceback is shown. What the cell printed before is shown above.',
  },
  lines: {
    summary: (total, net) =>
      `Memory by line: the lines still hold ${formatBytes(total)}${net === null ? '' : ` (net ${net > 0 ? '+' : ''}${formatBytes(net)})`}`,
    summaryUnread: 'Memory by line',
    explain:
      'Beside each line: the traced bytes it allocated that are still held when the cell ends (tracemalloc, which charges a block to the innermost frame: inside a function the cell defines, to the line of its body; inside library code or another cell, to no line here). The total differs from the net figure by what library code allocated and by memory of earlier cells that this one freed.',
    gutterLabel: 'Bytes each line still holds at the end of the cell',
    rowTitle: (line, bytes) => `line ${line} still holds ${count(bytes)} bytes`,
    reading: 'Memory by line: reading…',
    stale: 'Memory by line: other cells ran after this one, so the state it left is gone. Run it again with this open to see its lines.',
    failed: (why) => `Memory by line could not be read: ${why}`,
  },
  leftBehind: {
    title: 'Left behind',
    summary: (objects, bytes) =>
      `Left behind: ${count(objects)} ${objects === 1 ? 'object' : 'objects'}, ${formatBytes(bytes)} still alive after the cell`,
    failed: (why) => `Left behind: not read (${why})`,
    explain:
      'Objects made by this cell and still alive after it, read after a collection before and after the cell (outside its measured figures): bars by the line that allocated them, a table by type. Bytes are sys.getsizeof of each object itself.',
  },
};

/** The renderers' own words (labels, legends, summaries). */
const render: RenderText = {
  chartNumbers: 'The numbers behind the chart',
  dataCaption: (caption) => `Data: ${caption}`,
  someRows: (shown, all, measure) =>
    `${shown} of the ${all.toLocaleString('en')} rows, evenly spaced, always with the first, the last and the highest ${measure} of each series; the chart draws every row.`,
  bytesTable: 'Table of the bytes',
  charsCaption: 'Characters and their bytes',
  encodingColumns: { char: 'char', codePoint: 'code point', utf8: 'UTF-8', utf16: 'UTF-16 units', stored: 'CPython' },
  bytesPicture: (chars, storage) => `Bytes of ${chars} characters in UTF-8, UTF-16, UTF-32 and CPython's ${storage} storage`,
  encodingSummary(d) {
    const each = d.storageKind === 1 ? '1 byte' : `${d.storageKind} bytes`;
    return (
      `${d.length} characters, stored by CPython as ${d.storageName} (${each} per character): ` +
      `sys.getsizeof = ${formatBytes(d.sizeof)} = ${formatBytes(d.sizeof - d.dataBytes)} header + ` +
      `${formatBytes(d.dataBytes)} characters and NUL. Encoded: UTF-8 ${formatBytes(d.utf8Bytes)}, ` +
      `UTF-16 ${formatBytes(d.utf16Bytes)}, UTF-32 ${formatBytes(d.utf32Bytes)}.`
    );
  },
  pictureShows: (n) => `The picture shows the first ${n} characters.`,
  notListed: (n) => `${n} more characters are not listed.`,
  measuredOn: (platform) => `Measured on ${platform}.`,
  graphTables: 'Objects and references as tables',
  objects: 'Objects',
  references: 'References (referrer → referent)',
  graphColumns: { node: 'node', type: 'type', object: 'object', size: 'size', refcount: 'refcount', from: 'from', via: 'via', to: 'to' },
  start: 'start',
  inCycle: 'in a cycle',
  notDrawn: (n) => `${n} not drawn`,
  graphLegend: (cycles) => `The starting object is blue.${cycles ? ' Objects on a reference cycle are outlined in orange.' : ''}`,
  nodeRefcount: (n) => `refcount ${n}`,
  nodeNotDrawn: (n) => `+${n} not drawn`,
  captionThenLegend: (caption, legend) => `${caption.replace(/\.$/, '')}. ${legend}`,
  couldNotDraw: (problems) => `Could not draw ${problems}. The value as text:`,
  nativeLabel: (platform) =>
    `The same cell on ${platform}, measured when this page was built. Sizes differ by pointer ` +
    'width and by CPython version; this does not change when you run the cell here.',
  heapModel: {
    banner: "A model of V8's published heap design, not V8 itself",
    summary: (sizes, drawn, total) =>
      `Two semi-spaces of ${sizes.semiSpace}, old-space pages of ${sizes.page}, objects over ${sizes.largeObject} ` +
      `in the large-object space. ${total} ${total === 1 ? 'step' : 'steps'} recorded, ${drawn} drawn.`,
    stepTitle: (index, step) => `Step ${index}: ${step}`,
    notDrawn: (steps, first, last) => `… ${steps} ${steps === 1 ? 'step' : 'steps'} not drawn (#${first}–#${last}) …`,
    fromSpace: 'from-space',
    toSpace: 'to-space',
    oldPage: (id) => `old page ${id}`,
    largePage: (id) => `large page ${id}`,
    noOldPages: 'old space: no pages',
    noLargeObjects: 'large-object space: empty',
    morePages: (n) => `+${n} more ${n === 1 ? 'page' : 'pages'} not drawn`,
    legendLabel: 'Legend: the fill shows space and age, the outline what happened in the step',
    legend: {
      young: 'new (age 0)',
      survivor: 'survived a scavenge',
      old: 'old space',
      large: 'large object',
      garbage: 'garbage, not yet freed',
      gap: 'free gap',
      root: 'held (root)',
      allocated: 'just allocated',
      copied: 'copied',
      promoted: 'promoted',
      moved: 'moved by compaction',
      stale: 'left in to-space',
    },
    frameLabel(f) {
      const c = f.counters;
      return (
        `Step ${f.index}: ${f.step}. New space: ${c.newSpace.objects} objects, ` +
        `${formatBytes(c.newSpace.usedBytes)} of ${formatBytes(c.newSpace.capacity)}. Old space: ` +
        `${c.oldSpace.pages} pages, ${c.oldSpace.objects} objects, ${formatBytes(c.oldSpace.usedBytes)} used, ` +
        `${formatBytes(c.oldSpace.gapBytes)} in gaps. Large-object space: ${c.largeObjectSpace.objects} objects, ` +
        `${formatBytes(c.largeObjectSpace.usedBytes)}.`
      );
    },
    counters: 'Counters at each drawn step',
    zeroColumns: (names) => `0 at every drawn step, so not given a column: ${names.join(', ')}.`,
    columns: {
      index: '#',
      step: 'step',
      scavenges: 'scavenges',
      copied: 'copied',
      promoted: 'promoted',
      markSweeps: 'mark-sweeps',
      compactions: 'mark-compacts',
      moved: 'moved',
      pagesFreed: 'pages freed',
      newSpace: 'new space',
      oldSpace: 'old space',
      gaps: 'gaps',
      large: 'large objects',
    },
  },
  pymalloc: {
    modelBanner: (version) => `A model of CPython's small-object allocator (${version}), not this engine`,
    measuredBanner: (platform) => `pymalloc measured with sys._debugmallocstats() on ${platform}`,
    summary: (s, drawn, total) =>
      `Requests up to ${s.threshold} in size classes ${s.alignment} apart, pools of ${s.pool}, arenas of ${s.arena}. ` +
      `${total} ${total === 1 ? 'step' : 'steps'} recorded, ${drawn} drawn.`,
    stepTitle: (index, step) => `Step ${index}: ${step}`,
    notDrawn: (steps, first, last) => `… ${steps} ${steps === 1 ? 'step' : 'steps'} not drawn (#${first}–#${last}) …`,
    counterLine(f) {
      const c = f.counters;
      const arenas = `${n0(c.arenas)} ${c.arenas === 1 ? 'arena' : 'arenas'} (${formatBytes(c.arenaBytes ?? 0)})`;
      if (f.kind === 'measured') {
        return `${n0(c.blocksInUse)} blocks in use, ${n0(c.availableBlocks)} available, ${n0(c.pools)} pools in use, ${arenas}; sys.getallocatedblocks() ${n0(c.allocatedBlocks)}`;
      }
      return `${n0(c.blocksInUse)} blocks in use, ${n0(c.freeBlocks)} freed, ${n0(c.untouchedBlocks)} never used; ${arenas}, ${n0(c.arenasReleased)} released to the OS`;
    },
    classLine: (c) => `${n0(c.used)} in use · ${n0(c.free)} available · ${n0(c.pools)} ${c.pools === 1 ? 'pool' : 'pools'}`,
    arena: (id) => `arena ${id}`,
    poolsInUse: (inUse, all) => `${inUse} of ${all} pools in use`,
    emptyPools: (n) => `${n} empty`,
    released: 'released to the OS: all its pools were empty',
    releasedShort: 'released',
    noArenas: 'no arenas yet',
    moreArenas: (n) => `+${n} more ${n === 1 ? 'arena' : 'arenas'} not drawn`,
    legendLabel: 'Legend: each column is one pool, filled from the bottom; the number under it is its block size',
    legend: {
      used: 'blocks in use',
      free: 'freed (on the free list)',
      untouched: 'never used',
      empty: 'empty pool',
      never: 'pool not carved yet',
      released: 'arena released',
      available: 'available (freed or never used)',
    },
    frameLabel(f) {
      return `Step ${f.index}: ${f.step}. ${render.pymalloc.counterLine(f)}.`;
    },
    tables: 'Counters at each drawn step, and the size classes',
    counters: 'Counters at each drawn step',
    columns: {
      index: '#',
      step: 'step',
      allocatedBlocks: 'allocated blocks',
      blocksInUse: 'pymalloc blocks in use',
      freeBlocks: 'freed',
      untouchedBlocks: 'never used',
      availableBlocks: 'available',
      poolsUsed: 'pools partly used',
      poolsFull: 'pools full',
      pools: 'pools in use',
      poolsEmpty: 'empty pools',
      arenas: 'arenas',
      arenasReleased: 'arenas released',
      arenaBytes: 'arena memory',
    },
    classesCaption: (index, step) => `Size classes in use at step ${index} (${step})`,
    classColumns: { size: 'block size', pools: 'pools', used: 'blocks in use', free: 'available' },
  },
  broadcast: {
    summary(d) {
      const shapes = d.operands.map((o) => shapeText(o.shape)).join(' and ');
      if (d.shape) return `${shapes} broadcast to ${shapeText(d.shape)}: aligned on their last axes, size-1 and missing axes stretch.`;
      const sizes = d.operands.flatMap((o) => o.cells.filter((c) => c.axis === d.conflict && c.size !== null).map((c) => c.size));
      return `${shapes} cannot be broadcast: on axis ${d.conflict} the sizes are ${sizes.join(' and ')}, and only a size of 1 can stretch.`;
    },
    pictureLabel: (d) =>
      `Shapes ${d.operands.map((o) => shapeText(o.shape)).join(', ')} aligned on their last axes` +
      (d.shape ? `, broadcast to ${shapeText(d.shape)}` : `; axis ${d.conflict} conflicts`),
    axis: (n) => `axis ${n}`,
    result: 'result',
    stretched: (from, to) => `${from === null ? '—' : from} → ${to}`,
    stride: (bytes) => `stride ${bytes}`,
    conflict: 'conflict',
    legend: 'Dashed orange: stretched without copying (stride 0). —: the axis is missing and counts as 1. Red: sizes that disagree.',
    tableSummary: 'Shapes and strides as a table',
    columns: {
      operand: 'operand',
      shape: 'shape',
      strides: 'own strides',
      stretchedStrides: 'strides when stretched',
      nbytes: 'bytes held',
    },
    held(d) {
      const held = d.operands.reduce((sum, o) => sum + (o.nbytes ?? 0), 0);
      if (d.resultNbytes === null || d.operands.some((o) => o.nbytes === null)) return null;
      return `The operands hold ${formatBytes(held)} in all; an array of the result's shape would hold ${formatBytes(d.resultNbytes)}. The stretched views add nothing.`;
    },
  },
};

/** The metrics line: the figures a run measured, what each means, and where it was measured. */
const metrics: MetricsText = {
  net: (bytes) => `${bytes} net`,
  peak: (bytes) => `peak ${bytes}`,
  gc: (passes, collected) => {
    const text = `${passes} GC ${passes === 1 ? 'pass' : 'passes'}`;
    return passes > 0 ? `${text} (${collected} collected)` : text;
  },
  heapNet: (bytes) => `heap ${bytes}`,
  heapUsed: (bytes) => `heap ${bytes} used`,
  wasm: (bytes) => `wasm ${bytes}`,
  meaning: {
    net: 'traced Python allocations still held after the cell, minus those held before',
    peak: 'highest traced allocation during the cell, above the level at its start',
    gc: 'cyclic garbage collector passes during the cell, and the objects they freed',
    time: 'wall time of the cell',
    wasm: 'size of the WebAssembly linear memory afterwards (it never shrinks)',
    heapNet: (source) => `JavaScript heap in use after the cell minus before it${source}`,
    heapUsed: (source) => `JavaScript heap in use after the cell${source}`,
  },
  heapSource: (source) => source,
  measuredAtBuild: (engine) => `measured at build, ${engine}`,
  measuredNative: (platform) => `measured at build on ${platform}`,
  measuredLive: 'measured live',
  measuredInline: (expr) => `measured at build: ${expr}`,
  noteAfter: (note) => ` (${note})`,
  notes: {
    'tracemalloc-restarted-before': 'tracemalloc was off and has been restarted; earlier objects are untraced',
    'tracemalloc-restarted': 'the cell restarted tracemalloc, so traced bytes were not measured',
    'tracemalloc-stopped': 'the cell stopped tracemalloc, so traced bytes were not measured',
    'gc-callback-removed': 'the cell removed the collector callback, so GC passes were not counted',
  },
  pageHeapSource: "the JavaScript worker's share of performance.measureUserAgentSpecificMemory()",
  heapReason(reason) {
    switch (reason.kind) {
      case 'not-isolated':
        return 'heap not measurable here: the page is not cross-origin isolated';
      case 'no-api':
        return 'heap not measurable in this browser (no measureUserAgentSpecificMemory)';
      case 'late':
        return `heap not measured: the browser did not report within ${reason.seconds} s`;
      case 'no-worker':
        return "heap not measured: the browser's report did not include the JavaScript worker";
      case 'failed':
        return `heap not measured: ${reason.message}`;
    }
  },
};

/** A predict cell's question, answer and verdict. */
const predict: PredictText = {
  label: 'Your prediction of',
  tolerance: (t) =>
    t.kind === 'relative'
      ? `Within ${within(t)} of the measured value counts. Enter runs the cell.`
      : `Within ${within(t)} of the measured value, in its own units, counts. Enter runs the cell.`,
  askBaked: 'Predict the value first, then run the cell: the page compares your prediction with the measurement.',
  answer: 'Answer',
  measured: (value) => `measured: ${value}`,
  verdict: (guess, measured, v, t) =>
    v.within
      ? `✓ You predicted ${guess}; measured ${measured}: within ${within(t)}${v.off === 0 ? ', exactly' : ` (${offBy(v, false)})`}.`
      : `✗ You predicted ${guess}; measured ${measured}: ${offBy(v, false)}, outside ${within(t)}.`,
  noGuess: (measured) => `No prediction typed; measured ${measured}.`,
  notANumber: (typed) => `"${typed}" is not a number: type digits such as 56 (a sign, a decimal point and "," between thousands are fine).`,
  couldNotMeasure: (expr, why) => `Could not measure ${expr} after the run: ${why}`,
};

export const en = { notices, ui, output, render, metrics, predict };

/** The key set every language provides. */
export type Words = typeof en;
