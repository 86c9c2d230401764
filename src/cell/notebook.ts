/**
 * The page as a notebook: its cells in document order, which of them ran in the current engine,
 * and one chain of runs so that two clicks never interleave their plans.
 */
import type { RunRequest, RunResult, StreamChunk } from '../../workers/protocol.ts';
import { runPlan } from '../lib/run-plan.ts';
import { engine } from './engine-client.ts';

/** What the notebook needs from a cell on the page. */
export interface NotebookCell {
  readonly cellId: string;
  request(): RunRequest & { timeoutMs?: number };
  queued(): void;
  begin(): void;
  stream(chunks: StreamChunk[]): void;
  finish(result: RunResult): void;
  /** The cell will not run after all (an earlier cell of its plan stopped). */
  cancel(): void;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** Outcomes after which a cell counts as run; an interrupted cell did not finish defining its names. */
const COMPLETED = new Set<RunResult['status']>(['ok', 'error', 'check-failed']);

class Notebook {
  private readonly cells: NotebookCell[] = [];
  private readonly ran = new Set<string>();
  private chain: Promise<void> = Promise.resolve();

  constructor() {
    engine().onState((state) => {
      if (state === 'restarting' || state === 'failed') this.ran.clear();
    });
  }

  register(cell: NotebookCell): void {
    this.cells.push(cell);
  }

  /** Runs the cell, after the earlier cells that have not run in this engine yet. */
  run(target: NotebookCell): Promise<void> {
    target.queued();
    this.chain = this.chain.then(() => this.execute(target)).catch((err: unknown) => console.error(err));
    return this.chain;
  }

  /** Runs every cell again from the top, in a fresh order of the current engine. */
  runAll(): Promise<void> {
    const last = this.cells.at(-1);
    if (!last) return Promise.resolve();
    this.chain = this.chain.then(() => {
      this.ran.clear();
    });
    return this.run(last);
  }

  interrupt(): void {
    engine().interrupt();
  }

  async restart(): Promise<void> {
    this.ran.clear();
    await engine().restart();
  }

  private async execute(target: NotebookCell): Promise<void> {
    const byId = new Map(this.cells.map((c) => [c.cellId, c]));
    const plan = runPlan(
      this.cells.map((c) => c.cellId),
      target.cellId,
      this.ran,
    ).map((id) => byId.get(id) as NotebookCell);
    for (const cell of plan) cell.queued();
    for (const [i, cell] of plan.entries()) {
      cell.begin();
      const { timeoutMs = DEFAULT_TIMEOUT_MS, ...request } = cell.request();
      const result = await engine().run(request, { onStream: (c) => cell.stream(c), timeoutMs });
      cell.finish(result);
      if (COMPLETED.has(result.status)) this.ran.add(cell.cellId);
      if (result.status !== 'ok' && cell !== target && result.status !== 'error') {
        for (const rest of plan.slice(i + 1)) rest.cancel();
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
