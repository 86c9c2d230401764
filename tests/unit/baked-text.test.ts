/**
 * Baked output goes through the whole MDX pipeline Astro uses for a chapter (GFM, smart punctuation,
 * mdast to hast, rehype-raw, the code highlighter): what reaches the page must be the engine's text
 * byte for byte. mdast's `text` nodes lose the spaces and tabs around every line break on the way to
 * hast, which once collapsed traceback carets and `f"{x:>6}"` columns.
 */
import { unified as astroUnified } from '@astrojs/markdown-remark';
import type { Root as HastRoot, RootContent } from 'hast';
import { describe, expect, it } from 'vitest';
import { remarkCells, type ExecRequest, type PageRun } from '../../src/build/remark-cells.ts';
import type { RunResult } from '../../engine/protocol.ts';
import { okResult } from './run-result.ts';

/** Everything whitespace-sensitive a cell can print, and text smart punctuation would rewrite. */
export const EXACT_TEXT = [
  'Traceback (most recent call last):',
  '  File "<cell first>", line 2, in <module>',
  '    total = values[0] + None',
  '            ~~~~~~~~~~^~~~~~',
  '',
  '   size      name  ',
  '     64  "small" -- it\'s...',
  '\tone tab',
  '\t\ttwo tabs\t',
  '',
  '',
  '    last line, indented, then three spaces   ',
  '',
].join('\n');

type AnyNode = RootContent | HastRoot;

/** The text of every `<pre>` the page will contain, from the hast tree before it becomes JavaScript. */
function preTexts(tree: HastRoot): string[] {
  const found: string[] = [];
  const textOf = (node: AnyNode): string =>
    node.type === 'text' ? node.value : 'children' in node ? (node.children as AnyNode[]).map(textOf).join('') : '';
  const walk = (node: AnyNode) => {
    // Baked outputs are JSX elements until the end; the highlighted code blocks are hast elements.
    if (node.type === 'mdxJsxFlowElement' && node.name === 'pre') found.push(textOf(node));
    else if ('children' in node) for (const child of node.children as AnyNode[]) walk(child);
  };
  walk(tree);
  return found;
}

/** Compiles a chapter with Astro's own MDX processor and the cells plugin; returns the `<pre>` texts. */
async function bake(mdx: string, result: (req: ExecRequest) => RunResult): Promise<string[]> {
  let hast: HastRoot | null = null;
  const capture = () => (tree: HastRoot) => {
    hast = structuredClone(tree);
  };
  const execute = async (reqs: ExecRequest[]): Promise<PageRun> => ({ engines: { python: 'test engine' }, results: reqs.map(result) });
  const processor = astroUnified({
    remarkPlugins: [[remarkCells, { execute, warn: () => undefined }]],
    rehypePlugins: [capture],
  });
  if (!processor.createMdxRenderer) throw new Error('@astrojs/markdown-remark no longer renders MDX');
  const renderer = await processor.createMdxRenderer({ syntaxHighlight: 'shiki' }, { srcDir: new URL('file:///tmp/'), optimize: false });
  await renderer.process(mdx, '/tmp/content/docs/en/demo.mdx', {});
  if (!hast) throw new Error('the rehype plugin never saw the tree');
  return preTexts(hast);
}

describe('baked output through the MDX pipeline', () => {
  it('keeps every space, tab, blank line and trailing space of streams, values and tracebacks', async () => {
    const mdx = '# Demo\n\n```python run\n#| id: first\n#| raises: TypeError\nprint(table)\n```\n';
    const texts = await bake(mdx, (req) =>
      okResult(req.cellId, {
        status: 'error',
        stream: [
          { stream: 'stdout', text: EXACT_TEXT },
          { stream: 'stderr', text: `\n\n${EXACT_TEXT}` },
        ],
        value: { 'text/plain': `  {'a': 1,\n   'b': 2}  ` },
        error: { type: 'TypeError', message: 'x', traceback: EXACT_TEXT.split('\n') },
      }),
    );
    expect(texts).toEqual([EXACT_TEXT, `\n\n${EXACT_TEXT}`, `  {'a': 1,\n   'b': 2}  `, EXACT_TEXT]);
  });
});
