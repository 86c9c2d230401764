/**
 * The gutter's figures (bytes each line of a cell still holds at its end) and the per-cell
 * left-behind reading, computed by the runner in the real engine (Pyodide in a Node worker thread).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineHost } from '../../engine/host/engine-host.ts';
import { createNodeEngine } from '../../engine/python/node-engine.ts';
import { HEAPBOOK_MIME, type ChartData, type RunRequest, type RunResult, type TableData } from '../../engine/protocol.ts';

let engine: EngineHost;
let n = 0;

/**
 * How far the lines' total may be from the metrics line's net figure on a cell that allocates
 * only on its own lines and frees nothing older: the runner's own allocations between its two
 * readings of tracemalloc (the clock's float, the meter's state) and what a free list returns.
 */
const TOLERANCE_BYTES = 512;

async function run(code: string, extra: Partial<RunRequest> = {}): Promise<RunResult> {
  const result = await engine.run({ cellId: `m${++n}`, lang: 'python', code, ...extra });
  if (result.status !== 'ok') throw new Error(`cell failed: ${JSON.stringify(result.error)}\n${code}`);
  return result;
}

const held = (r: RunResult, line: number) => r.lines?.lines.find(([l]) => l === line)?.[1] ?? 0;

beforeAll(async () => {
  engine = createNodeEngine();
  await engine.start();
  await run('import json');
});
afterAll(() => engine.dispose());

describe('bytes held by line', () => {
  it('puts a kept 1 MB bytearray on line 3 and next to nothing elsewhere', async () => {
    const r = await run('a = 1\nb = "small"\nkeep = bytearray(1_000_000)\nc = a + 1\n', { lines: true });
    expect(held(r, 3)).toBeGreaterThanOrEqual(1_000_000);
    expect(held(r, 3)).toBeLessThan(1_000_000 + 256);
    for (const [line, bytes] of r.lines?.lines ?? []) if (line !== 3) expect(bytes, `line ${line}`).toBeLessThan(256);
    expect(r.lines?.total).toBe(r.lines?.lines.reduce((sum, [, bytes]) => sum + bytes, 0));
  });

  it(`totals the net figure of the metrics line within ${TOLERANCE_BYTES} bytes`, async () => {
    const cells = [
      'rows = [{"n": i} for i in range(2_000)]\nnames = [str(i) * 3 for i in range(500)]\n',
      'blob = bytes(300_000)\nsquares = {i: i * i for i in range(1_000)}\n',
      'def make(k):\n    return [0] * k\nmade = make(50_000)\n',
    ];
    for (const code of cells) {
      const r = await run(code, { lines: true });
      const net = r.metrics?.tracedNetBytes ?? NaN;
      expect(net).toBeGreaterThan(10_000);
      expect(Math.abs((r.lines?.total ?? 0) - net), `${code}\nlines ${JSON.stringify(r.lines)} net ${net}`).toBeLessThanOrEqual(
        TOLERANCE_BYTES,
      );
    }
  });

  it('charges an allocation inside a function the cell defines to the line of its body', async () => {
    const r = await run('def make():\n    return bytearray(200_000)\n\nkept = make()\n', { lines: true });
    expect(held(r, 2)).toBeGreaterThanOrEqual(200_000);
    expect(held(r, 4)).toBeLessThan(256);
  });

  it('lets the value of the last expression go before reading, and reads nothing unasked', async () => {
    const r = await run('bytearray(500_000)', { lines: true });
    expect(held(r, 1)).toBeLessThan(256);
    const plain = await run('x = bytearray(10)');
    expect(plain.lines).toBeUndefined();
  });

  it('reads a cell that ran last without running it again (the page opening the gutter later)', async () => {
    await run('kept_later = bytearray(400_000)\n');
    const id = `m${n}`;
    const probe = await run(`print(__import__("heapbook._cell_memory", fromlist=["x"]).lines_json(${JSON.stringify(id)}))`);
    const read = JSON.parse(probe.stream.map((c) => c.text).join('')) as { lines: [number, number, number][]; total: number };
    expect(read.lines[0]?.[0]).toBe(1);
    expect(read.lines[0]?.[1]).toBeGreaterThanOrEqual(400_000);
  });
});

describe('left behind, per cell', () => {
  it('counts 10,000 dicts on the line that made them', async () => {
    const r = await run('import gc\nlabel = "rows"\nrows = [{"n": i} for i in range(10_000)]\n', { leftBehind: true, lines: true });
    expect(r.leftBehindError).toBeUndefined();
    const table = r.leftBehind?.[HEAPBOOK_MIME.table] as TableData;
    const dicts = table.rows.find((row) => row['type'] === 'dict');
    expect(dicts?.['count']).toBe(10_000);
    // The runner's own objects (its meter, the metrics, their floats) are not the cell's.
    expect(
      table.rows.map((row) => String(row['type'])).filter((type) => type.startsWith('heapbook.') || type === 'float' || type === 'object'),
    ).toEqual([]);
    expect(Number(dicts?.['bytes'])).toBeGreaterThan(10_000 * 50);
    const chart = r.leftBehind?.[HEAPBOOK_MIME.chart] as ChartData;
    const line3 = chart.rows.find((row) => String(row['line']).startsWith('line 3:'));
    expect(Number(line3?.['bytes'])).toBeGreaterThan(10_000 * 50);
    expect(chart.rows.some((row) => String(row['line']).startsWith('line 1:') && Number(row['bytes']) > 1_000)).toBe(false);
    expect(held(r, 3)).toBeGreaterThan(10_000 * 50);
  });

  it('leaves a cell without the option alone, and keeps the result of a cell that raises', async () => {
    const plain = await run('x = [dict() for _ in range(10)]');
    expect(plain.leftBehind).toBeUndefined();
    const failed = await engine.run({
      cellId: `m${++n}`,
      lang: 'python',
      code: 'kept = [[] for _ in range(100)]\n1 / 0',
      leftBehind: true,
    });
    expect(failed.status).toBe('error');
    expect(failed.error?.type).toBe('ZeroDivisionError');
    const table = failed.leftBehind?.[HEAPBOOK_MIME.table] as TableData;
    expect(table.rows.find((row) => row['type'] === 'list')?.['count']).toBeGreaterThanOrEqual(101);
  });
});
