/** Turns a view tree into MDX JSX nodes, so baked output is ordinary elements in the page. */
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { asText, isViewNode, type ViewNode } from '../shared/view-node.ts';

type Children = MdxJsxFlowElement['children'];

/**
 * The node type that carries a view's text into mdast. mdast's own `text` nodes lose the spaces
 * and tabs around every line break on their way to hast (`mdast-util-to-hast` trims lines, as
 * Markdown prose wants), which would shift traceback carets and collapse aligned columns. A node
 * of a type no handler claims becomes a hast text node with its value untouched, and the
 * Markdown plugins that rewrite prose (smart punctuation) leave it alone, so what the engine
 * printed reaches the page byte for byte.
 */
export const EXACT_TEXT_TYPE = 'heapbookExactText';

export interface ExactText {
  type: typeof EXACT_TEXT_TYPE;
  value: string;
}

function attributes(node: ViewNode): MdxJsxFlowElement['attributes'] {
  return Object.entries(node.attrs ?? {}).map(([name, value]) => ({
    type: 'mdxJsxAttribute',
    name,
    value: asText(value),
  }));
}

function children(node: ViewNode): Children {
  return node.children.map((child): MdxJsxFlowElement | ExactText =>
    isViewNode(child) ? toFlow(child) : { type: EXACT_TEXT_TYPE, value: asText(child) },
  ) as unknown as Children;
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
