/** The memory gutter and the "Left behind" disclosure: figures, shades, rows and words. */
import { describe, expect, it } from 'vitest';
import { drawValueAtBuild } from '../../src/build/build-render-tools.ts';
import {
  gutterRows,
  heatLevel,
  leftBehindTotals,
  lineCount,
  renderGutter,
  renderLeftBehind,
  renderLinesToggle,
} from '../../src/shared/line-gutter.ts';
import { outputText } from '../../src/i18n/index.ts';
import { renderResult } from '../../src/shared/result-view.ts';
import { HEAPBOOK_MIME, type CellLines, type MimeBundle, type RunResult } from '../../engine/protocol.ts';
import { findAll, textOf, viewToHtml } from './view-html.ts';

const en = outputText('en');
const zh = outputText('zh-CN');
const lines: CellLines = {
  lines: [
    [1, 28, 1],
    [3, 1_000_029, 2],
    [4, 300_000, 5],
  ],
  total: 1_300_057,
};
const code = 'a = 1\nb = "small"\nkeep = bytearray(1_000_000)\nmore = bytes(300_000)\n';

describe('heatLevel', () => {
  it('is 0 for nothing held, 4 for the largest line, and at least 1 for any bytes', () => {
    expect(heatLevel(0, 1000)).toBe(0);
    expect(heatLevel(-50, 1000)).toBe(0);
    expect(heatLevel(10, 0)).toBe(0);
    expect(heatLevel(1000, 1000)).toBe(4);
    expect(heatLevel(1, 1_000_000)).toBe(1);
    expect(heatLevel(500, 1000)).toBe(2);
    expect(heatLevel(501, 1000)).toBe(3);
    expect(heatLevel(Number.NaN, 1000)).toBe(0);
  });
});

describe('gutterRows', () => {
  it('has a row for every line of the code, with the figure and shade of each', () => {
    const rows = gutterRows(lines, lineCount(code));
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.text)).toEqual(['28 B', '', '977 KiB', '293 KiB']);
    expect(rows.map((r) => r.level)).toEqual([1, 0, 4, 2]);
  });

  it('drops lines past the code and counts a last line without a newline', () => {
    expect(lineCount('x = 1')).toBe(1);
    expect(lineCount('x = 1\ny = 2\n')).toBe(2);
    expect(lineCount('')).toBe(1);
    const rows = gutterRows(
      {
        lines: [
          [1, 10, 1],
          [9, 999_999, 1],
        ],
        total: 1_000_009,
      },
      2,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ bytes: 10, level: 4 });
  });
});

describe('renderGutter', () => {
  it('renders one span per line with its bytes, shade and a title in the page language', () => {
    const gutter = renderGutter(lines, code, en);
    const spans = findAll(gutter, 'span');
    expect(spans).toHaveLength(4);
    expect(spans[2]?.attrs).toMatchObject({
      class: 'hb-gl hb-heat-4',
      'data-line': '3',
      'data-bytes': '1000029',
      title: 'line 3 still holds 1,000,029 bytes',
    });
    expect(spans[1]?.attrs?.['title']).toBeUndefined();
    expect(gutter.attrs?.['aria-label']).toBe('Bytes each line still holds at the end of the cell');
    expect(renderGutter(lines, code, zh).attrs?.['aria-label']).toBe('单元结束时每行仍占用的字节数');
  });
});

describe('renderLinesToggle', () => {
  it('sums the lines against the net figure, closed unless asked', () => {
    const toggle = renderLinesToggle(lines, 1_300_100, en);
    expect(toggle.tag).toBe('details');
    expect(toggle.attrs?.['open']).toBeUndefined();
    expect(textOf(findAll(toggle, 'summary')[0]!)).toBe('Memory by line: the lines still hold 1.24 MiB (net +1.24 MiB)');
    expect(renderLinesToggle(lines, null, zh, true).attrs?.['open']).toBe('');
    expect(textOf(findAll(renderLinesToggle(null, 5, zh), 'summary')[0]!)).toBe('逐行内存');
  });
});

const leftBundle: MimeBundle = {
  'text/plain': 'left_behind(): 10,000 objects …',
  [HEAPBOOK_MIME.chart]: {
    mark: 'bar',
    caption: 'Bytes still alive, by the line that allocated them',
    x: { key: 'bytes', label: 'bytes', format: 'bytes' },
    y: { key: 'line', label: 'line', format: 'text' },
    rows: [{ line: 'line 3: rows = [{"n": i} for i in range(10_000)]', bytes: 1_200_000 }],
    notes: [],
  },
  [HEAPBOOK_MIME.table]: {
    caption: 'left_behind(): 10,000 objects, 1,200,000 bytes, still alive after the block',
    columns: [
      { key: 'type', label: 'type', format: 'text' },
      { key: 'count', label: 'objects', format: 'int' },
      { key: 'bytes', label: 'bytes', format: 'bytes' },
    ],
    rows: [{ type: 'dict', count: 10_000, bytes: 1_200_000 }],
    total: { type: 'total', count: 10_000, bytes: 1_200_000 },
    notes: [],
  },
};

describe('renderLeftBehind', () => {
  it('says how many objects and bytes in its summary, in both languages', () => {
    expect(leftBehindTotals(leftBundle)).toEqual({ objects: 10_000, bytes: 1_200_000 });
    const view = renderLeftBehind(leftBundle, null, null, en);
    expect(textOf(findAll(view, 'summary')[0]!)).toBe('Left behind: 10,000 objects, 1.14 MiB still alive after the cell');
    const zhView = renderLeftBehind(leftBundle, null, null, zh);
    expect(textOf(findAll(zhView, 'summary')[0]!)).toBe('遗留对象：单元结束后仍有 10,000 个对象、1.14 MiB 存活');
    expect(textOf(renderLeftBehind(null, null, 'MemoryError: ', en))).toContain('Left behind: not read (MemoryError: )');
  });

  it('holds the bars and the table drawn by the book renderers', async () => {
    const drawn = await drawValueAtBuild(leftBundle);
    const html = viewToHtml(renderLeftBehind(leftBundle, drawn, null, en));
    expect(html).toContain('<svg');
    expect(html).toContain('dict');
    expect(html).toContain('10,000');
  });
});

describe('renderResult with the gutter toggle and left behind', () => {
  const result: RunResult = {
    cellId: 'c',
    status: 'ok',
    stream: [],
    value: null,
    error: null,
    metrics: {
      wallMs: 1,
      tracedNetBytes: 1_300_100,
      tracedPeakBytes: 1_300_100,
      gcPasses: 0,
      gcCollected: 0,
      wasmMemoryBytes: null,
      notes: [],
    },
    notice: null,
    lines,
    leftBehind: leftBundle,
  };

  it('adds both disclosures after the metrics line, and the toggle only when asked', () => {
    const view = renderResult(result, { kind: 'build', engine: 'e' }, { lines: { open: false } });
    const classes = view.children.map((c) => (typeof c === 'string' ? '' : c.attrs?.['class']));
    expect(classes).toEqual(['hb-metrics', 'hb-lines', 'hb-left-behind']);
    const without = renderResult(result, { kind: 'build', engine: 'e' });
    expect(without.children.map((c) => (typeof c === 'string' ? '' : c.attrs?.['class']))).toEqual(['hb-metrics', 'hb-left-behind']);
    const { lines: _read, ...unread } = result;
    const live = renderResult(unread, { kind: 'live' }, { lines: { open: true, summary: en.lines.reading } });
    expect(textOf(findAll(live, 'summary')[0]!)).toBe('Memory by line: reading…');
  });
});
