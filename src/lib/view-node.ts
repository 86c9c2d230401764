/**
 * A tiny element tree: what a cell's output looks like, independent of where it is drawn.
 * The build turns it into MDX nodes (baked HTML); the page turns it into DOM nodes. Strings are
 * always text, so nothing a cell prints can become markup on either path.
 */
export interface ViewNode {
  tag: string;
  attrs?: Record<string, string>;
  children: ViewChild[];
}

export type ViewChild = ViewNode | string;

/** Shorthand for building view nodes. */
export function h(tag: string, attrs: Record<string, string> | null, ...children: ViewChild[]): ViewNode {
  return attrs ? { tag, attrs, children } : { tag, children };
}
