/**
 * The broadcasting renderer (`application/vnd.heapbook.broadcast+json`): the operands' shapes drawn
 * one row each, right-aligned so that their last axes share a column, with the result underneath.
 * A stretched axis (size 1 or missing) is a dashed box with its stride in the stretched view, 0; a
 * conflicting axis is red. Drawn by hand: no chart library draws this. The table behind it lists
 * the same shapes and strides, and the bytes each operand really holds.
 */
import type { BroadcastCell, BroadcastData } from '../../../engine/protocol.ts';
import { h, type ViewNode } from '../view-node.ts';
import { drawing } from './drawing.ts';
import type { RenderTools } from './render-tools.ts';
import type { BroadcastText } from '../../i18n/index.ts';
import { renderNotes, renderTable } from './table-view.ts';

const LABEL_W = 132;
const COL_W = 92;
const HEAD_H = 24;
const ROW_H = 46;
const BOX_H = 36;

const STYLE = {
  own: { fill: '#dbeafe', stroke: '#1e3a8a', dash: null },
  stretched: { fill: '#ffedd5', stroke: '#c2410c', dash: '5 3' },
  conflict: { fill: '#fee2e2', stroke: '#b91c1c', dash: null },
  result: { fill: '#e4e4e7', stroke: '#18181b', dash: null },
} as const;

const tupleText = (shape: number[]) => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

function box(x: number, y: number, style: (typeof STYLE)[keyof typeof STYLE], main: string, small: string | null): ViewNode[] {
  const rect: Record<string, string> = {
    x: String(x + 4),
    y: String(y + (ROW_H - BOX_H) / 2),
    width: String(COL_W - 8),
    height: String(BOX_H),
    rx: '4',
    fill: style.fill,
    stroke: style.stroke,
  };
  if (style.dash) rect['stroke-dasharray'] = style.dash;
  const mid = x + COL_W / 2;
  const nodes = [
    h('rect', rect),
    h('text', { x: String(mid), y: String(y + (small ? 21 : 27)), 'text-anchor': 'middle', 'font-size': '13' }, main),
  ];
  if (small)
    nodes.push(h('text', { x: String(mid), y: String(y + 35), 'text-anchor': 'middle', 'font-size': '9', fill: '#3f3f46' }, small));
  return nodes;
}

function operandCell(cell: BroadcastCell, data: BroadcastData, x: number, y: number, text: BroadcastText): ViewNode[] {
  const stride = cell.stride === null ? null : text.stride(cell.stride);
  if (data.conflict === cell.axis && cell.size !== null) return box(x, y, STYLE.conflict, String(cell.size), text.conflict);
  if (cell.stretched && data.shape) {
    const to = data.shape[data.shape.length + cell.axis]!;
    return box(x, y, STYLE.stretched, text.stretched(cell.size, to), stride);
  }
  if (cell.size === null) return [];
  return box(x, y, STYLE.own, String(cell.size), stride);
}

/** The picture: one row per operand and one for the result, one column per axis. */
export function broadcastPicture(data: BroadcastData, text: BroadcastText): ViewNode {
  const width = LABEL_W + Math.max(1, data.ndim) * COL_W;
  const rows = data.operands.length + 1;
  const height = HEAD_H + rows * ROW_H + 4;
  const nodes: ViewNode[] = [];
  for (let i = 0; i < data.ndim; i++) {
    const axis = i - data.ndim;
    const x = LABEL_W + i * COL_W + COL_W / 2;
    nodes.push(h('text', { x: String(x), y: '16', 'text-anchor': 'middle', 'font-size': '11' }, text.axis(axis)));
  }
  data.operands.forEach((op, r) => {
    const y = HEAD_H + r * ROW_H;
    nodes.push(
      h('text', { x: '0', y: String(y + 20), 'font-size': '13', 'font-weight': 'bold' }, op.label),
      h('text', { x: '0', y: String(y + 36), 'font-size': '11', 'font-family': 'ui-monospace, monospace' }, tupleText(op.shape)),
    );
    op.cells.forEach((cell, i) => nodes.push(...operandCell(cell, data, LABEL_W + i * COL_W, y, text)));
  });
  const y = HEAD_H + data.operands.length * ROW_H;
  nodes.push(
    h('line', { x1: '0', x2: String(width), y1: String(y + 1), y2: String(y + 1), stroke: '#71717a' }),
    h('text', { x: '0', y: String(y + 20), 'font-size': '13', 'font-weight': 'bold' }, text.result),
    h(
      'text',
      { x: '0', y: String(y + 36), 'font-size': '11', 'font-family': 'ui-monospace, monospace' },
      data.shape ? tupleText(data.shape) : '—',
    ),
  );
  for (let i = 0; i < data.ndim; i++) {
    const axis = i - data.ndim;
    const x = LABEL_W + i * COL_W;
    if (data.shape) nodes.push(...box(x, y, STYLE.result, String(data.shape[i]), null));
    else if (axis === data.conflict) nodes.push(...box(x, y, STYLE.conflict, '✗', text.conflict));
  }
  return drawing(width, height, 'hb-broadcast-svg', text.pictureLabel(data), ...nodes);
}

const listText = (values: Array<number | null> | null) => (values ? tupleText(values.map((v) => v ?? 0)) : '—');

export function renderBroadcast(data: BroadcastData, tools: Pick<RenderTools, 'text'>): ViewNode {
  const words = tools.text.broadcast;
  const col = words.columns;
  const table = renderTable({
    caption: words.summary(data),
    columns: [
      { key: 'operand', label: col.operand, format: 'text' },
      { key: 'shape', label: col.shape, format: 'code' },
      { key: 'strides', label: col.strides, format: 'code' },
      { key: 'stretched', label: col.stretchedStrides, format: 'code' },
      { key: 'nbytes', label: col.nbytes, format: 'bytes' },
    ],
    rows: data.operands.map((op) => ({
      operand: op.label,
      shape: tupleText(op.shape),
      strides: listText(op.strides),
      stretched: listText(op.stretchedStrides),
      nbytes: op.nbytes,
    })),
    notes: [],
  });
  const held = words.held(data);
  const notes = [words.legend, ...(held ? [held] : []), tools.text.measuredOn(data.platform)];
  return h(
    'figure',
    { class: 'hb-figure hb-broadcast' },
    h('p', { class: 'hb-summary' }, words.summary(data)),
    broadcastPicture(data, words),
    h('details', null, h('summary', null, words.tableSummary), table),
    ...renderNotes(notes),
  );
}
