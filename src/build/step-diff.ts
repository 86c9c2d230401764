/**
 * Which steps of a chapter must run again after an edit. Cells share a namespace and run in
 * order, so a step's result depends on every step before it: everything from the first changed
 * step on runs again, everything before it is reused. Pure.
 */
import type { ExecRequest } from './remark-cells.ts';

const same = (a: ExecRequest | undefined, b: ExecRequest | undefined): boolean =>
  a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);

/**
 * The index of the first step of `next` that differs from `previous` (code, language, id,
 * check, time limit, native), or `next.length` when every step of `next` is unchanged (removing
 * steps at the end changes nothing before them).
 */
export function firstChangedStep(previous: readonly ExecRequest[], next: readonly ExecRequest[]): number {
  for (let i = 0; i < next.length; i++) if (!same(previous[i], next[i])) return i;
  return next.length;
}
