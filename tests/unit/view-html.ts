/** Test helpers for view trees: HTML for readable snapshots, text, lookups, and DOM-like nodes (tests only). */
import type { DomLike } from '../../src/shared/render/svg-to-view.ts';
import type { ViewChild } from '../../src/shared/view-node.ts';

const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function viewToHtml(node: ViewChild, indent = ''): string {
  if (typeof node === 'string') return `${indent}${escape(node)}`;
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escape(v).replaceAll('"', '&quot;')}"`)
    .join('');
  if (node.children.every((c) => typeof c === 'string')) {
    return `${indent}<${node.tag}${attrs}>${node.children.map((c) => escape(c as string)).join('')}</${node.tag}>`;
  }
  const inner = node.children.map((c) => viewToHtml(c, `${indent}  `)).join('\n');
  return `${indent}<${node.tag}${attrs}>\n${inner}\n${indent}</${node.tag}>`;
}

/** All text in a view tree, in order. */
export function textOf(node: ViewChild): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

/** Every element with the given tag. */
export function findAll(node: ViewChild, tag: string): Array<Exclude<ViewChild, string>> {
  if (typeof node === 'string') return [];
  const own = node.tag === tag ? [node] : [];
  return [...own, ...node.children.flatMap((c) => findAll(c, tag))];
}

/** A view node as a DOM node, to run the pictures through the sanitiser the library pictures go through. */
export function asDom(child: ViewChild): DomLike {
  if (typeof child === 'string') return { nodeType: 3, nodeName: '#text', textContent: child, childNodes: [] };
  return {
    nodeType: 1,
    nodeName: child.tag,
    textContent: null,
    childNodes: child.children.map(asDom),
    attributes: Object.entries(child.attrs ?? {}).map(([name, value]) => ({ name, value })),
  };
}
