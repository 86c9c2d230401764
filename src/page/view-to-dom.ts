/** Draws a view tree as DOM nodes. Text goes in as text nodes only: never as markup. */
import { asText, isViewNode, type ViewChild } from '../shared/view-node.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Elements under an `<svg>` must be created in the SVG namespace, or the browser does not draw them. */
export function toDom(node: ViewChild, doc: Document = document, inSvg = false): Node {
  if (!isViewNode(node)) return doc.createTextNode(asText(node));
  const svg = inSvg || node.tag === 'svg';
  const el = svg ? doc.createElementNS(SVG_NS, node.tag) : doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs ?? {})) el.setAttribute(name, asText(value));
  for (const child of node.children) el.append(toDom(child, doc, svg));
  return el;
}
