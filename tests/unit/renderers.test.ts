/** The renderers of the helpers' MIME types, at build (linkedom standing in for the DOM). */
import { describe, expect, it } from 'vitest';
import type { ChartData, EncodingData, GraphData, MimeBundle, TableData } from '../../engine/protocol.ts';
import { buildRenderTools, drawValueAtBuild } from '../../src/build/build-render-tools.ts';
import { CHART_TABLE_ROWS, chartTable, renderChart, tableRows } from '../../src/shared/render/chart-view.ts';
import { encodingPicture, renderEncoding } from '../../src/shared/render/encoding-view.ts';
import { chapterLang, renderText } from '../../src/i18n/index.ts';
import { dotString, findCycles, graphToDot } from '../../src/shared/render/graph-dot.ts';
import { graphTables, renderGraph } from '../../src/shared/render/graph-view.ts';
import { svgToView } from '../../src/shared/render/svg-to-view.ts';
import { renderTable } from '../../src/shared/render/table-view.ts';
import { findAll, textOf, viewToHtml } from './view-html.ts';
import { toDom } from '../../src/page/view-to-dom.ts';
import { toFlow } from '../../src/build/view-to-mdast.ts';

const en = renderText('en');

const table: TableData = {
  caption: 'deep_sizeof(list): 4 objects, 100 bytes',
  columns: [
    { key: 'type', label: 'type', format: 'text' },
    { key: 'objects', label: 'objects', format: 'int' },
    { key: 'bytes', label: 'bytes', format: 'bytes' },
    { key: 'delta', label: 'change', format: 'signed-bytes' },
  ],
  rows: [
    { type: 'list', objects: 1, bytes: 64, delta: 2048 },
    { type: 'int', objects: 3, bytes: 36, delta: null },
  ],
  total: { type: 'total', objects: 4, bytes: 100, delta: 2048 },
  notes: ['Measured on CPython 3.14, wasm32.'],
};

const hiEmoji: EncodingData = {
  length: 3,
  chars: [
    { char: 'h', codePoint: 0x68, utf8: [0x68], utf16: [0x68] },
    { char: 'i', codePoint: 0x69, utf8: [0x69], utf16: [0x69] },
    { char: '😀', codePoint: 0x1f600, utf8: [0xf0, 0x9f, 0x98, 0x80], utf16: [0xd83d, 0xde00] },
  ],
  omitted: 0,
  storageKind: 4,
  storageName: 'ucs-4',
  sizeof: 48,
  dataBytes: 16,
  utf8Bytes: 6,
  utf16Bytes: 8,
  utf32Bytes: 12,
  platform: 'test data',
  notes: [],
};

const cycle: GraphData = {
  direction: 'refs',
  caption: 'refs(a): 3 objects, 3 references',
  truncated: false,
  notes: [],
  nodes: [
    { id: 'n0', type: 'list', label: 'list, 1 item', size: 40, refcount: 2, root: true, omitted: 0 },
    { id: 'n1', type: 'list', label: 'list, 2 items', size: 48, refcount: 1, root: false, omitted: 0 },
    { id: 'n2', type: 'str', label: `'<script>alert(1)</script>"\\N'`, size: 60, refcount: null, root: false, omitted: 3 },
  ],
  edges: [
    { from: 'n0', to: 'n1', label: '[0]' },
    { from: 'n1', to: 'n0', label: '[0]' },
    { from: 'n1', to: 'n2', label: `['k"']` },
  ],
};

const comparison: ChartData = {
  mark: 'bar',
  caption: 'compare: net and peak traced bytes',
  x: { key: 'bytes', label: 'bytes', format: 'bytes' },
  y: { key: 'candidate', label: 'candidate', format: 'text' },
  facet: { key: 'metric', label: 'metric', format: 'text' },
  rows: [
    { candidate: 'list', metric: 'net', bytes: 0 },
    { candidate: 'gen', metric: 'net', bytes: 0 },
    { candidate: 'list', metric: 'peak', bytes: 819_200 },
    { candidate: 'gen', metric: 'peak', bytes: 1_200 },
  ],
  notes: [],
};

const timeline: ChartData = {
  mark: 'line',
  caption: 'timeline(build): traced bytes over time',
  x: { key: 'ms', label: 'time', format: 'ms' },
  y: { key: 'bytes', label: 'traced', format: 'bytes' },
  series: { key: 'kind', label: 'measure', format: 'text' },
  rows: [
    { ms: 0, kind: 'current', bytes: 0 },
    { ms: 5, kind: 'current', bytes: 4_000_000 },
    { ms: 9, kind: 'current', bytes: 0 },
    { ms: 0, kind: 'peak since previous sample', bytes: 0 },
    { ms: 5, kind: 'peak since previous sample', bytes: 4_100_000 },
    { ms: 9, kind: 'peak since previous sample', bytes: 4_000_000 },
  ],
  notes: [],
};

describe('table', () => {
  it('formats each column by its kind, heads rows, and puts the total in the footer', () => {
    expect(viewToHtml(renderTable(table))).toMatchInlineSnapshot(`
      "<div class="hb-table">
        <table>
          <caption>deep_sizeof(list): 4 objects, 100 bytes</caption>
          <thead>
            <tr>
              <th scope="col">type</th>
              <th scope="col">objects</th>
              <th scope="col">bytes</th>
              <th scope="col">change</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th class="hb-txt" scope="row">list</th>
              <td class="hb-num" data-value="1">1</td>
              <td class="hb-num" data-value="64">64 B</td>
              <td class="hb-num" data-value="2048">+2.00 KiB</td>
            </tr>
            <tr>
              <th class="hb-txt" scope="row">int</th>
              <td class="hb-num" data-value="3">3</td>
              <td class="hb-num" data-value="36">36 B</td>
              <td class="hb-num">—</td>
            </tr>
          </tbody>
          <tfoot>
            <tr>
              <th class="hb-txt" scope="row">total</th>
              <td class="hb-num" data-value="4">4</td>
              <td class="hb-num" data-value="100">100 B</td>
              <td class="hb-num" data-value="2048">+2.00 KiB</td>
            </tr>
          </tfoot>
        </table>
        <ul class="hb-notes">
          <li>Measured on CPython 3.14, wasm32.</li>
        </ul>
      </div>"
    `);
  });
});

describe('encoding', () => {
  it('draws one box per byte, code unit or stored character', () => {
    const picture = encodingPicture(hiEmoji, en);
    // UTF-8: 1 + 1 + 4 bytes; UTF-16: 1 + 1 + 2 units; UTF-32: 3; CPython: 3 characters.
    expect(findAll(picture, 'rect')).toHaveLength(6 + 4 + 3 + 3);
    const texts = findAll(picture, 'text').map(textOf);
    expect(texts).toEqual(expect.arrayContaining(['F0', '9F', '98', '80', 'D83D', 'DE00', '0001F600', 'U+1F600']));
  });

  it('splits getsizeof into header and characters in one sentence', () => {
    expect(en.encodingSummary(hiEmoji)).toMatchInlineSnapshot(
      `"3 characters, stored by CPython as ucs-4 (4 bytes per character): sys.getsizeof = 48 B = 32 B header + 16 B characters and NUL. Encoded: UTF-8 6 B, UTF-16 8 B, UTF-32 12 B."`,
    );
  });

  it('lists every character in a table and draws invisible ones as a dot', () => {
    const view = renderEncoding(
      { ...hiEmoji, chars: [{ char: '\u0007', codePoint: 7, utf8: [7], utf16: [7] }, ...hiEmoji.chars] },
      { text: en },
    );
    const rows = findAll(view, 'tr').map(textOf);
    expect(rows).toEqual([
      'charcode pointUTF-8UTF-16 unitsCPython',
      '·U+00070700074 B',
      'hU+00686800684 B',
      'iU+00696900694 B',
      '😀U+1F600F0 9F 98 80D83D DE004 B',
    ]);
  });
});

describe('reference graph', () => {
  it('finds the objects on cycles, including an object that refers to itself', () => {
    expect(findCycles(cycle)).toEqual({ nodes: new Set(['n0', 'n1']), edges: new Set([0, 1]) });
    const self: GraphData = {
      ...cycle,
      edges: [
        { from: 'n2', to: 'n2', label: '' },
        { from: 'n0', to: 'n1', label: '' },
      ],
    };
    expect(findCycles(self)).toEqual({ nodes: new Set(['n2']), edges: new Set([0]) });
  });

  it('finds cycles in a chain of 20,000 objects without overflowing the stack', () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) => ({ ...cycle.nodes[1]!, id: `n${i}` }));
    const edges = nodes.map((_, i) => ({ from: `n${i}`, to: `n${(i + 1) % n}`, label: '' }));
    expect(findCycles({ ...cycle, nodes, edges }).nodes.size).toBe(n);
  });

  it('quotes every label so engine text cannot become DOT syntax', () => {
    expect(dotString('a"b\\N', 'line\ttwo')).toBe('"a\\"b\\\\N\\nline two"');
    expect(dotString('&lt;b&gt;')).toBe('"&amp;lt;b&amp;gt;"');
    expect(graphToDot(cycle)).toMatchInlineSnapshot(`
      "digraph heap {
        graph [rankdir=LR, bgcolor="transparent", fontname="Helvetica", nodesep=0.3, ranksep=0.45];
        node [shape=box, style="rounded,filled", fillcolor="#f4f4f5", color="#52525b", fontname="Helvetica", fontsize=10];
        edge [color="#71717a", fontname="Helvetica", fontsize=9, fontcolor="#3f3f46", arrowsize=0.7];
        "n0" [label="list\\nlist, 1 item\\n40 B · refcount 2", fillcolor="#dbeafe", penwidth=2, color="#c2410c", penwidth=2];
        "n1" [label="list\\nlist, 2 items\\n48 B · refcount 1", color="#c2410c", penwidth=2];
        "n2" [label="str\\n'<script>alert(1)</script>\\"\\\\N'\\n60 B\\n+3 not drawn"];
        "n0" -> "n1" [label="[0]", color="#c2410c", penwidth=1.6];
        "n1" -> "n0" [label="[0]", color="#c2410c", penwidth=1.6];
        "n1" -> "n2" [label="['k\\"']"];
      }"
    `);
  });

  it('draws with Graphviz, keeps labels as text, and lists objects and references', async () => {
    const view = await renderGraph(cycle, buildRenderTools());
    const svg = findAll(view, 'svg')[0]!;
    expect(svg.attrs?.['aria-label']).toBe('refs(a): 3 objects, 3 references');
    expect(findAll(svg, 'script')).toHaveLength(0);
    const labels = findAll(svg, 'text').map(textOf);
    expect(labels).toEqual(
      expect.arrayContaining(['list, 1 item', `'<script>alert(1)</script>"\\N'`, '40 B · refcount 2', '+3 not drawn']),
    );
    expect(findAll(svg, 'path').filter((p) => p.attrs?.['stroke'] === '#c2410c')).toHaveLength(4);
    expect(graphTables(cycle, en).map((t) => findAll(t, 'tr').map(textOf))).toMatchInlineSnapshot(`
      [
        [
          "nodetypeobjectsizerefcount",
          "n0listlist, 1 item40 B2start, in a cycle",
          "n1listlist, 2 items48 B1in a cycle",
          "n2str'<script>alert(1)</script>"\\N'60 B—3 not drawn",
        ],
        [
          "fromviato",
          "n0 list[0]n1 list",
          "n1 list[0]n0 list",
          "n1 list['k"']n2 str",
        ],
      ]
    `);
  });
});

describe('SVG sanitiser', () => {
  it('keeps drawing elements and drops scripts, links, handlers, styles and foreign content', () => {
    const markup = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)" style="display:none">
      <script>alert(2)</script><style>body{display:none}</style>
      <a href="javascript:alert(3)"><text x="1">link</text></a>
      <foreignObject><div>html</div></foreignObject>
      <g class="node" fill="url(https://evil.example/x)"><text x="1" y="2">safe &lt;b&gt;</text><rect width="3" onclick="x()"/></g>
    </svg>`;
    const view = svgToView(buildRenderTools().parseSvg(markup), { role: 'img' });
    expect(viewToHtml(view)).toMatchInlineSnapshot(`
      "<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">
        <g class="node">
          <text x="1" y="2">safe &lt;b&gt;</text>
          <rect width="3"></rect>
        </g>
      </svg>"
    `);
  });

  it('refuses a root that is not SVG', () => {
    expect(() => svgToView(buildRenderTools().parseSvg('<html/>'))).toThrow(/expected an <svg> element/);
  });
});

describe('charts', () => {
  it('draws one bar per row, categories in the order the engine sent them', async () => {
    const view = await renderChart(comparison, buildRenderTools());
    const svg = findAll(view, 'svg')[0]!;
    // Plot draws each facet's bars in a group filled with the first series colour.
    const bars = findAll(svg, 'g')
      .filter((g) => g.attrs?.['fill'] === '#2563eb')
      .flatMap((g) => findAll(g, 'rect'));
    expect(bars).toHaveLength(4);
    const texts = findAll(svg, 'text').map(textOf);
    expect(texts).toEqual(expect.arrayContaining(['800 KiB', '1.17 KiB', 'net', 'peak']));
    expect(texts.indexOf('list')).toBeLessThan(texts.indexOf('gen'));
    expect(findAll(chartTable(comparison, en), 'tr').map(textOf)).toMatchInlineSnapshot(`
      [
        "metriccandidatebytes",
        "netlist0 B",
        "netgen0 B",
        "peaklist800 KiB",
        "peakgen1.17 KiB",
      ]
    `);
  });

  it('draws one line per series with a legend and the numbers as a table', async () => {
    const view = await renderChart(timeline, buildRenderTools());
    const svg = findAll(view, 'svg')[0]!;
    const lines = findAll(svg, 'path').filter((p) => /^M[\d.]+,[\d.]+L/.test(p.attrs?.['d'] ?? '') && p.attrs?.['stroke']);
    expect(lines.map((p) => p.attrs?.['stroke'])).toEqual(['#2563eb', '#dc2626']);
    expect(findAll(view, 'li').map(textOf)).toEqual(['current', 'peak since previous sample']);
    expect(findAll(chartTable(timeline, en), 'tr')).toHaveLength(7);
  });
});

describe('a value with several types', () => {
  it('draws each known type in the bundle order and ignores unknown ones', async () => {
    const bundle = {
      'text/plain': 'text',
      'application/vnd.heapbook.chart+json': comparison,
      'text/html': '<b>no</b>',
      'application/vnd.heapbook.table+json': table,
    } as MimeBundle;
    const view = await drawValueAtBuild(bundle);
    expect(view.attrs?.['class']).toBe('hb-rich');
    expect(view.children.map((c) => (typeof c === 'string' ? c : c.attrs?.['class']))).toEqual(['hb-figure hb-chart', 'hb-table']);
    expect(textOf(view)).not.toContain('<b>no</b>');
  });

  it("draws an object smuggled into a cell's data as text, at build and on the page", async () => {
    const fake = { tag: 'img', attrs: { src: 'x', onerror: 'alert(1)' }, children: [] };
    const hostile = { ...table, caption: fake, rows: [{ type: fake, objects: 1, bytes: 2, delta: 3 }] } as unknown as TableData;
    const view = await drawValueAtBuild({ 'text/plain': 't', 'application/vnd.heapbook.table+json': hostile });
    const flow = JSON.stringify(toFlow(view));
    expect(flow).not.toContain('"name":"img"');
    expect(flow).toContain('{"type":"heapbookExactText","value":"[object Object]"}');
    const dom = toDom(view, buildRenderTools().document) as unknown as { querySelector(s: string): unknown; textContent: string };
    expect(dom.querySelector('img')).toBeNull();
    expect(dom.textContent).toContain('[object Object]');
  });

  it('falls back to the text, with a notice, when data cannot be drawn', async () => {
    const broken = { 'text/plain': 'Graph(3 nodes)', 'application/vnd.heapbook.graph+json': { nodes: 'oops' } } as unknown as MimeBundle;
    const view = await drawValueAtBuild(broken);
    expect(textOf(view)).toMatch(/^Could not draw application\/vnd\.heapbook\.graph\+json: .+\. The value as text:Graph\(3 nodes\)$/);
  });

  it('refuses to lay out a graph too large for the main thread, and says what to change', async () => {
    const nodes = Array.from({ length: 201 }, (_, i) => ({ ...cycle.nodes[1]!, id: `n${i}` }));
    const huge = { 'text/plain': 'Graph', 'application/vnd.heapbook.graph+json': { ...cycle, nodes, edges: [] } } as MimeBundle;
    expect(textOf(await drawValueAtBuild(huge))).toContain('201 objects are too many to draw (at most 200): pass a smaller max_nodes');
  });

  it("uses the page's language for the renderers' own words", async () => {
    expect(chapterLang('/work/content/docs/zh-cn/gc.mdx')).toBe('zh-CN');
    expect(chapterLang('/work/content/docs/en/gc.mdx')).toBe('en');
    const zh = await drawValueAtBuild({ 'text/plain': 'g', 'application/vnd.heapbook.graph+json': cycle }, 'content/docs/zh-cn/gc.mdx');
    expect(findAll(zh, 'summary').map(textOf)).toEqual(['以表格列出对象与引用']);
    expect(findAll(zh, 'figcaption').map(textOf)).toEqual([
      'refs(a): 3 objects, 3 references。蓝色是起点对象。橙色边框标出处在引用环上的对象。',
    ]);
    // The helper's own words (Python's Say) are applied on a Chinese page, and only there.
    const worded = { ...cycle, words: { 'zh-CN': { 'refs(a): 3 objects, 3 references': 'refs(a)：3 个对象，3 条引用' } } };
    const bundle = { 'text/plain': 'g', 'application/vnd.heapbook.graph+json': worded } as MimeBundle;
    const zhWorded = await drawValueAtBuild(bundle, 'content/docs/zh-cn/gc.mdx');
    expect(findAll(zhWorded, 'figcaption').map(textOf)).toEqual([
      'refs(a)：3 个对象，3 条引用。蓝色是起点对象。橙色边框标出处在引用环上的对象。',
    ]);
    const enWorded = await drawValueAtBuild(bundle, 'content/docs/en/gc.mdx');
    expect(findAll(enWorded, 'figcaption').map(textOf)).toEqual([
      'refs(a): 3 objects, 3 references. The starting object is blue. Objects on a reference cycle are outlined in orange.',
    ]);
  });

  it('is plain text when there is nothing richer', async () => {
    expect(viewToHtml(await drawValueAtBuild({ 'text/plain': '42' }))).toBe('<pre class="hb-value">42</pre>');
  });
});

describe("a chart's table of many rows", () => {
  const samples = (n: number, peakAt: number): ChartData => ({
    ...timeline,
    rows: ['current', 'peak since previous sample'].flatMap((kind, s) =>
      Array.from({ length: n }, (_, i) => ({ ms: i, kind, bytes: i === peakAt + s ? 9_000_000 : i * 10 })),
    ),
  });

  it('keeps every row up to the limit', () => {
    expect(tableRows(timeline)).toEqual(timeline.rows);
    expect(findAll(chartTable(timeline, en), 'li')).toHaveLength(0);
  });

  it('thins each series evenly, keeping its first, last and highest rows in order, and says so', () => {
    const data = samples(540, 101);
    const rows = tableRows(data, CHART_TABLE_ROWS);
    expect(rows.length).toBeLessThanOrEqual(CHART_TABLE_ROWS + 2);
    expect(rows.length).toBeGreaterThanOrEqual(CHART_TABLE_ROWS - 2);
    for (const kind of ['current', 'peak since previous sample']) {
      const mine = rows.filter((r) => r['kind'] === kind).map((r) => r['ms'] as number);
      expect(mine[0]).toBe(0);
      expect(mine.at(-1)).toBe(539);
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
      expect(mine).toContain(kind === 'current' ? 101 : 102);
      // Evenly spaced: no gap between kept samples wider than twice the even step.
      const gaps = mine.slice(1).map((ms, i) => ms - mine[i]!);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * Math.ceil(539 / (CHART_TABLE_ROWS / 2 - 2)));
    }
    const view = chartTable(data, en);
    expect(findAll(view, 'tr')).toHaveLength(rows.length + 1);
    expect(findAll(view, 'li').map(textOf)).toEqual([
      `${rows.length} of the 1,080 rows, evenly spaced, always with the first, the last and the highest traced of each series; the chart draws every row.`,
    ]);
  });
});
