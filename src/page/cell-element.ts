/**
 * <heapbook-cell>: hydrates a cell baked at build. The static, highlighted code and the baked
 * output stay until the reader acts: the editor loads on first interaction (or at once when the
 * reader has saved edits), and a run replaces the baked output with live output. Restored code
 * is shown, never run, until the reader presses Run.
 */
import type { CellLang, CellLines, LateNote, OutputSize, PackageProgress, RunResult, StreamChunk } from '../../engine/protocol.ts';
import { formatSize } from '../../engine/packages.ts';
import { inBatches } from '../../engine/worker/stream-batcher.ts';
import { editStore, type EditStore } from './edit-store.ts';
import { firstPage, nextPage, OutputCap, OUTPUT_PAGE, type OutputPage } from '../shared/output-cap.ts';
import { outputText, uiText, words, type OutputText, type UiText } from '../i18n/index.ts';
import { hasRichData, renderLate, renderMetrics, renderMore, renderResult, renderStream } from '../shared/result-view.ts';
import { gutterRows, lineCount, renderGutter } from '../shared/line-gutter.ts';
import { h, type ViewNode } from '../shared/view-node.ts';
import type { CellEditor } from './editor.ts';
import { readerOptions } from './reader-options.ts';
import { engine, jsEngineIsolated } from './engine-client.ts';
import { notebook, type CellRequest, type NotebookCell } from './notebook.ts';
import { cellLanguage } from './page-languages.ts';
import { addReadingControls, announce } from './cell-reading.ts';
import { PredictCell } from './predict-cell.ts';
import { toDom } from './view-to-dom.ts';

/** localStorage, or a throwaway store where the browser forbids it (sandboxed frames, policies). */
function pageStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    return window.localStorage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
      removeItem: (key) => void memory.delete(key),
    };
  }
}

/**
 * The Python cell whose run the engine finished last. Its gutter can be read when the reader opens
 * it, from the state the cell left; any other cell's state is gone.
 */
let lastPythonRun: HeapbookCell | null = null;

/** What the page runs to read a cell's lines: no name is added to the reader's namespace. */
function linesProbe(cellId: string): string {
  return `print(__import__("heapbook._cell_memory", fromlist=["lines_json"]).lines_json(${JSON.stringify(cellId)}))`;
}

/** How long a run may take before the cell shows that it is queued or running. */
const BUSY_DELAY_MS = 100;

/**
 * What the cell's output is, shown beside its buttons and as `data-state`: never run here (the
 * build's output), waiting, running, or how its last run ended; `cancelled` when a run that
 * included it ended before its turn.
 */
type CellState = 'baked' | 'queued' | 'running' | 'stopped' | 'failed' | 'unsolved' | 'done' | 'cancelled' | 'cleared';

const ENDED: Record<RunResult['status'], CellState> = {
  ok: 'done',
  error: 'failed',
  'check-failed': 'unsolved',
  interrupted: 'stopped',
  restarted: 'stopped',
  timeout: 'stopped',
  crashed: 'stopped',
};

function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.textContent = label;
  el.addEventListener('click', onClick);
  return el;
}

export class HeapbookCell extends HTMLElement implements NotebookCell {
  cellId = '';
  language: CellLang = 'python';
  private original = '';
  private text!: UiText;
  private words!: OutputText;
  private store!: EditStore;
  private editor: CellEditor | null = null;
  private editorLoading: Promise<CellEditor> | null = null;
  private output!: HTMLElement;
  /** Counts runs started, so a late drawing never replaces a newer run's output. */
  private runs = 0;
  /** The result on show, with any figures that arrived after the run (the browser's heap). */
  private shown: RunResult | null = null;
  /** A run's "queued"/"running" state, shown only if the run lasts (see `later`). */
  private pendingView: ReturnType<typeof setTimeout> | undefined;
  /** Whether the running cell's old output has been cleared yet. */
  private cleared = true;
  /** What of the running cell's streamed output is shown; a page at most (`output-cap.ts`). */
  private cap = new OutputCap();
  /** The finished run's first page of output, measured once. */
  private firstShown: OutputPage | null = null;
  private runButton!: HTMLButtonElement;
  private stopButton!: HTMLButtonElement;
  private resetButton!: HTMLButtonElement;
  private stateLabel!: HTMLElement;
  private hydrated = false;
  /** While code from a share link goes into the editor: it is not the reader's edit to save. */
  private quiet = false;
  /** Whether the output on show came from a run on this page rather than from the build. */
  private liveOutput = false;
  /** A predict cell's input and verdict (`#| predict:`). */
  private prediction: PredictCell | null = null;
  /** Whether the reader has the memory gutter open (it stays open across runs). */
  private linesOpen = false;
  /** The run whose lines were read (or are being read). */
  private linesRead = -1;
  /** The code of the last live run, whose lines the gutter shows. */
  private ranCode = '';
  /** The summary of the gutter's disclosure while its figures are read or cannot be. */
  private linesSummary: string | undefined;
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
    this.store = editStore(pageStorage(), location.pathname);
    notebook().register(this);
    if (this.hidden) return;

    this.runButton = button(this.text.run, 'hb-run', () => {
      // Not `disabled` while running: a disabled button drops the keyboard focus to the page.
      if (this.dataset['state'] !== 'running') void this.run();
    });
    this.stopButton = button(this.text.stop, 'hb-stop', () => notebook().interrupt());
    this.resetButton = button(this.text.reset, 'hb-reset', () => this.reset());
    this.stopButton.hidden = true;
    this.stateLabel = document.createElement('span');
    this.stateLabel.className = 'hb-cell-state';
    const toolbar = document.createElement('div');
    toolbar.className = 'hb-toolbar';
    toolbar.append(this.runButton, this.stopButton, this.resetButton, this.stateLabel);
    this.prepend(toolbar);
    this.output =
      this.querySelector<HTMLElement>(':scope > .hb-output') ??
      this.appendChild(toDom(h('div', { class: 'hb-output' })) as HTMLElement);
    this.showState('baked', this.text.cellStates.baked);
    addReadingControls({
      cell: this,
      cellId: this.cellId,
      text: this.text,
      toolbar,
      code: () => this.currentCode(),
      showShared: (code) => this.showShared(code),
      clearOutput: () => this.clear(),
      run: () => void this.run(),
    });
    if (this.dataset['predict']) this.prediction = new PredictCell(this, this);
    this.watchLinesToggle();

    const saved = this.store.load(this.cellId);
    this.resetButton.hidden = saved === null;
    if (saved !== null) void this.loadEditor(saved);
    const code = this.querySelector<HTMLElement>(':scope > .hb-code-row > .expressive-code, :scope > .expressive-code');
    code?.addEventListener('pointerdown', () => void this.loadEditor(this.original, true), { once: true });
  }

  /** Code from a share link: shown in the editor, not run and not saved as the reader's edit. */
  private showShared(code: string): void {
    this.resetButton.hidden = false;
    void this.loadEditor(code).then((editor) => {
      if (editor.code() === code) return;
      this.quiet = true;
      editor.setCode(code);
      this.quiet = false;
    });
  }

  /** Clears the output on show (not while the cell runs or waits); a late drawing of an old run is dropped. */
  clear(): void {
    if (this.hidden || this.dataset['state'] === 'running' || this.dataset['state'] === 'queued') return;
    this.runs++;
    this.shown = null;
    this.keepingFocus(() => {
      const empty = toDom(h('div', { class: 'hb-output' })) as HTMLElement;
      this.output.replaceWith(empty);
      this.output = empty;
      this.showState('cleared', this.text.cellStates.cleared);
    });
  }

  /** The code the reader will run: the editor's, else the saved edit, else the original. */
  private currentCode(): string {
    return this.editor?.code() ?? this.store.load(this.cellId) ?? this.original;
  }

  private loadEditor(code: string, focus = false): Promise<CellEditor> {
    this.editorLoading ??= import('./editor.ts').then(({ createEditor }) => {
      const host = document.createElement('div');
      host.className = 'hb-editor';
      const staticCode = this.querySelector<HTMLElement>(':scope > .hb-code-row > .expressive-code, :scope > .expressive-code');
      if (staticCode) {
        staticCode.hidden = true;
        staticCode.after(host);
      } else this.output.before(host);
      const editor = createEditor(host, code, {
        label: `${this.text.run}: ${this.cellId}`,
        lang: this.language,
        onChange: (next) => {
          if (this.quiet) return;
          this.store.save(this.cellId, next, this.original);
          this.resetButton.hidden = next === this.original;
        },
      });
      this.editor = editor;
      this.showLinesInEditor();
      return editor;
    });
    if (focus) void this.editorLoading.then((editor) => editor.focus());
    return this.editorLoading;
  }

  private reset(): void {
    this.store.save(this.cellId, this.original, this.original);
    this.editor?.setCode(this.original);
    this.resetButton.hidden = true;
  }

  run(): Promise<void> {
    return notebook().run(this);
  }

  request(): CellRequest {
    const exercise = this.dataset['exercise'];
    // A time limit the reader typed (`#| timeout: 500`) wins over the writer's.
    const typed = readerOptions(this.hidden ? this.original : this.currentCode());
    if (!typed.ok) {
      const { problem } = typed;
      const message =
        problem.kind === 'malformed' ? this.text.optionLine(problem.line, this.text.optionMistake(problem.mistake)) : this.text.optionOnlyTimeout(problem.name);
      return { refused: { type: 'CellOptionError', message, traceback: [] } };
    }
    const timeout = typed.timeoutMs ?? Number(this.dataset['timeout']);
    const packages = this.dataset['packages']?.split(',').filter(Boolean);
    return {
      cellId: this.cellId,
      lang: this.language,
      code: typed.code,
      ...(this.dataset['leftBehind'] !== undefined ? { leftBehind: true } : {}),
      ...(packages?.length ? { packages } : {}),
      ...(exercise ? { check: exercise } : {}),
      ...(timeout > 0 ? { timeoutMs: timeout } : {}),
    };
  }

  /** Shows the cell's state beside its buttons; unchanged text is left alone (a DOM write can cost a frame). */
  private showState(state: CellState, label: string): void {
    if (this.dataset['state'] !== state) this.dataset['state'] = state;
    if (this.stateLabel.textContent !== label) this.stateLabel.textContent = label;
  }

  /**
   * Runs a change that may remove or hide the focused element (the Stop button, a button in the
   * output): if the focus was in this cell, it stays in it, on Run, instead of falling to the page.
   */
  private keepingFocus(change: () => void): void {
    const had = this.contains(document.activeElement) && document.activeElement !== this;
    change();
    if (had && !this.contains(document.activeElement)) this.runButton.focus();
  }

  queued(before: readonly string[] = []): void {
    if (this.hidden) return;
    if (before.length) {
      // Earlier cells run first: say so now, before anything starts.
      clearTimeout(this.pendingView);
      this.showState('queued', this.text.queuedAfter(before));
      return;
    }
    if (this.dataset['state'] === 'queued') return;
    this.later(() => this.showState('queued', this.text.queued));
  }

  begin(): void {
    if (this.hidden) return;
    this.runs++;
    this.cleared = false;
    this.cap = new OutputCap();
    this.later(() =>
      this.keepingFocus(() => {
        this.showState('running', this.text.running);
        this.runButton.setAttribute('aria-disabled', 'true');
        this.stopButton.hidden = false;
        this.clearOutput();
      }),
    );
  }

  /** The line that says which package is loading before the cell runs (name, version, size). */
  packageProgress(p: PackageProgress): void {
    if (this.hidden) return;
    clearTimeout(this.pendingView);
    this.dataset['state'] = 'running';
    this.runButton.disabled = true;
    this.stopButton.hidden = false;
    this.clearOutput();
    this.stateLabel.textContent =
      p.stage === 'done' ? this.text.running : this.text.loadingPackage(`${p.name} ${p.version}`, formatSize(p.size));
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
    this.keepingFocus(() => this.output.replaceChildren());
    this.output.dataset['status'] = 'running';
    delete this.output.dataset['stale'];
  }

  /** Shows streamed output up to a page; past it, only how much is hidden so far. */
  stream(chunks: StreamChunk[], notKept: OutputSize | null): void {
    if (this.hidden) return;
    this.clearOutput();
    this.appendPieces(this.cap.push(chunks));
    const hidden = this.cap.hidden();
    if (hidden || notKept) this.replaceMore(renderMore(hidden, notKept, this.words, false));
  }

  /** Adds output text after what is shown, before the line that says what is hidden. */
  private appendPieces(pieces: StreamChunk[]): void {
    const more = this.output.querySelector(':scope > .hb-more');
    for (const piece of pieces) {
      const last = more ? more.previousElementSibling : this.output.lastElementChild;
      if (last?.classList.contains(`hb-${piece.stream}`)) last.append(piece.text);
      else if (more) more.before(toDom(renderStream(piece)));
      else this.output.append(toDom(renderStream(piece)));
    }
  }

  private replaceMore(view: ReturnType<typeof renderMore>): HTMLElement | null {
    const old = this.output.querySelector(':scope > .hb-more');
    if (!view) {
      old?.remove();
      return null;
    }
    const next = toDom(view) as HTMLElement;
    if (old) old.replaceWith(next);
    else this.output.append(next);
    return next;
  }

  /** Show more (a page at a time) and a download of the whole kept output, under a capped output. */
  private addOutputControls(result: RunResult, first: OutputPage): void {
    const more = this.output.querySelector<HTMLElement>(':scope > .hb-more');
    if (!more) return;
    const controls = document.createElement('div');
    controls.className = 'hb-more-controls';
    let page = first;
    const showMore = button(this.words.showMore, 'hb-show-more', () => {
      page = nextPage(result.stream, page);
      this.appendPieces(page.pieces);
      showMore.hidden = !page.hidden;
      this.replaceMore(renderMore(page.hidden, result.notKept ?? null, this.words, false))?.append(controls);
    });
    const download = button(this.words.download(first.total.bytes), 'hb-download', () => {
      download.disabled = true;
      void downloadText(result.stream, `${this.cellId || 'cell'}-output.txt`).finally(() => (download.disabled = false));
    });
    showMore.hidden = !first.hidden;
    controls.append(showMore, download);
    more.append(controls);
  }

  finish(result: RunResult): void {
    if (this.hidden) return;
    clearTimeout(this.pendingView);
    const state = ENDED[result.status];
    this.firstShown = firstPage(result.stream, OUTPUT_PAGE, result.streamSize);
    this.keepingFocus(() => {
      const label = this.text.cellStates[state as keyof UiText['cellStates']];
      this.showState(state, label);
      announce(this.text.announceFinished(this.cellId, label));
      this.runButton.removeAttribute('aria-disabled');
      this.stopButton.hidden = true;
      this.showResult(result);
    });
    this.liveOutput = true;
    this.shown = result;
    this.leftBehindView = undefined;
    this.ranCode = this.currentCode();
    // The engine keeps one namespace per page: the gutter can read lines only for the cell that ran last.
    // oxlint-disable-next-line typescript/no-this-alias -- a module-level record of that cell, not an alias
    if (this.language === 'python') lastPythonRun = this;
    // Sent before the notebook sends the next cell, so the lines are read from the state this cell left.
    if (this.linesOpen) this.readLines();
    this.prediction?.finished(result);
    if (this.language === 'javascript' && result.metrics) void this.addBrowserHeap(result);
    const rich = result.value && hasRichData(result.value) ? result.value : null;
    if (rich || result.leftBehind) {
      // Tables and pictures need the renderers (and maybe Graphviz): show the text at once, then
      // swap in the drawing, unless the reader has started another run meanwhile.
      const run = this.runs;
      const left = result.leftBehind;
      void import('./page-render-tools.ts')
        .then(({ drawValueOnPage }) => Promise.all([rich ? drawValueOnPage(rich) : undefined, left ? drawValueOnPage(left) : undefined]))
        .then(([value, leftBehind]) => {
          if (this.runs !== run || !this.shown) return;
          this.leftBehindView = leftBehind;
          // From `shown`: the browser's heap figure may have arrived meanwhile.
          this.showResult(this.shown, value);
        })
        .catch((err: unknown) => console.error('heapbook: could not draw the value', err));
    }
  }

  /** Follows the gutter's disclosure, baked or live: opening it shows (or reads) the lines. */
  private watchLinesToggle(): void {
    if (this.language !== 'python') return;
    this.addEventListener(
      'toggle',
      (event) => {
        const target = event.target as HTMLElement;
        if (!(target instanceof HTMLDetailsElement) || !target.classList.contains('hb-lines')) return;
        this.linesOpen = target.open;
        if (!target.open) return this.showLinesInEditor();
        if (!this.liveOutput || !this.shown) return this.showLinesInEditor(); // the build's figures, baked
        if (this.shown.lines) return this.showLines(this.shown.lines);
        if (lastPythonRun === this && this.shown.metrics) return this.readLines();
        this.setLinesSummary(this.words.lines.stale);
      },
      true,
    );
  }

  /** Reads the lines of this cell's last run from the engine (the cell is not run again). */
  private readLines(): void {
    const run = this.runs;
    // A redrawn output's open disclosure fires its own toggle: one reading per run is enough.
    if (this.linesRead === run) return;
    this.linesRead = run;
    this.setLinesSummary(this.words.lines.reading);
    const request = { cellId: `${this.cellId}/lines`, lang: 'python' as const, code: linesProbe(this.cellId) };
    void engine('python')
      .run(request, { timeoutMs: 30_000 })
      .then((probe) => {
        if (this.runs !== run || !this.shown) return;
        const text = probe.stream.map((c) => c.text).join('').trim();
        if (probe.status !== 'ok' || !text.startsWith('{')) {
          const why = probe.error ? `${probe.error.type}: ${probe.error.message}` : (probe.notice ?? probe.status);
          return this.setLinesSummary(this.words.lines.failed(why));
        }
        const lines = JSON.parse(text) as CellLines;
        this.shown = { ...this.shown, lines };
        this.linesSummary = undefined;
        this.showLines(lines);
      })
      .catch((err: unknown) => this.setLinesSummary(this.words.lines.failed(String(err))));
  }

  /** Puts the lines of the result on show beside the code (static gutter and editor alike). */
  private showLines(lines: CellLines): void {
    this.linesSummary = undefined;
    // Only the summary changes in the output: the disclosure, which may have the focus, stays.
    const summary = this.output.querySelector(':scope > .hb-lines > summary');
    if (summary) summary.textContent = this.words.lines.summary(lines.total, this.shown?.metrics?.tracedNetBytes ?? null);
    const row = this.querySelector<HTMLElement>(':scope > .hb-code-row');
    if (row) {
      const gutter = toDom(renderGutter(lines, this.ranCode, this.words)) as HTMLElement;
      const old = row.querySelector(':scope > .hb-gutter');
      if (old) old.replaceWith(gutter);
      else row.append(gutter);
    }
    this.showLinesInEditor();
  }

  /** The editor's gutter follows the disclosure: the shown result's lines while open, none while closed. */
  private showLinesInEditor(): void {
    if (!this.editor) return;
    const lines = this.linesOpen ? (this.liveOutput ? this.shown?.lines : this.bakedLines()) : null;
    const code = this.liveOutput ? this.ranCode : this.original;
    this.editor.setLines(lines ? gutterRows(lines, lineCount(code)) : null, (row) => this.words.lines.rowTitle(row.line, row.bytes));
  }

  /** The build's lines, read back from the baked gutter. */
  private bakedLines(): CellLines | null {
    const spans = [...this.querySelectorAll<HTMLElement>(':scope > .hb-code-row > .hb-gutter > .hb-gl')];
    if (!spans.length) return null;
    const lines: CellLines['lines'] = spans
      .map((el): [number, number, number] => [Number(el.dataset['line']), Number(el.dataset['bytes']), 0])
      .filter(([, bytes]) => bytes > 0);
    return { lines, total: lines.reduce((sum, [, bytes]) => sum + bytes, 0) };
  }

  private setLinesSummary(text: string): void {
    this.linesSummary = text;
    const summary = this.output.querySelector(':scope > .hb-lines > summary');
    if (summary) summary.textContent = text;
  }


  /**
   * A JavaScript cell's heap figure comes from the page, after the run, and the browser takes its
   * time: the metrics line says it is waiting, then shows the figure or why there is none.
   */
  private async addBrowserHeap(result: RunResult): Promise<void> {
    const run = this.runs;
    const metrics = result.metrics;
    if (!metrics) return;
    const show = (extra: Partial<typeof metrics>, note: string | null) => {
      if (this.runs !== run) return;
      const updated = { ...metrics, ...extra, notes: note ? [...metrics.notes, note] : metrics.notes };
      this.shown = { ...result, metrics: updated };
      const line = renderMetrics(this.shown, { kind: 'live' }, document.documentElement.lang);
      const old = this.output.querySelector(':scope > .hb-metrics');
      if (line && old) old.replaceWith(toDom(line));
    };
    if (jsEngineIsolated()) return show({}, this.text.heapOwnProcess);
    show({}, this.text.heapPending);
    const { measureJsWorkerHeap } = await import('./browser-heap.ts');
    const heap = await measureJsWorkerHeap();
    const metricsText = words(document.documentElement.lang).metrics;
    if ('bytes' in heap) show({ heapUsedBytes: heap.bytes, heapSource: metricsText.pageHeapSource }, null);
    else show({}, metricsText.heapReason(heap.reason));
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
        ...(this.language === 'python' ? { lines: { open: this.linesOpen, ...(this.linesSummary !== undefined ? { summary: this.linesSummary } : {}) } } : {}),
      },
    );
    if (this.dataset['exercise']) {
      const solved = result.status === 'ok';
      view.children.push(h('p', { class: solved ? 'hb-solved' : 'hb-not-yet' }, solved ? this.text.solved : this.text.notYet));
    }
    const next = toDom(view) as HTMLElement;
    this.output.replaceWith(next);
    this.output = next;
    this.addOutputControls(result, page);
  }

  /** A late error of this cell's code (a timer, a promise): shown under its result, and kept with it. */
  late(note: LateNote): void {
    if (this.hidden || !this.shown) return;
    this.shown = { ...this.shown, late: [...(this.shown.late ?? []), note] };
    const view = toDom(renderLate(note, document.documentElement.lang));
    const after = this.output.querySelector(':scope > .hb-notice, :scope > .hb-metrics, :scope > .hb-solved, :scope > .hb-not-yet');
    if (after) after.before(view);
    else this.output.append(view);
  }


  /** An earlier cell of the run was stopped, so this one did not run: the output on show is old, and says so. */
  cancel(stopped: string): void {
    if (this.hidden) return;
    clearTimeout(this.pendingView);
    this.showState('cancelled', this.text.cancelled(stopped, this.liveOutput));
    this.output.dataset['stale'] = 'true';
  }
}

/**
 * Saves output as a text file through a Blob URL: the reader's browser writes it, nothing is sent
 * anywhere. Encoding 64 MiB of text into a Blob takes half a second in Chromium, so it is encoded a
 * MiB at a time, yielding in between, and the page stays responsive.
 */
async function downloadText(chunks: readonly StreamChunk[], name: string): Promise<void> {
  const parts: Blob[] = [];
  for (const batch of inBatches(chunks, BLOB_UNITS)) {
    parts.push(new Blob(batch.map((c) => c.text)));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started from the URL by then; a minute leaves room for a slow disk.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const BLOB_UNITS = 1024 * 1024;

/** Registers `<heapbook-cell>`: every cell of the page upgrades at once. */
export function defineCellElement(): void {
  if (!customElements.get('heapbook-cell')) customElements.define('heapbook-cell', HeapbookCell);
}
