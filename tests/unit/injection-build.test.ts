/**
 * Markup injection at build: what writers put in cell ids, options and code, and what cells print,
 * is baked into the chapter as attribute values and text, never as elements or MDX expressions.
 * (The browser side, where readers control the code, is tests/e2e/injection.test.ts.)
 */
import type { Node } from 'unist';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { drawValueAtBuild } from '../../src/build/build-render-tools.ts';
import { collectSteps } from '../../src/build/collect-cells.ts';
import { remarkCells, type ExecRequest, type PageRun } from '../../src/build/remark-cells.ts';
import { EXACT_TEXT_TYPE } from '../../src/build/view-to-mdast.ts';
import type { MimeBundle, RunResult } from '../../engine/protocol.ts';
import { okResult } from './run-result.ts';

/** Markup, and MDX's own ways in: expressions, imports and exports. */
const MARKUP = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(2)">',
  '"><svg onload=alert(3)>',
  "'><a href='javascript:alert(4)'>x</a>",
  '<style>body{display:none}</style>',
  '&lt;script&gt;alert(6)&lt;/script&gt;',
  '{alert(7)}',
  '{/* x */}<b>8</b>',
  'import x from "data:text/javascript,alert(9)"',
  'export const y = alert(10)',
  '</heapbook-cell><script>alert(11)</script>',
];

/** Elements the plugin and the renderers make; mdast's own nodes (paragraph, code) are not JSX. */
const BAKED_TAGS = new Set(
  (
    'heapbook-cell div pre p span code figure figcaption details summary table caption thead tbody tfoot tr th td ul li ' +
    'svg g path rect line polyline polygon circle ellipse text tspan'
  ).split(' '),
);

/** Attributes the plugin and the renderers set (svg-to-view keeps only presentation attributes). */
const BAKED_ATTRIBUTE = new RegExp(
  '^(data-[\\w-]+|aria-[\\w-]+|hidden|class|role|title|scope|xmlns|viewBox|preserveAspectRatio|width|height|' +
    'x|y|x1|y1|x2|y2|cx|cy|r|rx|ry|dx|dy|d|points|transform|opacity|paint-order|fill|fill-opacity|' +
    'stroke|stroke-[a-z]+|font-(family|size|weight|style)|text-anchor|dominant-baseline)$',
);

/** MDX nodes that would run code or pass raw HTML through. */
const LIVE_NODES = new Set(['html', 'mdxFlowExpression', 'mdxTextExpression', 'mdxjsEsm']);

interface JsxNode extends Node {
  name?: string | null;
  attributes?: Array<{ type: string; name?: string; value?: unknown }>;
  value?: unknown;
  children?: JsxNode[];
}

/** Every element, live node and string slot in a tree, with what kind of slot holds each string. */
function inventory(tree: Node) {
  const elements: string[] = [];
  const live: string[] = [];
  const strings: Array<{ slot: string; value: string }> = [];
  const walk = (node: JsxNode) => {
    if (LIVE_NODES.has(node.type)) live.push(`${node.type}: ${String(node.value)}`);
    if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      elements.push(node.name ?? '(fragment)');
      for (const attr of node.attributes ?? []) {
        if (attr.type !== 'mdxJsxAttribute' || (typeof attr.value !== 'string' && attr.value !== null)) {
          live.push(`${attr.type} on <${node.name}>`);
        }
        strings.push({ slot: 'attribute name', value: attr.name ?? '' });
        if (typeof attr.value === 'string') strings.push({ slot: 'attribute', value: attr.value });
      }
    }
    if (typeof node.value === 'string') strings.push({ slot: node.type, value: node.value });
    node.children?.forEach(walk);
  };
  walk(tree as JsxNode);
  return { elements, live, strings };
}

/** Asserts that each markup string was baked (the channel was exercised), only as text or an attribute value. */
function expectInert(tree: Node, markup: readonly string[]): void {
  const { elements, live, strings } = inventory(tree);
  expect(live).toEqual([]);
  expect(elements.filter((name) => !BAKED_TAGS.has(name))).toEqual([]);
  const attributeNames = strings.filter((s) => s.slot === 'attribute name').map((s) => s.value);
  expect(attributeNames.filter((name) => !BAKED_ATTRIBUTE.test(name))).toEqual([]);
  for (const text of markup) {
    const slots = strings.filter((s) => s.value.includes(text)).map((s) => s.slot);
    expect(slots, text).not.toEqual([]);
    expect(
      slots.filter((slot) => !['attribute', 'text', EXACT_TEXT_TYPE, 'code'].includes(slot)),
      text,
    ).toEqual([]);
  }
}

const ok = okResult;

/** Runs the plugin on a chapter with a fake engine; returns the requests and the baked tree. */
async function bake(
  mdx: string,
  results: (req: ExecRequest) => RunResult,
  drawValue?: (bundle: MimeBundle) => ReturnType<typeof drawValueAtBuild>,
) {
  const requests: ExecRequest[] = [];
  const execute = async (reqs: ExecRequest[]): Promise<PageRun> => {
    requests.push(...reqs);
    return { engines: { python: 'test engine', javascript: 'test js engine' }, results: reqs.map(results) };
  };
  const file = new VFile({ path: 'content/docs/en/demo.mdx', value: mdx });
  const processor = unified()
    .use(remarkParse)
    .use(remarkMdx)
    .use(remarkCells, { execute, warn: () => undefined, ...(drawValue ? { drawValue } : {}) });
  const tree = await processor.run(processor.parse(file), file);
  return { requests, tree };
}

const fence = (lang: string, lines: string[]) => ['```' + lang + ' run', ...lines, '```'].join('\n');
/** A Python string literal that holds the text as it is (none of the markup contains three quotes). */
const pyString = (text: string) => `'''${text}'''`;
const parse = (mdx: string) => unified().use(remarkParse).use(remarkMdx).parse(mdx);

describe('markup in cell ids and options', () => {
  it.each([
    '<img src=x onerror=alert(1)>',
    'a"><script>alert(2)</script>',
    'cell onmouseover=alert(3)',
    'x{alert(4)}',
    'javascript:alert(5)',
    '&lt;b&gt;',
  ])('rejects the id %j at build, with its line', async (id) => {
    const mdx = `Intro.\n\n${fence('python', [`#| id: ${id}`, 'x = 1'])}`;
    expect(() => collectSteps(parse(mdx))).toThrowError(/cell id ".*" must start with a letter and use only letters, digits/);
    await expect(bake(mdx, (r) => ok(r.cellId))).rejects.toThrow(/demo\.mdx:4: cell id/);
  });

  it('rejects markup as "raises" and "timeout"', async () => {
    await expect(bake(fence('python', ['#| raises: <script>alert(1)</script>', '1/0']), (r) => ok(r.cellId))).rejects.toThrow(
      /"raises" takes an exception name/,
    );
    await expect(bake(fence('python', ['#| timeout: <img src=x onerror=alert(1)>', 'x']), (r) => ok(r.cellId))).rejects.toThrow(
      /"timeout" takes whole milliseconds/,
    );
  });

  it('bakes an exercise with markup as the data-exercise attribute value only', async () => {
    const exercise = MARKUP.map(pyString).join(' != ');
    const mdx = fence('python', [`#| id: try-it`, `#| exercise: ${exercise}`, 'answer = None']);
    const { requests, tree } = await bake(mdx, (r) => ok(r.cellId));
    // The build runs the starter with the exercise negated (it must be unsolved); the page sends the
    // exercise itself when the reader runs. Either way the markup stays inside a Python expression.
    expect(requests[0]?.check).toBe(`not (${exercise})`);
    const json = JSON.stringify(tree);
    expect(json).toContain(JSON.stringify({ type: 'mdxJsxAttribute', name: 'data-exercise', value: exercise }));
    expectInert(tree, MARKUP);
  });

  it('sends a check with markup to the engine as it is, and does not bake it as markup', async () => {
    const check = `${pyString(MARKUP[0]!)} != ${pyString(MARKUP[1]!)}`;
    const { requests, tree } = await bake(fence('python', [`#| check: ${check}`, 'x = 1']), (r) => ok(r.cellId));
    expect(requests[0]?.check).toBe(check);
    const { elements, live } = inventory(tree);
    expect(live).toEqual([]);
    expect(elements.filter((name) => !BAKED_TAGS.has(name))).toEqual([]);
  });

  it('fails the build, without baking, when a check with markup is false', async () => {
    const check = JSON.stringify(MARKUP[0]);
    const failed = (r: ExecRequest) =>
      ok(r.cellId, { status: 'check-failed', error: { type: 'CheckFailed', message: `the check \`${check}\` is false`, traceback: [] } });
    await expect(bake(fence('python', [`#| check: ${check}`, 'x = 1']), failed)).rejects.toThrow(
      /the check `"<script>alert\(1\)<\/script>"` is false/,
    );
  });
});

describe('markup in code and outputs baked at build', () => {
  it('bakes code, inline figures, streams, values and tracebacks with markup as text and attribute values', async () => {
    const lines = MARKUP.map((m) => `print(${JSON.stringify(m)})`);
    const mdx = [
      fence('python', ['#| id: printing', ...lines]),
      '',
      `Inline: \`{python} ${JSON.stringify(MARKUP[1])}\`.`,
      '',
      fence('python', ['#| raises: ValueError', `raise ValueError(${JSON.stringify(MARKUP[2])})`]),
      '',
      fence('js', ['#| id: js-value', JSON.stringify(MARKUP[3])]),
    ].join('\n');
    const all = MARKUP.join('\n');
    const { tree } = await bake(mdx, (r) => {
      if (r.cellId === 'printing')
        return ok(r.cellId, {
          stream: [
            { stream: 'stdout', text: `${all}\n` },
            { stream: 'stderr', text: all },
          ],
        });
      if (r.cellId === 'inline-1') return ok(r.cellId, { stream: [{ stream: 'stdout', text: MARKUP[1]! }] });
      if (r.cellId === 'js-value') return ok(r.cellId, { value: { 'text/plain': all } });
      return ok(r.cellId, {
        status: 'error',
        error: {
          type: 'ValueError',
          message: all,
          traceback: ['Traceback (most recent call last):', `  ${MARKUP[4]}`, `ValueError: ${all}`],
        },
      });
    });
    expectInert(tree, MARKUP);
    const json = JSON.stringify(tree);
    expect(json).toContain(JSON.stringify({ type: 'mdxJsxAttribute', name: 'data-source', value: lines.join('\n') }));
    expect(json).toContain(
      JSON.stringify({ type: 'mdxJsxAttribute', name: 'title', value: `measured at build: ${JSON.stringify(MARKUP[1])}` }),
    );
  });

  it('bakes tables, graphs and charts drawn at build with markup in every label as text', async () => {
    const rows = MARKUP.map((m) => ({ name: m, n: 8 }));
    const bundle: MimeBundle = {
      'text/plain': MARKUP.join('\n'),
      'application/vnd.heapbook.table+json': {
        caption: MARKUP[0]!,
        columns: [
          { key: 'name', label: MARKUP[1]!, format: 'text' },
          { key: 'n', label: MARKUP[2]!, format: 'code' },
        ],
        rows: MARKUP.map((m) => ({ name: m, n: m })),
        notes: MARKUP,
      },
      'application/vnd.heapbook.graph+json': {
        direction: 'refs',
        caption: MARKUP[3]!,
        nodes: MARKUP.map((m, i) => ({ id: m, type: m, label: m, size: 8, refcount: 1, root: i === 0, omitted: 0 })),
        edges: MARKUP.slice(1).map((m, i) => ({ from: MARKUP[i]!, to: m, label: m })),
        truncated: false,
        notes: MARKUP,
      },
      'application/vnd.heapbook.chart+json': {
        mark: 'bar',
        caption: MARKUP[4]!,
        x: { key: 'n', label: MARKUP[5]!, format: 'bytes' },
        y: { key: 'name', label: MARKUP[6]!, format: 'text' },
        series: { key: 'name', label: MARKUP[7]!, format: 'text' },
        rows,
        notes: MARKUP,
      },
    };
    // A caption shaped like a view node, as JSON from a cell could carry it: text, never an element.
    const shaped = { tag: 'script', attrs: { src: 'data:,alert(1)' }, children: ['alert(2)'] };
    const nodeShaped = {
      'text/plain': 'shaped',
      'application/vnd.heapbook.table+json': {
        caption: shaped,
        columns: [{ key: 'k', label: shaped, format: 'text' }],
        rows: [{ k: shaped }],
        notes: [shaped],
      },
    } as unknown as MimeBundle;
    const mdx = `${fence('python', ['#| id: drawn', 'rich()'])}\n\n${fence('python', ['#| id: shaped', 'shaped()'])}`;
    const { tree } = await bake(
      mdx,
      (r) => ok(r.cellId, { value: r.cellId === 'drawn' ? bundle : nodeShaped }),
      (value) => drawValueAtBuild(value, 'content/docs/en/demo.mdx'),
    );
    expectInert(tree, MARKUP);
    const { elements, strings } = inventory(tree);
    // Drawn, not fallen back to plain text: the picture elements are there.
    expect(elements).toEqual(expect.arrayContaining(['table', 'figure', 'svg', 'text']));
    expect(strings.some((s) => s.slot === 'text' && s.value.startsWith('Could not draw'))).toBe(false);
    expect(elements).not.toContain('script');
    expect(strings.filter((s) => s.value === '[object Object]').length).toBeGreaterThanOrEqual(3);
  });
});
