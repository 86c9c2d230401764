/** The build's 64-bit companion run: the same runner and helpers on the machine's own CPython. */
import { describe, expect, it } from 'vitest';
import { runNative } from '../../src/build/native-python.ts';
import type { ExecRequest } from '../../src/build/remark-cells.ts';

const cell = (cellId: string, code: string, timeoutMs = 10_000): ExecRequest => ({ cellId, lang: 'python', code, timeoutMs });

describe('native run at build', () => {
  it('runs cells in order in one namespace on a 64-bit interpreter and measures them', async () => {
    const run = await runNative([
      cell('a', 'import sys\nx = [0] * 3\nprint("pointer", 8 if sys.maxsize > 2**32 else 4)'),
      cell('b', 'sys.getsizeof(x) - sys.getsizeof([])'),
      cell('c', '1/0'),
    ]);
    expect(run.platform).toMatch(/^CPython 3\.\d+\.\d+, \w+ \(64-bit, \w+\)$/);
    const [a, b, c] = run.results;
    expect(a?.stream).toEqual([{ stream: 'stdout', text: 'pointer 8\n' }]);
    // [0] * 3 allocates exactly three slots: three pointers of 8 bytes, measured natively.
    expect(b?.value).toEqual({ 'text/plain': '24' });
    expect(b?.metrics?.tracedNetBytes).toEqual(expect.any(Number));
    expect(c?.status).toBe('error');
    expect(c?.error?.type).toBe('ZeroDivisionError');
  });

  it("reads pymalloc's own report although the runner traces with tracemalloc", async () => {
    // tracemalloc wraps the allocator, and a wrapped pymalloc prints no report: malloc_stats()
    // stops tracing for each snapshot, and the runner says the cell's traced bytes are not measured.
    const run = await runNative([
      cell(
        'stats',
        'import json\nfrom heapbook import malloc_stats\ns = malloc_stats("start")\nxs = [(i, i + 0.5) for i in range(50_000)]\ns.snap("after")\n' +
          'print(json.dumps({"pymalloc": s.pymalloc, "grew": s["after"]["blocksInUse"] - s["start"]["blocksInUse"], "classes": len(s["after"]["classes"])}))\ns',
      ),
    ]);
    const [stats] = run.results;
    expect(stats?.status).toBe('ok');
    const facts = JSON.parse(
      stats!.stream
        .map((c) => c.text)
        .join('')
        .trim(),
    ) as { pymalloc: boolean; grew: number; classes: number };
    expect(facts.pymalloc).toBe(true);
    // A tuple, an int and a float per pair: about 150,000 blocks.
    expect(facts.grew).toBeGreaterThan(100_000);
    expect(facts.classes).toBeGreaterThan(10);
    expect(Object.keys(stats!.value ?? {})).toEqual(['text/plain', 'application/vnd.heapbook.pymalloc+json']);
    expect(stats?.metrics?.tracedNetBytes).toBeNull();
  });

  it('stops at a time limit and leaves the rest unrun', async () => {
    const run = await runNative([cell('slow', 'import time\ntime.sleep(5)', 300), cell('after', '1')]);
    expect(run.results).toEqual([null, null]);
  });

  it('says what to change when the interpreter is missing', async () => {
    await expect(runNative([cell('a', '1')], 'no-such-python')).rejects.toThrow(
      /cannot start "no-such-python" for the 64-bit figures .*install Python 3\.11 or later, or set HEAPBOOK_NATIVE_PYTHON/,
    );
  });
});
