/**
 * `#|` option lines the reader types at the top of a cell in the browser. Only `timeout` takes
 * effect there (the rest are for the book's build); the option lines are blanked, not removed, so
 * the reader's line numbers in tracebacks stay right, and a JavaScript cell never sees them. Pure.
 */
import { CellOptionError, parseCellSource } from './cell-options.ts';

export type ReaderOptions =
  | { ok: true; code: string; timeoutMs?: number }
  | { ok: false; problem: { kind: 'malformed'; line: number; message: string } | { kind: 'build-only'; name: string } };

export function readerOptions(code: string): ReaderOptions {
  if (!code.startsWith('#|')) return { ok: true, code };
  let options;
  try {
    ({ options } = parseCellSource(code));
  } catch (err) {
    if (!(err instanceof CellOptionError)) throw err;
    return { ok: false, problem: { kind: 'malformed', line: err.cellLine, message: err.message } };
  }
  const other = Object.keys(options).find((name) => name !== 'timeout');
  if (other) return { ok: false, problem: { kind: 'build-only', name: other } };
  const lines = code.split('\n');
  const optionLines = lines.findIndex((line) => !line.startsWith('#|'));
  const count = optionLines < 0 ? lines.length : optionLines;
  const blanked = [...Array<string>(count).fill(''), ...lines.slice(count)].join('\n');
  return { ok: true, code: blanked, ...(options.timeout ? { timeoutMs: options.timeout } : {}) };
}
