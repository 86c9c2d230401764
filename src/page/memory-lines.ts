/**
 * A Python cell's memory by line: the bytes each line still held when the cell ended, beside the
 * code (the static gutter and the editor's) while the reader has the disclosure in the output open.
 * The build bakes the figures; after a live run they are read from the engine when the reader opens
 * the disclosure, which is possible only while the state the cell left is there.
 */
import type { CellLang, CellLines, RunResult } from '../../engine/protocol.ts';
import type { OutputText } from '../i18n/index.ts';
import { gutterRows, lineCount, renderGutter } from '../shared/line-gutter.ts';
import { draw } from './cell-dom.ts';
import type { CellOutput } from './cell-output.ts';
import type { CellEditor } from './editor.ts';
import { engine } from './engine-client.ts';
import { bakedLines, linesProbe, probedLines } from './gutter-reading.ts';

export interface LinesHost {
  readonly cell: HTMLElement;
  readonly cellId: string;
  readonly language: CellLang;
  /** The code as the build baked it. */
  readonly original: string;
  readonly words: OutputText;
  readonly output: CellOutput;
  editor(): CellEditor | null;
  /** The result on show, and whether it came from a run on this page rather than from the build. */
  shown(): RunResult | null;
  live(): boolean;
  /** Keeps the lines read with the result on show. */
  keepLines(lines: CellLines): void;
  /** Counts the runs started, so a late reading never lands on a newer run's output. */
  runs(): number;
}

/**
 * The Python cell whose run the engine finished last. Its gutter can be read when the reader opens
 * it, from the state the cell left; any other cell's state is gone.
 */
let lastPythonRun: MemoryLines | null = null;

export class MemoryLines {
  private readonly host: LinesHost;
  /** Whether the reader has the disclosure open (it stays open across runs). */
  private open = false;
  /** The run whose lines were read (or are being read). */
  private read = -1;
  /** The code of the last live run, whose lines the gutter shows. */
  private ranCode = '';
  /** The disclosure's summary while its figures are read or cannot be. */
  private summary: string | undefined;

  constructor(host: LinesHost) {
    this.host = host;
  }

  /** Follows the disclosure, baked or live: opening it shows (or reads) the lines. Python cells only. */
  watch(): void {
    if (this.host.language !== 'python') return;
    this.host.cell.addEventListener(
      'toggle',
      (event) => {
        const target = event.target as HTMLElement;
        if (!(target instanceof HTMLDetailsElement) || !target.classList.contains('hb-lines')) return;
        this.open = target.open;
        const shown = this.host.shown();
        if (!target.open) return this.showInEditor();
        if (!this.host.live() || !shown) return this.showInEditor(); // the build's figures, baked
        if (shown.lines) return this.show(shown.lines);
        if (lastPythonRun === this && shown.metrics) return this.readFromEngine();
        this.setSummary(this.host.words.lines.stale);
      },
      true,
    );
  }

  /** How the result view draws the disclosure: open or not, and the words while its figures are read or cannot be. */
  disclosure(): { open: boolean; summary?: string } {
    return { open: this.open, ...(this.summary !== undefined ? { summary: this.summary } : {}) };
  }

  /**
   * The cell's run finished with `code`: its lines are read now if the disclosure is open. Called
   * before the notebook sends the next cell, so they are read from the state this cell left.
   */
  finished(code: string): void {
    this.ranCode = code;
    // The engine keeps one namespace per page: the gutter can read lines only for the cell that ran last.
    // oxlint-disable-next-line typescript/no-this-alias -- a module-level record of that cell, not an alias
    if (this.host.language === 'python') lastPythonRun = this;
    if (this.open) this.readFromEngine();
  }

  /** The editor's gutter follows the disclosure: the shown result's lines while open, none while closed. */
  showInEditor(): void {
    const editor = this.host.editor();
    if (!editor) return;
    const live = this.host.live();
    const lines = this.open ? (live ? this.host.shown()?.lines : this.fromBakedGutter()) : null;
    const code = live ? this.ranCode : this.host.original;
    editor.setLines(lines ? gutterRows(lines, lineCount(code)) : null, (row) => this.host.words.lines.rowTitle(row.line, row.bytes));
  }

  /** Reads the lines of this cell's last run from the engine (the cell is not run again). */
  private readFromEngine(): void {
    const run = this.host.runs();
    // A redrawn output's open disclosure fires its own toggle: one reading per run is enough.
    if (this.read === run) return;
    this.read = run;
    this.setSummary(this.host.words.lines.reading);
    const request = { cellId: `${this.host.cellId}/lines`, lang: 'python' as const, code: linesProbe(this.host.cellId) };
    void engine('python')
      .run(request, { timeoutMs: 30_000 })
      .then((probe) => {
        if (this.host.runs() !== run || !this.host.shown()) return;
        const read = probedLines(probe);
        if ('failed' in read) return this.setSummary(this.host.words.lines.failed(read.failed));
        this.host.keepLines(read.lines);
        this.summary = undefined;
        this.show(read.lines);
      })
      .catch((err: unknown) => this.setSummary(this.host.words.lines.failed(String(err))));
  }

  /** Puts the lines of the result on show beside the code (static gutter and editor alike). */
  private show(lines: CellLines): void {
    this.summary = undefined;
    this.host.output.setLinesSummary(this.host.words.lines.summary(lines.total, this.host.shown()?.metrics?.tracedNetBytes ?? null));
    const row = this.host.cell.querySelector<HTMLElement>(':scope > .hb-code-row');
    if (row) {
      const gutter = draw(renderGutter(lines, this.ranCode, this.host.words));
      const old = row.querySelector(':scope > .hb-gutter');
      if (old) old.replaceWith(gutter);
      else row.append(gutter);
    }
    this.showInEditor();
  }

  /** The build's lines, read back from the baked gutter. */
  private fromBakedGutter(): CellLines | null {
    const spans = [...this.host.cell.querySelectorAll<HTMLElement>(':scope > .hb-code-row > .hb-gutter > .hb-gl')];
    return bakedLines(spans.map((el) => ({ line: el.dataset['line'], bytes: el.dataset['bytes'] })));
  }

  private setSummary(text: string): void {
    this.summary = text;
    this.host.output.setLinesSummary(text);
  }
}
