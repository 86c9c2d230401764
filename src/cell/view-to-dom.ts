/** Draws a view tree as DOM nodes. Text goes in as text nodes only: never as markup. */
import type { ViewChild } from '../lib/view-node.ts';

export function toDom(node: ViewChild, doc: Document = document): Node {
  if (typeof node === 'string') return doc.createTextNode(node);
  const el = doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs ?? {})) el.setAttribute(name, value);
  for (const child of node.children) el.append(toDom(child, doc));
  return el;
}
