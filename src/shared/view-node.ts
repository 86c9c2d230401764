/**
 * A tiny element tree: what a cell's output looks like, independent of where it is drawn.
 * The build turns it into MDX nodes (baked HTML); the page turns it into DOM nodes.
 *
 * Only nodes made by `h()` are elements. They carry a mark that JSON cannot carry, so an object
 * that arrives in a cell's data (a "caption" that looks like a node) is drawn as text on both
 * paths, and so is every attribute value: nothing a cell produces can become markup.
 */
export interface ViewNode {
  tag: string;
  attrs?: Record<string, string>;
  children: ViewChild[];
}

export type ViewChild = ViewNode | string;

const MADE_BY_H = Symbol('heapbook.view-node');

/** Shorthand for building view nodes. */
export function h(tag: string, attrs: Record<string, string> | null, ...children: ViewChild[]): ViewNode {
  const node: ViewNode = attrs ? { tag, attrs, children } : { tag, children };
  Object.defineProperty(node, MADE_BY_H, { value: true });
  return node;
}

/** True for nodes made by `h()`; anything else in a tree is text. */
export function isViewNode(child: unknown): child is ViewNode {
  return typeof child === 'object' && child !== null && (child as Record<symbol, unknown>)[MADE_BY_H] === true;
}

/** The text of a child that is not a node made by `h()`. */
export function asText(child: unknown): string {
  return typeof child === 'string' ? child : String(child);
}
