/**
 * `#|` option lines the reader types at the top of a cell in the browser. Only `timeout` takes
 * effect there (the rest are for the book's build); the option lines are blanked, not removed, so
 * the reader's line numbers in tracebacks stay right, and a JavaScript cell never sees them. Pure.
 */
import { CellOptionError, parseCellSource } from '../shared/cell-options.ts';

/** What is wrong with a typed option line, for the page to word: only `timeout` is the reader's. */
export type ReaderOptionMistake =
  { kind: 'form' } | { kind: 'unknown'; name: string } | { kind: 'twice'; name: string } | { kind: 'timeout'; value: string };

export type ReaderOptions =
  | { ok: true; code: string; timeoutMs?: number }
  | { ok: false; problem: { kind: 'malformed'; line: number; mistake: ReaderOptionMistake } | { kind: 'build-only'; name: string } };

export function readerOptions(code: string): ReaderOptions {
  if (!code.startsWith('#|')) return { ok: true, code };
  let options;
  try {
    ({ options } = parseCellSource(code));
  } catch (err) {
    if (!(err instanceof CellOptionError)) throw err;
    const { mistake } = err;
    // A mistake in an option only the build takes (a bad id, a package): that option is the problem.
    if (mistake.kind === 'conflict') return { ok: false, problem: { kind: 'build-only', name: mistake.names[0] ?? 'check' } };
    if (mistake.kind === 'value' && mistake.name !== 'timeout') return { ok: false, problem: { kind: 'build-only', name: mistake.name } };
    const reader: ReaderOptionMistake = mistake.kind === 'value' ? { kind: 'timeout', value: mistake.value } : mistake;
    return { ok: false, problem: { kind: 'malformed', line: err.cellLine, mistake: reader } };
  }
  const other = Object.keys(options).find((name) => name !== 'timeout');
  if (other) return { ok: false, problem: { kind: 'build-only', name: other } };
  const lines = code.split('\n');
  const optionLines = lines.findIndex((line) => !line.startsWith('#|'));
  const count = optionLines < 0 ? lines.length : optionLines;
  const blanked = [...Array<string>(count).fill(''), ...lines.slice(count)].join('\n');
  return { ok: true, code: blanked, ...(options.timeout ? { timeoutMs: options.timeout } : {}) };
}
