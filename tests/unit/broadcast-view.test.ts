/** The broadcasting picture and its table, from data shaped as heapbook.broadcast() sends it. */
import { describe, expect, it } from 'vitest';
import type { BroadcastData } from '../../engine/protocol.ts';
import { broadcastPicture, renderBroadcast } from '../../src/shared/render/broadcast-view.ts';
import { renderText } from '../../src/i18n/index.ts';
import { findAll, textOf } from './view-html.ts';

const en = renderText('en');
const zh = renderText('zh-CN');

/** broadcast(a=np.zeros((3, 1)), b=np.zeros(4)) on a 64-bit machine. */
const column: BroadcastData = {
  operands: [
    {
      label: 'a',
      shape: [3, 1],
      strides: [8, 8],
      itemsize: 8,
      nbytes: 24,
      cells: [
        { axis: -2, size: 3, stretched: false, stride: 8 },
        { axis: -1, size: 1, stretched: true, stride: 0 },
      ],
      stretchedStrides: [8, 0],
    },
    {
      label: 'b',
      shape: [4],
      strides: [8],
      itemsize: 8,
      nbytes: 32,
      cells: [
        { axis: -2, size: null, stretched: true, stride: 0 },
        { axis: -1, size: 4, stretched: false, stride: 8 },
      ],
      stretchedStrides: [0, 8],
    },
  ],
  ndim: 2,
  shape: [3, 4],
  conflict: null,
  resultNbytes: 96,
  platform: 'CPython 3.11.7, x86_64',
};

/** broadcast(a=(3, 4), b=(5,)): bare shapes that conflict on the last axis. */
const clash: BroadcastData = {
  operands: [
    {
      label: 'a',
      shape: [3, 4],
      strides: null,
      itemsize: null,
      nbytes: null,
      stretchedStrides: null,
      cells: [
        { axis: -2, size: 3, stretched: false, stride: null },
        { axis: -1, size: 4, stretched: false, stride: null },
      ],
    },
    {
      label: 'b',
      shape: [5],
      strides: null,
      itemsize: null,
      nbytes: null,
      stretchedStrides: null,
      cells: [
        { axis: -2, size: null, stretched: false, stride: null },
        { axis: -1, size: 5, stretched: false, stride: null },
      ],
    },
  ],
  ndim: 2,
  shape: null,
  conflict: -1,
  resultNbytes: null,
  platform: 'CPython 3.14.2, wasm32',
};

describe('broadcast picture', () => {
  it('draws every operand axis and the result, with stretched axes dashed at stride 0', () => {
    const picture = broadcastPicture(column, en.broadcast);
    // a: 2 boxes, b: 2 boxes (its missing axis is drawn stretched), result: 2 boxes.
    expect(findAll(picture, 'rect')).toHaveLength(6);
    const dashed = findAll(picture, 'rect').filter((r) => r.attrs?.['stroke-dasharray']);
    expect(dashed).toHaveLength(2);
    const texts = findAll(picture, 'text').map(textOf);
    expect(texts).toEqual(
      expect.arrayContaining(['axis -2', 'axis -1', '1 → 4', '— → 3', 'stride 0', 'stride 8', 'result', '(3, 4)', '(4,)']),
    );
    expect(picture.attrs?.['aria-label']).toBe('Shapes (3, 1), (4,) aligned on their last axes, broadcast to (3, 4)');
  });

  it('marks the conflicting axis in red and draws no result sizes', () => {
    const picture = broadcastPicture(clash, en.broadcast);
    const red = findAll(picture, 'rect').filter((r) => r.attrs?.['stroke'] === '#b91c1c');
    // a's 4, b's 5 and the result's cross on axis -1.
    expect(red).toHaveLength(3);
    expect(findAll(picture, 'text').map(textOf)).toEqual(expect.arrayContaining(['✗', 'conflict']));
    expect(en.broadcast.summary(clash)).toBe(
      '(3, 4) and (5,) cannot be broadcast: on axis -1 the sizes are 4 and 5, and only a size of 1 can stretch.',
    );
  });

  it("lists shapes, strides and the bytes really held, in the reader's language", () => {
    const view = renderBroadcast(column, { text: en });
    const rows = findAll(view, 'tr').map(textOf);
    expect(rows).toEqual(['operandshapeown stridesstrides when stretchedbytes held', 'a(3, 1)(8, 8)(8, 0)24 B', 'b(4,)(8,)(0, 8)32 B']);
    expect(findAll(view, 'li').map(textOf)).toContain(
      "The operands hold 56 B in all; an array of the result's shape would hold 96 B. The stretched views add nothing.",
    );
    const zhView = renderBroadcast(column, { text: zh });
    expect(findAll(zhView, 'p').map(textOf)[0]).toBe('(3, 1) 与 (4,) 广播为 (3, 4)：按最后几个轴对齐，大小为 1 的轴和缺失的轴被拉伸。');
    expect(findAll(zhView, 'th').map(textOf)).toContain('拉伸后的步长');
  });
});
