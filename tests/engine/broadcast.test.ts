/**
 * heapbook.broadcast() in the real engine, where NumPy is not loaded: the rules on bare shapes,
 * and strides read from memoryviews, which have NumPy's shape/strides/itemsize/nbytes attributes.
 */
import { describe, expect, it } from 'vitest';
import { HEAPBOOK_MIME, type BroadcastData } from '../../engine/protocol.ts';
import { pythonEngine } from './python-cells.ts';

const { attempt: run, facts } = pythonEngine('b', 'import json\nfrom heapbook import broadcast');

describe('broadcast', () => {
  it('follows NumPy rules on bare shapes: trailing axes aligned, 1 and missing axes stretch', async () => {
    type Facts = { three: number[]; scalar: number[]; same: number[]; clash: [boolean, number, string] };
    const f = await facts<Facts>(`b = broadcast((2, 1, 3), (4, 1))
c = broadcast(a=(3, 4), b=(5,))
print(json.dumps({"three": b.shape, "scalar": broadcast((), (2, 2)).shape, "same": broadcast((5,), (5,)).shape,
  "clash": [c.compatible, c.conflict, c.message()]}))`);
    expect(f.three).toEqual([2, 4, 3]);
    expect(f.scalar).toEqual([2, 2]);
    expect(f.same).toEqual([5]);
    expect(f.clash).toEqual([
      false,
      -1,
      '(3, 4) and (5,) cannot be broadcast: on axis -1 the sizes are 4 and 5, and only a size of 1 can stretch',
    ]);
  });

  it('reads strides from arrays, sets them to 0 where an axis stretches, and sends the picture data', async () => {
    const r = await run(`col = memoryview(bytearray(24)).cast("d", (3, 1))
row = memoryview(bytearray(32)).cast("d", (1, 4))
broadcast(col=col, row=row)`);
    expect(r.status).toBe('ok');
    const data = r.value?.[HEAPBOOK_MIME.broadcast] as BroadcastData;
    expect(data.shape).toEqual([3, 4]);
    expect(data.operands.map((o) => [o.label, o.strides, o.stretchedStrides, o.nbytes])).toEqual([
      ['col', [8, 8], [8, 0], 24],
      ['row', [32, 8], [0, 8], 32],
    ]);
    expect(data.resultNbytes).toBe(96);
    expect(data.platform).toMatch(/wasm32/);
    expect(r.value?.['text/plain']).toContain('broadcast: (3, 1) and (1, 4) broadcast to (3, 4)');
  });

  it('says what it takes when given something else', async () => {
    const wrong = await run('broadcast([1, 2], (2,))');
    expect(wrong.error?.message).toBe('broadcast() takes arrays (with a .shape) or shapes (tuples of ints); operand 1 is a list');
    const one = await run('broadcast((2,))');
    expect(one.error?.message).toMatch(/^broadcast\(\) needs at least two operands/);
  });
});
