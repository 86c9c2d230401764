/**
 * A result's value and "Left behind" reading, drawn: tables and pictures need the renderers (and
 * maybe Graphviz), loaded on first use (`page-render-tools.ts`), so the cell shows the text at once
 * and swaps the drawings in when they are ready.
 */
import type { RunResult } from '../../engine/protocol.ts';
import { hasRichData } from '../shared/result-view.ts';
import type { ViewNode } from '../shared/view-node.ts';

export interface Drawings {
  value: ViewNode | undefined;
  leftBehind: ViewNode | undefined;
}

/** The drawings of `result`, or null at once when it has nothing to draw. */
export function drawResult(result: RunResult): Promise<Drawings> | null {
  const rich = result.value && hasRichData(result.value) ? result.value : null;
  const left = result.leftBehind;
  if (!rich && !left) return null;
  return import('./page-render-tools.ts')
    .then(({ drawValueOnPage }) => Promise.all([rich ? drawValueOnPage(rich) : undefined, left ? drawValueOnPage(left) : undefined]))
    .then(([value, leftBehind]) => ({ value, leftBehind }));
}
