/**
 * How the cell's own parts build their DOM, the one way: as view nodes (`h()`, the tree cell output
 * is built as, build and page alike) drawn by `toDom`, with any listener added to the element drawn.
 * Text goes in as text only.
 */
import { h, type ViewNode } from '../shared/view-node.ts';
import { toDom } from './view-to-dom.ts';

/** Draws a view node as the element it describes. */
export function draw<T extends Element = HTMLElement>(view: ViewNode): T {
  return toDom(view) as T;
}

/** A `type="button"` button with its words and class, calling `onClick` when pressed. */
export function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const el = draw<HTMLButtonElement>(h('button', { type: 'button', class: className }, label));
  el.addEventListener('click', onClick);
  return el;
}
