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

const signature = (step: Extract<Step, { kind: 'cell' }>) =>
  JSON.stringify([step.lang, step.code, step.options]);

/** Why the two chapters' cells differ, or null when they are the same. */
export function compareTwins(mine: Step[], theirs: Step[], twin: string): string | null {
  const a = mine.filter((s) => s.kind === 'cell');
  const b = theirs.filter((s) => s.kind === 'cell');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (!x) return `${twin} has ${b.length - a.length} more cells than this file, from its line ${y?.line}: the twins must have the same cells`;
    if (!y) return `cell "${x.id}" has no counterpart in ${twin}, which has ${b.length} cells: the twins must have the same cells`;
    if (signature(x) !== signature(y)) {
      return `cell "${x.id}" differs from cell "${y.id}" at line ${y.line} of ${twin}: the twins must have the same cells, with the same code and options`;
    }
  }
  return null;
}
