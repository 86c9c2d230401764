/**
 * <heapbook-cell>: hydrates a cell baked at build. The static, highlighted code and the baked
 * output stay until the reader acts: the editor loads on first interaction (or at once when the
 * reader has saved edits), and a run replaces the baked output with live output. Restored code
 * is shown, never run, until the reader presses Run.
 *
 * The element wires its parts together and follows the notebook's runs; each part does one job:
 * the toolbar (`cell-toolbar.ts`), the code and its editor (`cell-code.ts`), the output box
 * (`cell-output.ts`) and its paging (`output-paging.ts`), the memory gutter (`memory-lines.ts`),
 * the drawing of values (`value-drawing.ts`), the browser's heap figure (`browser-heap-figure.ts`),
 * an exercise's verdict (`exercise-verdict.ts`), the share link and keyboard (`cell-reading.ts`) and
 * a predict cell's input (`predict-cell.ts`). Each builds its DOM from view nodes (`cell-dom.ts`).
 */
import type { CellLang, LateNote, OutputSize, PackageProgress, RunResult, StreamChunk } from '../../engine/protocol.ts';
import { formatSize } from '../../engine/packages.ts';
import { firstPage, OUTPUT_PAGE, type OutputPage } from '../shared/output-cap.ts';
import { outputText, uiText, type OutputText, type UiText } from '../i18n/index.ts';
import { renderLate, renderMetrics, renderResult } from '../shared/result-view.ts';
import type { ViewNode } from '../shared/view-node.ts';
import { browserHeap } from './browser-heap-figure.ts';
import { CellCode } from './cell-code.ts';
import { CellOutput } from './cell-output.ts';
import { addReadingControls, announce } from './cell-reading.ts';
import { cellRequest } from './cell-request.ts';
import { endedState } from './cell-state.ts';
import { CellToolbar } from './cell-toolbar.ts';
import { jsEngineIsolated } from './engine-client.ts';
import { exerciseVerdict } from './exercise-verdict.ts';
import { MemoryLines } from './memory-lines.ts';
import { notebook, type CellRequest, type NotebookCell } from './notebook.ts';
import { addPagingControls, StreamedOutput } from './output-paging.ts';
import { cellLanguage } from './page-languages.ts';
import { PredictCell } from './predict-cell.ts';
import { drawResult } from './value-drawing.ts';

/** How long a run may take before the cell shows that it is queued or running. */
const BUSY_DELAY_MS = 100;

export class HeapbookCell extends HTMLElement implements NotebookCell {
  cellId = '';
  language: CellLang = 'python';
  private original = '';
  private text!: UiText;
  private words!: OutputText;
  private code!: CellCode;
  private toolbar!: CellToolbar;
  private output!: CellOutput;
  private lines!: MemoryLines;
  /** Counts runs started, so a late drawing never replaces a newer run's output. */
  private runs = 0;
  /** The result on show, with any figures that arrived after the run (the browser's heap). */
  private shown: RunResult | null = null;
  /** A run's "queued"/"running" state, shown only if the run lasts (see `later`). */
  private pendingView: ReturnType<typeof setTimeout> | undefined;
  /** Whether the running cell's old output has been cleared yet. */
  private cleared = true;
  /** What of the running cell's streamed output is shown; a page at most. */
  private streamed: StreamedOutput | null = null;
  /** The finished run's first page of output, measured once. */
  private firstShown: OutputPage | null = null;
  private hydrated = false;
  /** Whether the output on show came from a run on this page rather than from the build. */
  private liveOutput = false;
  /** A predict cell's input and verdict (`#| predict:`). */
  private prediction: PredictCell | null = null;
  /** The "Left behind" reading of the result on show, drawn. */
  private leftBehindView: ViewNode | undefined;

  connectedCallback(): void {
    if (this.hydrated) return;
    this.hydrated = true;
    this.cellId = this.dataset['cellId'] ?? '';
    this.language = cellLanguage(this);
    this.original = this.dataset['source'] ?? '';
    this.text = uiText(document.documentElement.lang);
    this.words = outputText(document.documentElement.lang);
    this.code = new CellCode({
      cell: this,
      cellId: this.cellId,
      language: this.language,
      original: this.original,
      label: `${this.text.run}: ${this.cellId}`,
      output: () => this.output.element,
      showReset: (shown) => this.toolbar.showReset(shown),
      editorReady: () => this.lines.showInEditor(),
    });
    notebook().register(this);
    if (this.hidden) return;

    this.toolbar = new CellToolbar(this, this.text, {
      run: () => {
        // Not `disabled` while running: a disabled button drops the keyboard focus to the page.
        if (this.dataset['state'] !== 'running') void this.run();
      },
      stop: () => notebook().interrupt(),
      reset: () => this.code.reset(),
    });
    this.output = new CellOutput(this);
    this.lines = new MemoryLines({
      cell: this,
      cellId: this.cellId,
      language: this.language,
      original: this.original,
      words: this.words,
      output: this.output,
      editor: () => this.code.editor,
      shown: () => this.shown,
      live: () => this.liveOutput,
      keepLines: (lines) => {
        if (this.shown) this.shown = { ...this.shown, lines };
      },
      runs: () => this.runs,
    });
    this.toolbar.showState('baked', this.text.cellStates.baked);
    addReadingControls({
      cell: this,
      cellId: this.cellId,
      text: this.text,
      toolbar: this.toolbar.element,
      code: () => this.code.current(),
      showShared: (code) => this.code.showShared(code),
      clearOutput: () => this.clear(),
      run: () => void this.run(),
    });
    if (this.dataset['predict']) this.prediction = new PredictCell(this, this);
    this.lines.watch();
    this.code.hydrate();
  }

  /** Clears the output on show (not while the cell runs or waits); a late drawing of an old run is dropped. */
  clear(): void {
    if (this.hidden || this.dataset['state'] === 'running' || this.dataset['state'] === 'queued') return;
    this.runs++;
    this.shown = null;
    this.toolbar.keepingFocus(() => {
      this.output.empty();
      this.toolbar.showState('cleared', this.text.cellStates.cleared);
    });
  }

  run(): Promise<void> {
    return notebook().run(this);
  }

  request(): CellRequest {
    const data = this.dataset;
    const cell = {
      cellId: this.cellId,
      lang: this.language,
      exercise: data['exercise'],
      timeout: data['timeout'],
      packages: data['packages'],
      leftBehind: data['leftBehind'] !== undefined,
    };
    return cellRequest(cell, this.hidden ? this.original : this.code.current(), this.text);
  }

  queued(before: readonly string[] = []): void {
    if (this.hidden) return;
    if (before.length) {
      // Earlier cells run first: say so now, before anything starts.
      clearTimeout(this.pendingView);
      this.toolbar.showState('queued', this.text.queuedAfter(before));
      return;
    }
    if (this.dataset['state'] === 'queued') return;
    this.later(() => this.toolbar.showState('queued', this.text.queued));
  }

  begin(): void {
    if (this.hidden) return;
    this.runs++;
    this.cleared = false;
    this.streamed = new StreamedOutput(this.words);
    this.later(() =>
      this.toolbar.keepingFocus(() => {
        this.toolbar.showState('running', this.text.running);
        this.toolbar.busy();
        this.clearOutput();
      }),
    );
  }

  /** The line that says which package is loading before the cell runs (name, version, size). */
  packageProgress(p: PackageProgress): void {
    if (this.hidden) return;
    clearTimeout(this.pendingView);
    this.toolbar.loadingPackage();
    this.clearOutput();
    this.toolbar.showState(
      'running',
      p.stage === 'done' ? this.text.running : this.text.loadingPackage(`${p.name} ${p.version}`, formatSize(p.size)),
    );
  }

  /**
   * Shows a starting run's state only if it lasts: a quick cell's output then replaces the old one
   * in a single change, with no frame rendered in between (on a long page that frame costs more
   * than the run).
   */
  private later(show: () => void): void {
    clearTimeout(this.pendingView);
    this.pendingView = setTimeout(show, BUSY_DELAY_MS);
  }

  private clearOutput(): void {
    if (this.cleared) return;
    this.cleared = true;
    this.toolbar.keepingFocus(() => this.output.startRun());
  }

  /** Shows streamed output up to a page; past it, only how much is hidden so far. */
  stream(chunks: StreamChunk[], notKept: OutputSize | null): void {
    if (this.hidden) return;
    this.clearOutput();
    this.streamed ??= new StreamedOutput(this.words);
    this.streamed.push(this.output.element, chunks, notKept);
  }

  finish(result: RunResult): void {
    if (this.hidden) return;
    clearTimeout(this.pendingView);
    const state = endedState(result.status);
    this.firstShown = firstPage(result.stream, OUTPUT_PAGE, result.streamSize);
    this.toolbar.keepingFocus(() => {
      const label = this.text.cellStates[state];
      this.toolbar.showState(state, label);
      announce(this.text.announceFinished(this.cellId, label));
      this.toolbar.idle();
      this.showResult(result);
    });
    this.liveOutput = true;
    this.shown = result;
    this.leftBehindView = undefined;
    // Sent before the notebook sends the next cell, so the lines are read from the state this cell left.
    this.lines.finished(this.code.current());
    this.prediction?.finished(result);
    if (this.language === 'javascript' && result.metrics) this.followBrowserHeap(result);
    // The text is on show; the drawings replace it unless the reader has started another run meanwhile.
    const run = this.runs;
    drawResult(result)
      ?.then(({ value, leftBehind }) => {
        if (this.runs !== run || !this.shown) return;
        this.leftBehindView = leftBehind;
        // From `shown`: the browser's heap figure may have arrived meanwhile.
        this.showResult(this.shown, value);
      })
      .catch((err: unknown) => console.error('heapbook: could not draw the value', err));
  }

  /** The metrics line follows the browser's measuring of the JavaScript worker's heap, for this run only. */
  private followBrowserHeap(result: RunResult): void {
    const run = this.runs;
    const lang = document.documentElement.lang;
    void browserHeap(result, jsEngineIsolated(), lang, this.text, (updated) => {
      if (this.runs !== run) return;
      this.shown = updated;
      this.output.replaceMetrics(renderMetrics(updated, { kind: 'live' }, lang));
    });
  }

  private showResult(result: RunResult, value?: ViewNode): void {
    const page = this.firstShown ?? firstPage(result.stream, OUTPUT_PAGE, result.streamSize);
    const view = renderResult(
      result,
      { kind: 'live' },
      {
        value,
        lang: document.documentElement.lang,
        page,
        leftBehind: this.leftBehindView,
        ...(this.language === 'python' ? { lines: this.lines.disclosure() } : {}),
      },
    );
    if (this.dataset['exercise']) view.children.push(exerciseVerdict(result.status, this.text));
    this.output.replace(view);
    addPagingControls(this.output.element, result, page, this.words, this.cellId);
  }

  /** A late error of this cell's code (a timer, a promise): shown under its result, and kept with it. */
  late(note: LateNote): void {
    if (this.hidden || !this.shown) return;
    this.shown = { ...this.shown, late: [...(this.shown.late ?? []), note] };
    this.output.addLate(renderLate(note, document.documentElement.lang));
  }

  /** An earlier cell of the run was stopped, so this one did not run: the output on show is old, and says so. */
  cancel(stopped: string): void {
    if (this.hidden) return;
    clearTimeout(this.pendingView);
    this.toolbar.showState('cancelled', this.text.cancelled(stopped, this.liveOutput));
    this.output.markStale();
  }
}

/** Registers `<heapbook-cell>`: every cell of the page upgrades at once. */
export function defineCellElement(): void {
  if (!customElements.get('heapbook-cell')) customElements.define('heapbook-cell', HeapbookCell);
}
