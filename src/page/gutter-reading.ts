/**
 * The memory gutter's figures read back, pure: from a probe the page runs in the engine after the
 * cell (the engine keeps the state the cell left until another cell runs), or from the gutter the build baked.
 */
import type { CellLines, RunResult } from '../../engine/protocol.ts';

/** What the page runs to read a cell's lines: no name is added to the reader's namespace. */
export function linesProbe(cellId: string): string {
  return `print(__import__("heapbook._cell_memory", fromlist=["lines_json"]).lines_json(${JSON.stringify(cellId)}))`;
}

/** The lines the probe printed, or why there are none (for `lines.failed`). */
export function probedLines(probe: RunResult): { lines: CellLines } | { failed: string } {
  const text = probe.stream
    .map((c) => c.text)
    .join('')
    .trim();
  if (probe.status !== 'ok' || !text.startsWith('{')) {
    return { failed: probe.error ? `${probe.error.type}: ${probe.error.message}` : (probe.notice ?? probe.status) };
  }
  return { lines: JSON.parse(text) as CellLines };
}

/** The build's lines from the baked gutter's rows (`data-line`, `data-bytes`); null when there are none. */
export function bakedLines(rows: ReadonlyArray<{ line?: string | undefined; bytes?: string | undefined }>): CellLines | null {
  if (!rows.length) return null;
  const lines: CellLines['lines'] = rows
    .map((row): [number, number, number] => [Number(row.line), Number(row.bytes), 0])
    .filter(([, bytes]) => bytes > 0);
  return { lines, total: lines.reduce((sum, [, bytes]) => sum + bytes, 0) };
}
