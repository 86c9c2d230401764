/** Turns a view tree into MDX JSX nodes, so baked output is ordinary elements in the page. */
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { ViewNode } from './view-node.ts';

type Children = MdxJsxFlowElement['children'];

function attributes(node: ViewNode): MdxJsxFlowElement['attributes'] {
  return Object.entries(node.attrs ?? {}).map(([name, value]) => ({
    type: 'mdxJsxAttribute',
    name,
    value,
  }));
}

function children(node: ViewNode): Children {
  return node.children.map((child) =>
    typeof child === 'string' ? { type: 'text', value: child } : toFlow(child),
  ) as Children;
}

export function toFlow(node: ViewNode): MdxJsxFlowElement {
  return { type: 'mdxJsxFlowElement', name: node.tag, attributes: attributes(node), children: children(node) };
}

export function toText(node: ViewNode): MdxJsxTextElement {
  return {
    type: 'mdxJsxTextElement',
    name: node.tag,
    attributes: attributes(node),
    children: children(node) as MdxJsxTextElement['children'],
  };
}
