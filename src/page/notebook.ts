/**
 * The page as a notebook: its cells in document order, which of them ran in the current engine
 * of their language, and one chain of runs so that two clicks never interleave their plans.
 * Python and JavaScript cells have separate engines and scopes: a cell's plan only includes
 * earlier cells of its own language.
 */
import type {
  CellError,
  CellLang,
  LateNote,
  OutputSize,
  PackageProgress,
  RunResult,
  RunRequest,
  StreamChunk,
} from '../../engine/protocol.ts';
import { runPlan } from './run-plan.ts';
import { engine } from './engine-client.ts';

/** What a cell asks the engine to run, or why it will not run (a mistake in its `#|` options). */
export type CellRequest = (RunRequest & { timeoutMs?: number }) | { refused: CellError };

/** What the notebook needs from a cell on the page. */
export interface NotebookCell {
  readonly cellId: string;
  readonly language: CellLang;
  request(): CellRequest;
  /**
   * The cell waits for its turn. `before` names the earlier cells a run of this cell runs first
   * (they have not run in the current engine): the cell says so at once, before anything starts.
   */
  queued(before?: readonly string[]): void;
  begin(): void;
  stream(chunks: StreamChunk[], notKept: OutputSize | null): void;
  /** A package the cell needs is loading (or done), before the cell runs. */
  packageProgress(p: PackageProgress): void;
  finish(result: RunResult): void;
  /** The cell will not run after all: `stopped` (an earlier cell of the plan) was stopped. */
  cancel(stopped: string): void;
  /** An error the cell's code raised after the cell returned (a JavaScript timer or promise). */
  late?(note: LateNote): void;
  /** Clears the output on show, unless the cell is running or waiting. */
  clear?(): void;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** Outcomes after which a cell counts as run; an interrupted cell did not finish defining its names. */
const COMPLETED = new Set<RunResult['status']>(['ok', 'error', 'check-failed']);
/**
 * Outcomes after which the rest of a plan still runs: an error and an unsolved exercise (a failed
 * check, which only exercises have live) are states the reader expects. A stopped cell, a time
 * limit or a restarted engine end the plan, and every cell left says why it did not run.
 */
const GO_ON = COMPLETED;

class Notebook {
  private readonly cells: NotebookCell[] = [];
  private readonly ran = new Set<string>();
  private readonly watched = new Set<CellLang>();
  private chain: Promise<void> = Promise.resolve();
  private running: NotebookCell | null = null;

  register(cell: NotebookCell): void {
    this.cells.push(cell);
    if (this.watched.has(cell.language)) return;
    this.watched.add(cell.language);
    engine(cell.language).onState((state) => {
      if (state === 'restarting' || state === 'failed') this.forget(cell.language);
    });
    const lang = cell.language;
    engine(lang).onLateError((note) => this.cells.find((c) => c.language === lang && c.cellId === note.cellId)?.late?.(note));
  }

  /** The languages of the page's cells, in order of first appearance. */
  languages(): CellLang[] {
    return [...this.watched];
  }

  /** Runs the cell, after the earlier cells of its language that have not run in its engine yet. */
  run(target: NotebookCell): Promise<void> {
    target.queued();
    this.chain = this.chain.then(() => this.execute(target)).catch((err: unknown) => console.error(err));
    return this.chain;
  }

  /** Runs every cell again from the top, in fresh orders of the current engines. */
  runAll(): Promise<void> {
    this.chain = this.chain.then(() => this.ran.clear());
    for (const lang of this.languages()) {
      const last = this.cells.filter((c) => c.language === lang).at(-1);
      if (last) void this.run(last);
    }
    return this.chain;
  }

  /** Clears every cell's output (cells that run or wait keep theirs). */
  clearAll(): void {
    for (const cell of this.cells) cell.clear?.();
  }

  /** Stops the running cell, in whichever engine it runs. */
  interrupt(): void {
    if (this.running) engine(this.running.language).interrupt();
  }

  async restart(): Promise<void> {
    this.ran.clear();
    await Promise.all(this.languages().map((lang) => engine(lang).restart()));
  }

  private forget(lang: CellLang): void {
    for (const cell of this.cells) if (cell.language === lang) this.ran.delete(cell.cellId);
  }

  private async execute(target: NotebookCell): Promise<void> {
    const own = this.cells.filter((c) => c.language === target.language);
    const byId = new Map(own.map((c) => [c.cellId, c]));
    const plan = runPlan(
      own.map((c) => c.cellId),
      target.cellId,
      this.ran,
    ).map((id) => byId.get(id) as NotebookCell);
    for (const cell of plan) if (cell !== target) cell.queued();
    target.queued(plan.slice(0, -1).map((c) => c.cellId));
    for (const [i, cell] of plan.entries()) {
      cell.begin();
      this.running = cell;
      const asked = cell.request();
      let result: RunResult;
      if ('refused' in asked) {
        result = { cellId: cell.cellId, status: 'error', stream: [], value: null, error: asked.refused, metrics: null, notice: null };
      } else {
        const { timeoutMs = DEFAULT_TIMEOUT_MS, ...request } = asked;
        result = await engine(cell.language).run(request, {
          onStream: (...batch) => cell.stream(...batch),
          onPackage: (p) => cell.packageProgress(p),
          timeoutMs,
        });
      }
      this.running = null;
      cell.finish(result);
      // A cell after which the engine was recycled (memory) ran, but its names are gone with it.
      if (!('refused' in asked) && COMPLETED.has(result.status) && engine(cell.language).state === 'ready') this.ran.add(cell.cellId);
      if (!GO_ON.has(result.status)) {
        for (const rest of plan.slice(i + 1)) rest.cancel(cell.cellId);
        return;
      }
    }
  }
}

let instance: Notebook | null = null;

/** The page's notebook. */
export function notebook(): Notebook {
  instance ??= new Notebook();
  return instance;
}
