/**
 * Every chapter exists in English and Simplified Chinese with the same cells. Pure: paths and
 * steps in, a sentence out.
 */
import type { Step } from './collect-cells.ts';

const FOLDERS = ['en', 'zh-cn'] as const;

/** The other language's file of a chapter, or null when the path is not a chapter. */
export function twinPath(path: string): string | null {
  const match = /^(.*[\\/]docs[\\/])(en|zh-cn)([\\/].+\.mdx?)$/.exec(path);
  if (!match) return null;
  const [, base = '', lang = '', rest = ''] = match;
  const other = FOLDERS.find((f) => f !== lang);
  return `${base}${other}${rest}`;
}

type Cell = Extract<Step, { kind: 'cell' }>;

const signature = (step: Cell) => JSON.stringify([step.lang, step.code, step.options]);

/** What differs between two cells, in a few words: language, options, or the first code line. */
export function cellDifference(x: Cell, y: Cell): string {
  if (x.lang !== y.lang) return `language ${x.lang} against ${y.lang}`;
  const options = JSON.stringify(x.options) !== JSON.stringify(y.options);
  if (options) return `options ${JSON.stringify(x.options)} against ${JSON.stringify(y.options)}`;
  const a = x.code.split('\n');
  const b = y.code.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const show = (line: string | undefined) => (line === undefined ? 'nothing' : `\`${line.trim()}\``);
      return `code line ${i + 1}: ${show(a[i])} against ${show(b[i])}`;
    }
  }
  return 'code';
}

/**
 * Why the two chapters' cells differ, naming both files and the first differing cell with its
 * line in each, or null when they are the same.
 */
export function compareTwins(mine: Step[], theirs: Step[], paths: { mine: string; twin: string }): string | null {
  const a = mine.filter((s) => s.kind === 'cell');
  const b = theirs.filter((s) => s.kind === 'cell');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (!x && y) {
      return `${paths.twin} has ${b.length - a.length} more cells than ${paths.mine} (${b.length} against ${a.length}), from cell "${y.id}" at ${paths.twin}:${y.line}: the twins must have the same cells`;
    }
    if (x && !y) {
      return `cell "${x.id}" at ${paths.mine}:${x.line} has no counterpart in ${paths.twin}, which has ${b.length} cells against ${a.length}: the twins must have the same cells`;
    }
    if (x && y && signature(x) !== signature(y)) {
      return `cell "${x.id}" at ${paths.mine}:${x.line} differs from cell "${y.id}" at ${paths.twin}:${y.line} (${cellDifference(x, y)}): the twins must have the same cells, with the same code and options`;
    }
  }
  return null;
}
