/**
 * Turns an SVG element drawn by a library (Graphviz, Observable Plot) into a view tree, keeping
 * only drawing elements and presentation attributes. Whatever a cell smuggles into a label can
 * only ever come out as text: scripts, links, event handlers, styles and foreign content are
 * dropped here, on the page and at build alike.
 */
import { h, type ViewChild, type ViewNode } from '../view-node.ts';

/** The part of a DOM node this needs; the browser's DOM and linkedom's both fit. */
export interface DomLike {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomLike>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

const ELEMENT = 1;
const TEXT = 3;

const TAGS = new Set(['svg', 'g', 'path', 'rect', 'line', 'polyline', 'polygon', 'circle', 'ellipse', 'text', 'tspan']);

/** Allowed attributes, by lower-case name, mapped to their SVG spelling. */
const ATTRIBUTES = new Map(
  [
    'viewBox',
    'width',
    'height',
    'x',
    'y',
    'x1',
    'y1',
    'x2',
    'y2',
    'cx',
    'cy',
    'r',
    'rx',
    'ry',
    'd',
    'points',
    'transform',
    'fill',
    'fill-opacity',
    'stroke',
    'stroke-width',
    'stroke-opacity',
    'stroke-dasharray',
    'stroke-linejoin',
    'stroke-linecap',
    'stroke-miterlimit',
    'opacity',
    'font-family',
    'font-size',
    'font-weight',
    'font-style',
    'text-anchor',
    'dominant-baseline',
    'dx',
    'dy',
    'paint-order',
    'class',
    'role',
    'aria-label',
    'aria-hidden',
    'xmlns',
    'preserveAspectRatio',
  ].map((name) => [name.toLowerCase(), name]),
);

/** Attribute values that could reach outside the picture. */
const UNSAFE_VALUE = /url\s*\(|javascript:|expression\s*\(|[<>]/i;

function attributesOf(node: DomLike): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const { name, value } of Array.from(node.attributes ?? [])) {
    const allowed = ATTRIBUTES.get(name.toLowerCase());
    if (allowed && !UNSAFE_VALUE.test(value)) attrs[allowed] = value;
  }
  return attrs;
}

function convert(node: DomLike, inText: boolean): ViewChild | null {
  if (node.nodeType === TEXT) {
    const text = node.textContent ?? '';
    return inText || text.trim() ? text : null;
  }
  if (node.nodeType !== ELEMENT) return null;
  const tag = node.nodeName.toLowerCase();
  if (!TAGS.has(tag)) return null;
  const childInText = inText || tag === 'text' || tag === 'tspan';
  const children = Array.from(node.childNodes)
    .map((child) => convert(child, childInText))
    .filter((child): child is ViewChild => child !== null);
  const attrs = attributesOf(node);
  // Inside the picture (the root is role="img", labelled) a label on a group is not allowed by ARIA
  // and not read out: Observable Plot labels its <g> elements ("bar", "rule"), axe flags them.
  if (tag !== 'svg') delete attrs['aria-label'];
  return h(tag, attrs, ...children);
}

/** The sanitised view of an `<svg>` root, with extra attributes (class, role, label) set on it. */
export function svgToView(root: DomLike, extra: Record<string, string> = {}): ViewNode {
  const view = convert(root, false);
  if (!view || typeof view === 'string' || view.tag !== 'svg') {
    throw new Error(`expected an <svg> element, got <${root.nodeName}>`);
  }
  view.attrs = { ...view.attrs, ...extra };
  return view;
}
