/** Turns a view tree into MDX JSX nodes, so baked output is ordinary elements in the page. */
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { asText, isViewNode, type ViewNode } from './view-node.ts';

type Children = MdxJsxFlowElement['children'];

function attributes(node: ViewNode): MdxJsxFlowElement['attributes'] {
  return Object.entries(node.attrs ?? {}).map(([name, value]) => ({
    type: 'mdxJsxAttribute',
    name,
    value: asText(value),
  }));
}

function children(node: ViewNode): Children {
  return node.children.map((child) =>
    isViewNode(child) ? toFlow(child) : { type: 'text', value: asText(child) },
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
