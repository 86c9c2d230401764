/**
 * What a cell asks the engine to run, from its code and the options the build wrote on it
 * (`data-*`), or why it will not run: a mistake in the `#|` options the reader typed. Pure.
 */
import type { CellLang } from '../../engine/protocol.ts';
import type { UiText } from '../i18n/index.ts';
import { readerOptions } from './reader-options.ts';
import type { CellRequest } from './notebook.ts';

/** The cell as the build wrote it: its `data-*` attributes, unparsed. */
export interface CellData {
  readonly cellId: string;
  readonly lang: CellLang;
  /** `data-exercise`: the check that says the exercise is solved. */
  readonly exercise?: string | undefined;
  /** `data-timeout`: the writer's time limit in milliseconds. */
  readonly timeout?: string | undefined;
  /** `data-packages`: comma-separated. */
  readonly packages?: string | undefined;
  /** `data-left-behind` is present. */
  readonly leftBehind: boolean;
}

/** The request for running `code` in the cell; a time limit the reader typed (`#| timeout: 500`) wins over the writer's. */
export function cellRequest(cell: CellData, code: string, text: UiText): CellRequest {
  const typed = readerOptions(code);
  if (!typed.ok) {
    const { problem } = typed;
    const message =
      problem.kind === 'malformed'
        ? text.optionLine(problem.line, text.optionMistake(problem.mistake))
        : text.optionOnlyTimeout(problem.name);
    return { refused: { type: 'CellOptionError', message, traceback: [] } };
  }
  const timeout = typed.timeoutMs ?? Number(cell.timeout);
  const packages = cell.packages?.split(',').filter(Boolean);
  return {
    cellId: cell.cellId,
    lang: cell.lang,
    code: typed.code,
    ...(cell.leftBehind ? { leftBehind: true } : {}),
    ...(packages?.length ? { packages } : {}),
    ...(cell.exercise ? { check: cell.exercise } : {}),
    ...(timeout > 0 ? { timeoutMs: timeout } : {}),
  };
}
