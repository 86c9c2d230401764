/**
 * The real engine (Pyodide in a Node worker thread, as at build time), driven through its host.
 */
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { createNodeEngine, pyodideDir } from '../../engine/python/node-engine.ts';
import type { RunResult } from '../../engine/protocol.ts';

let engine: EngineHost;
let n = 0;
const run = (code: string, options: { timeoutMs?: number; check?: string } = {}): Promise<RunResult> =>
  engine.run(
    { cellId: `t${++n}`, lang: 'python', code, ...(options.check ? { check: options.check } : {}) },
    options.timeoutMs ? { timeoutMs: options.timeoutMs } : {},
  );
const stdout = (r: RunResult) =>
  r.stream
    .filter((c) => c.stream === 'stdout')
    .map((c) => c.text)
    .join('');

beforeAll(async () => {
  engine = createNodeEngine();
  await engine.start();
});
afterAll(() => engine.dispose());

describe('engine in Node', () => {
  it('reports CPython 3.14 on Pyodide and can be interrupted', () => {
    const info = engine.info;
    expect(info?.lang === 'python' && info.pythonVersion).toMatch(/^3\.14\./);
    expect(info?.label).toMatch(/^Pyodide 314\.0\.\d+, CPython 3\.14\.\d+ \(wasm32\)$/);
    expect(engine.info?.interruptible).toBe(true);
  });

  it('returns stdout, stderr in order and the last value', async () => {
    const r = await run('import sys\nprint("one")\nprint("two", file=sys.stderr)\nprint("three")\n6 * 7');
    expect(r.status).toBe('ok');
    expect(r.stream).toEqual([
      { stream: 'stdout', text: 'one\n' },
      { stream: 'stderr', text: 'two\n' },
      { stream: 'stdout', text: 'three\n' },
    ]);
    expect(r.value).toEqual({ 'text/plain': '42' });
  });

  it('streams output while the cell runs', async () => {
    const seen: string[] = [];
    const r = await engine.run(
      { cellId: 'stream', lang: 'python', code: 'import time\nfor i in range(3):\n    print(i)\n    time.sleep(0.06)' },
      { onStream: (chunks) => seen.push(chunks.map((c) => c.text).join('')) },
    );
    expect(stdout(r)).toBe('0\n1\n2\n');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.join('')).toBe('0\n1\n2\n');
  });

  it("shows a NameError with the reader's lines and none of the engine's", async () => {
    const r = await run('def f():\n    return missing + 1\n\nf()');
    expect(r.status).toBe('error');
    expect(r.error?.type).toBe('NameError');
    expect(r.error?.message).toBe("name 'missing' is not defined");
    const tb = r.error?.traceback.join('\n') ?? '';
    expect(tb).toMatch(/File "<cell t\d+>", line 4, in <module>/);
    expect(tb).toContain('return missing + 1');
    expect(tb).not.toMatch(/_runner|pyodide|_base\.py/);
  });

  it('reports a syntax error at its line', async () => {
    const r = await run('x = (1,\n');
    expect(r.error?.type).toBe('SyntaxError');
    expect(r.error?.traceback.join('\n')).toMatch(/line 1/);
  });

  it('shares one namespace across runs', async () => {
    await run('shared = [1, 2, 3]');
    const r = await run('sum(shared)');
    expect(r.value?.['text/plain']).toBe('6');
  });

  it('measures about 8 MB held by a cell as net traced bytes', async () => {
    const r = await run('block = bytearray(8 * 1024 * 1024)');
    expect(r.metrics?.tracedNetBytes).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(r.metrics?.tracedNetBytes).toBeLessThan(9 * 1024 * 1024);
    expect(r.metrics?.wasmMemoryBytes).toBeGreaterThan(8 * 1024 * 1024);
    const freed = await run('del block');
    expect(freed.metrics?.tracedNetBytes).toBeLessThanOrEqual(-8 * 1024 * 1024);
  });

  it('separates peak from net: a temporary list is peak, not net', async () => {
    const r = await run('total = sum([i for i in range(200_000)])');
    expect(r.metrics?.tracedPeakBytes).toBeGreaterThan(800_000);
    expect(r.metrics?.tracedNetBytes).toBeLessThan(10_000);
  });

  it('counts collector passes and collected objects for a reference cycle', async () => {
    const r = await run(
      'import gc\nclass Node:\n    pass\na, b = Node(), Node()\na.other, b.other = b, a\ndel a, b\nfound = gc.collect()\nfound',
    );
    expect(r.status).toBe('ok');
    expect(Number(r.value?.['text/plain'])).toBeGreaterThanOrEqual(2);
    expect(r.metrics?.gcPasses).toBeGreaterThanOrEqual(1);
    expect(r.metrics?.gcCollected).toBeGreaterThanOrEqual(2);
  });

  it("evaluates a writer's check after the cell", async () => {
    expect((await run('n = 3', { check: 'n == 3' })).status).toBe('ok');
    const failed = await run('n = 4', { check: 'n == 3' });
    expect(failed.status).toBe('check-failed');
    expect(failed.error?.message).toBe('the check `n == 3` is false');
  });

  it('supports top-level await', async () => {
    const r = await run('import asyncio\nawait asyncio.sleep(0.01)\n"awaited"');
    expect(r.value?.['text/plain']).toBe("'awaited'");
  });

  it('interrupts an infinite loop within 2 s and keeps the namespace', async () => {
    await run('kept = "still here"');
    const started = performance.now();
    const pending = run('while True:\n    pass');
    setTimeout(() => engine.interrupt(), 200);
    const r = await pending;
    const stoppedAfter = performance.now() - started - 200;
    expect(r.status).toBe('interrupted');
    expect(r.error?.type).toBe('KeyboardInterrupt');
    expect(stoppedAfter).toBeLessThan(2000);
    expect((await run('kept')).value?.['text/plain']).toBe("'still here'");
  });

  it('restarts the engine when a cell ignores KeyboardInterrupt (time.sleep) and says so', async () => {
    const started = performance.now();
    const pending = run('import time\ntime.sleep(60)');
    setTimeout(() => engine.interrupt(), 200);
    const r = await pending;
    expect(performance.now() - started).toBeLessThan(200 + 2000);
    expect(r.status).toBe('restarted');
    expect(r.notice).toMatch(/did not stop within 1 s.*restarted.*Variables from earlier cells are gone/);
    expect((await run('1 + 1')).value?.['text/plain']).toBe('2');
  });

  it('stops a cell at its time limit', async () => {
    const r = await run('while True:\n    pass', { timeoutMs: 300 });
    expect(r.status).toBe('timeout');
    expect(r.notice).toContain('time limit of 300 ms');
  });

  it('restart clears the namespace', async () => {
    await run('before_restart = 1');
    await engine.restart();
    const r = await run('before_restart');
    expect(r.error?.type).toBe('NameError');
  });

  it('recovers from a fatal C stack overflow with a message', async () => {
    const r = await run("print('before')\nimport json\njson.loads('[' * 100000)");
    expect(r.status).toBe('restarted');
    expect(r.error?.type).toBe('FatalError');
    // The fault handler's dump is the engine's: out of the output, the reader's frame into the error.
    expect(r.stream).toEqual([{ stream: 'stdout', text: 'before\n' }]);
    expect(r.error?.traceback.slice(0, 2)).toEqual([
      'Where the cell was when the engine failed (most recent call first):',
      expect.stringMatching(/^  File "<cell t\d+>", line 3 in <module>$/),
    ]);
    expect(r.error?.traceback.join('\n')).not.toMatch(/_runner|python314\.zip/);
    expect(r.notice).toMatch(/crashed and was restarted/);
    expect((await run('2 + 2')).value?.['text/plain']).toBe('4');
  });
});

describe('engine restart while a cell runs', () => {
  it('answers the running cell as restarted at once, even mid-interrupt', async () => {
    const host = createNodeEngine();
    try {
      await host.start();
      await host.run({ cellId: 'r1', lang: 'python', code: 'gone = 1' });
      const pending = host.run({ cellId: 'r2', lang: 'python', code: 'import time\ntime.sleep(30)' });
      await new Promise((r) => setTimeout(r, 200));
      host.interrupt();
      const started = performance.now();
      void host.restart();
      const r = await pending;
      expect(performance.now() - started).toBeLessThan(500);
      expect(r.status).toBe('restarted');
      expect(r.notice).toContain('The engine was restarted while this cell ran.');
      const after = await host.run({ cellId: 'r3', lang: 'python', code: 'gone' });
      expect(after.error?.type).toBe('NameError');
    } finally {
      host.dispose();
    }
  });
});

describe('memory that never shrinks', () => {
  it('recycles the worker after a cell that grew WebAssembly memory past the limit, and says so', async () => {
    const host = createNodeEngine({ recycleWasmBytes: 200 * 2 ** 20 });
    try {
      await host.run({ cellId: 'm1', lang: 'python', code: 'kept = 1' });
      const big = await host.run({ cellId: 'm2', lang: 'python', code: 'blob = bytearray(300 * 2**20)\ndel blob\n"done"' });
      expect(big.status).toBe('ok');
      expect(big.value).toEqual({ 'text/plain': "'done'" });
      expect(big.metrics?.wasmMemoryBytes).toBeGreaterThan(300 * 2 ** 20);
      expect(big.notice).toMatch(
        /^This cell grew the engine's WebAssembly memory to 0\.\d GiB, which never shrinks, so the engine was restarted after it/,
      );
      const after = await host.run({ cellId: 'm3', lang: 'python', code: "'kept' in globals()" });
      expect(after.value).toEqual({ 'text/plain': 'False' });
      expect(after.metrics?.wasmMemoryBytes).toBeLessThan(200 * 2 ** 20);
      expect(after.notice).toBeNull();
    } finally {
      host.dispose();
    }
  });
});

describe('an engine whose WebAssembly cannot be loaded', () => {
  it('fails to start within seconds, saying which file to check, instead of loading for ever', async () => {
    // Pyodide's folder with a damaged pyodide.asm.wasm; every other file is the real one.
    const dir = await mkdtemp(`${tmpdir()}/heapbook-broken-wasm-`);
    for (const file of await readdir(pyodideDir())) {
      if (file === 'pyodide.asm.wasm') await writeFile(`${dir}/${file}`, 'not WebAssembly');
      else await symlink(`${pyodideDir()}${file}`, `${dir}/${file}`);
    }
    const host = createNodeEngine({ indexURL: `${dir}/` });
    const started = performance.now();
    try {
      const r = await host.run({ cellId: 'w1', lang: 'python', code: '1 + 1' });
      expect(performance.now() - started).toBeLessThan(30_000);
      expect(r.status).toBe('error');
      expect(`${r.error?.type}: ${r.error?.message}`).toMatch(
        new RegExp(
          `The Python engine could not start: its WebAssembly could not be loaded \\(.+\\)\\. Check that file://${dir}/pyodide\\.asm\\.wasm is served with status 200 as application/wasm\\.`,
        ),
      );
      expect(host.state).toBe('failed');
    } finally {
      host.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
