/**
 * Parses the `#|` option lines at the top of a runnable cell. Pure: no file system, no engine.
 *
 *     #| id: cycle
 *     #| check: found >= 2
 *     #| timeout: 5000
 */
import { parsePredict, type Prediction } from './predict.ts';

import { findPackage, normalizeName, type PackageLock } from '../../engine/packages.ts';
import { BOOK_LOCK } from './package-lock.ts';

/** The options a writer can set on a cell. */
export interface CellOptions {
  /** Stable id: keeps the reader's edits and names the cell in tracebacks. */
  id?: string;
  /** Python expression that must be true after the cell ran, or the build fails. */
  check?: string;
  /** Run the cell (setup code) but do not show it. */
  hidden?: boolean;
  /** Milliseconds before the cell is stopped. */
  timeout?: number;
  /** The exception type the cell is meant to raise; any other outcome fails the build. */
  raises?: string;
  /**
   * An exercise: the reader's answer is checked live with this Python expression. The build runs
   * the starter code without it (the starter is unfinished on purpose).
   */
  exercise?: string;
  /**
   * Also run the chapter on the build machine's 64-bit CPython and show this cell's result there
   * beside the engine's (wasm32) one, labelled with that interpreter's version.
   */
  native?: boolean;
  /**
   * Python: also read what the cell left alive, by type and by line, shown in a "Left behind"
   * disclosure under its output (the runner wraps the cell in `heapbook.left_behind()`).
   */
  'left-behind'?: boolean;
  /**
   * Packages of `packages.lock.json` the engine loads before the cell runs, by their lock names
   * (a cell that imports a locked package's module gets it without saying so).
   */
  packages?: string[];
  /**
   * Predict, then measure: before running, the reader predicts the value of an expression; after
   * the run the page compares it with the measured value. The writer's explanation is the
   * `<Explain>` block right after the cell.
   */
  predict?: Prediction;
  /**
   * Why this cell's output legitimately differs between the build and a browser (timing, memory
   * of the engine): the live-equals-baked check then compares only how it ended, not its output.
   */
  varies?: string;
}

export interface ParsedCell {
  options: CellOptions;
  /** The code the reader sees, option lines removed. */
  code: string;
}

/**
 * What kind of mistake an option line holds, for a reader who typed it in the browser (the page
 * words it in the reader's language; the message is the writer's, in English).
 */
export type OptionMistake =
  | { kind: 'form' }
  | { kind: 'unknown'; name: string }
  | { kind: 'twice'; name: string }
  /** The option's value is wrong (`name`'s parser refused `value`). */
  | { kind: 'value'; name: string; value: string }
  /** Options that exclude each other. */
  | { kind: 'conflict'; names: string[] };

/** A mistake in a cell, with the line (1-based, within the cell) where it is. */
export class CellOptionError extends Error {
  readonly cellLine: number;
  readonly mistake: OptionMistake;
  constructor(message: string, cellLine: number, mistake: OptionMistake) {
    super(message);
    this.name = 'CellOptionError';
    this.cellLine = cellLine;
    this.mistake = mistake;
  }
}

const OPTION = /^#\|\s*([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$/;
const ID = /^[A-Za-z][\w-]{0,63}$/;
const PY_NAME = /^[A-Za-z_][\w.]*$/;

function parseBoolean(name: string, value: string): boolean {
  if (value !== 'true' && value !== 'false') throw new Error(`"${name}" takes true or false, not "${value}"`);
  return value === 'true';
}

type Parser = (value: string, lock: PackageLock) => CellOptions[keyof CellOptions];

const parsers: Record<keyof CellOptions, Parser> = {
  id(value) {
    if (!ID.test(value)) {
      throw new Error(`cell id "${value}" must start with a letter and use only letters, digits, "-" and "_" (at most 64)`);
    }
    return value;
  },
  check(value) {
    if (!value) throw new Error('"check" needs a Python expression, for example: #| check: n == 3');
    return value;
  },
  hidden: (value) => parseBoolean('hidden', value),
  native: (value) => parseBoolean('native', value),
  timeout(value) {
    const ms = Number(value);
    if (!/^\d+$/.test(value) || ms < 1 || ms > 600_000) {
      throw new Error(`"timeout" takes whole milliseconds from 1 to 600000, not "${value}" (for example: #| timeout: 5000)`);
    }
    return ms;
  },
  exercise(value) {
    if (!value) throw new Error('"exercise" needs a Python expression that is true once solved');
    return value;
  },
  raises(value) {
    if (!PY_NAME.test(value)) {
      throw new Error(`"raises" takes an exception name such as ZeroDivisionError, not "${value}"`);
    }
    return value;
  },
  packages(value, lock) {
    const names = value.split(',').map((name) => name.trim());
    if (!value || names.some((name) => !name)) {
      throw new Error(`"packages" takes package names separated by commas, for example: #| packages: objgraph (not "${value}")`);
    }
    const seen = new Set<string>();
    return names.map((name) => {
      const entry = findPackage(lock, name);
      if (!entry) {
        const known = lock.packages.map((p) => p.name).join(', ') || 'none yet';
        throw new Error(
          `package "${name}" is not in packages.lock.json (locked: ${known}): add it there with its wheel's file name, size and sha256, then run npm run vendor:packages`,
        );
      }
      if (seen.has(normalizeName(name))) throw new Error(`package "${name}" is named twice in "packages"`);
      seen.add(normalizeName(name));
      return entry.name;
    });
  },
  predict: (value) => parsePredict(value),
  varies(value) {
    if (!value || value === 'true' || value === 'false') {
      throw new Error(
        '"varies" takes the reason this cell\'s output differs between the build and a browser, for example: #| varies: WebAssembly memory grows differently in Chromium',
      );
    }
    return value;
  },
  'left-behind': (value) => parseBoolean('left-behind', value),
};

const KNOWN = Object.keys(parsers).join(', ');

/**
 * Splits a fenced cell into its options and the code the reader sees. `packages` are checked
 * against `lock`, the book's own by default.
 */
export function parseCellSource(source: string, lock: PackageLock = BOOK_LOCK): ParsedCell {
  const lines = source.split('\n');
  const options: CellOptions = {};
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (!line.startsWith('#|')) break;
    const match = OPTION.exec(line);
    if (!match) {
      throw new CellOptionError(`cell option line "${line}" is not of the form "#| name: value" (known names: ${KNOWN})`, index + 1, {
        kind: 'form',
      });
    }
    const [, rawName = '', value = ''] = match;
    const name = rawName as keyof CellOptions;
    const parse = parsers[name];
    if (!Object.hasOwn(parsers, name)) {
      throw new CellOptionError(`unknown cell option "${rawName}": use one of ${KNOWN}`, index + 1, { kind: 'unknown', name: rawName });
    }
    if (name in options) {
      throw new CellOptionError(`cell option "${name}" is given twice`, index + 1, { kind: 'twice', name });
    }
    try {
      Object.assign(options, { [name]: parse(value, lock) });
    } catch (err) {
      throw new CellOptionError((err as Error).message, index + 1, { kind: 'value', name, value });
    }
  }
  const exclusive = (['check', 'raises', 'exercise'] as const).filter((k) => k in options);
  if (exclusive.length > 1) {
    throw new CellOptionError(
      `a cell takes only one of "check", "raises" and "exercise", not ${exclusive.join(' and ')}: split it in two`,
      1,
      { kind: 'conflict', names: exclusive },
    );
  }
  if (options.predict && (options.raises || options.exercise)) {
    throw new CellOptionError(
      `a "predict" cell cannot also take "${options.raises ? 'raises' : 'exercise'}": the prediction is measured after the cell finished; split it in two`,
      1,
      { kind: 'conflict', names: ['predict', options.raises ? 'raises' : 'exercise'] },
    );
  }
  return { options, code: lines.slice(index).join('\n').replace(/^\n+/, '') };
}
