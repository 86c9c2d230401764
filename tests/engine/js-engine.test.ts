/** JavaScript cells in a Node worker thread, as at build: output, values, errors, scope, limits. */
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import type { RestartCause } from '../../engine/host/engine-notices.ts';
import { createNodeJsEngine } from '../../engine/js/node-engine.ts';
import type { LateNote, RunResult } from '../../engine/protocol.ts';

let engine: EngineHost;
let n = 0;
const run = (code: string, options: { timeoutMs?: number; check?: string } = {}): Promise<RunResult> =>
  engine.run(
    { cellId: `j${++n}`, lang: 'javascript', code, ...(options.check ? { check: options.check } : {}) },
    options.timeoutMs ? { timeoutMs: options.timeoutMs } : {},
  );

beforeAll(async () => {
  engine = createNodeJsEngine({ heapLimitMb: 64 });
  await engine.start();
});
afterAll(() => engine.dispose());

describe('JavaScript cells in Node', () => {
  it('names V8 and Node, and says it cannot be interrupted', () => {
    const info = engine.info;
    expect(info?.lang).toBe('javascript');
    expect(info?.interruptible).toBe(false);
    expect(info?.label).toMatch(/^V8 [\d.]+-node\.\d+ \(Node 22\.\d+\.\d+\) in a worker thread$/);
  });

  it('captures console calls in order, stdout and stderr, and shows the last value inspected', async () => {
    const r = await run(
      'console.log("one", 2, {a: [1, 2]})\nconsole.error("two")\nconsole.info("three");\n({ n: 42, list: [1, "x"], m: new Map([["k", 1]]) })',
    );
    expect(r.status).toBe('ok');
    expect(r.stream).toEqual([
      { stream: 'stdout', text: 'one 2 { a: [ 1, 2 ] }\n' },
      { stream: 'stderr', text: 'two\n' },
      { stream: 'stdout', text: 'three\n' },
    ]);
    expect(r.value?.['text/plain']).toBe("{ n: 42, list: [ 1, 'x' ], m: Map (1) {'k' => 1} }");
  });

  it('shares top-level declarations between cells, with top-level await', async () => {
    await run('const base = 40\nlet counter = 1\nclass Box { constructor(v) { this.v = v } }\nfunction add(a, b) { return a + b }');
    const r = await run('await new Promise((r) => setTimeout(r, 5))\nadd(base, counter + 1) + new Box(0).v');
    expect(r.value).toEqual({ 'text/plain': '42' });
    expect((await run('typeof Box')).value).toEqual({ 'text/plain': "'function'" });
  });

  it("reports an error with the reader's lines and none of the engine's", async () => {
    const r = await run('function inner() {\n  return missing + 1\n}\ninner()');
    expect(r.status).toBe('error');
    expect(r.error?.type).toBe('ReferenceError');
    expect(r.error?.message).toBe('missing is not defined');
    expect(r.error?.traceback).toEqual(['ReferenceError: missing is not defined', `    at inner (cell j${n}:2)`, `    at cell j${n}:4`]);
  });

  it('reports a syntax error with the line and a caret', async () => {
    const r = await run('let x = 1\nlet y = (');
    expect(r.status).toBe('error');
    expect(r.error?.traceback.slice(0, 2)).toEqual(['SyntaxError: Unexpected token', `    at cell j${n}, line 2:10`]);
  });

  it('evaluates a check in the shared scope', async () => {
    expect((await run('const answer = 42', { check: 'answer === 42' })).status).toBe('ok');
    const failed = await run('const wrong = 1', { check: 'wrong === 2' });
    expect(failed.status).toBe('check-failed');
    expect(failed.error?.message).toBe('the check `wrong === 2` is false');
  });

  it('measures the heap after a forced full GC: retained bytes count, garbage does not', async () => {
    const kept = await run('globalThis.keep = new Array(1_000_000).fill(0)\nkeep.length');
    expect(kept.metrics?.heapNetBytes).toBeGreaterThan(7_000_000);
    expect(kept.metrics?.heapSource).toBe('v8.getHeapStatistics() after a forced full GC');
    const garbage = await run('{ const tmp = new Array(1_000_000).fill(0) }\n0');
    expect(Math.abs(garbage.metrics?.heapNetBytes ?? Infinity)).toBeLessThan(1_000_000);
    const freed = await run('keep = null');
    expect(freed.metrics?.heapNetBytes).toBeLessThan(-7_000_000);
  });

  it('observes collection with FinalizationRegistry after heapbook.collectGarbage()', async () => {
    const r = await run(
      'const collected = []\nconst registry = new FinalizationRegistry((name) => collected.push(name))\n' +
        'let held = {}\nregistry.register(held, "held")\n' +
        '// Made in a function, so that nothing in this cell still refers to it.\n' +
        'function makeGarbage() { registry.register({}, "dropped") }\nmakeGarbage()\n' +
        'const how = await heapbook.collectGarbage();\n[collected, how.forced]',
    );
    expect(r.value).toEqual({ 'text/plain': "[ [ 'dropped' ], true ]" });
  });

  it('records which build-only instruments a cell used, so its output can say a browser lacks them', async () => {
    expect((await run('1 + 1')).metrics?.instruments).toBeUndefined();
    const gc = await run('await heapbook.collectGarbage();\nawait heapbook.collectGarbage();\nheapbook.heapSpaces().spaces.length');
    expect(gc.metrics?.instruments).toEqual({
      runtime: expect.stringMatching(/^Node 22\.\d+\.\d+$/),
      collections: 2,
      forced: 2,
      heapSpaces: 1,
      gcEntries: 0,
    });
    const watching = await run(
      "const o = new PerformanceObserver(() => {});\no.observe({ entryTypes: ['gc'] });\no.disconnect();\n'watched'",
    );
    expect(watching.status).toBe('ok');
    expect(watching.metrics?.instruments).toMatchObject({ collections: 0, heapSpaces: 0, gcEntries: 1 });
    // Counted per cell: the next cell starts from nothing.
    expect((await run('2')).metrics?.instruments).toBeUndefined();
  });

  it("shows Node's heap spaces as a table", async () => {
    const r = await run('heapbook.heapSpaces()');
    const table = r.value?.['application/vnd.heapbook.table+json'];
    expect(table?.rows.map((row) => row['space'])).toEqual(expect.arrayContaining(['new_space', 'old_space', 'large_object_space']));
  });

  it('stops an infinite loop at its time limit by replacing the worker; the next cell runs', async () => {
    await run('globalThis.before = 1');
    const started = Date.now();
    const r = await run('while (true) {}', { timeoutMs: 300 });
    expect(r.status).toBe('timeout');
    expect(r.notice).toMatch(/^The cell was stopped at its time limit of 300 ms\..*Variables from earlier cells are gone\.$/);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await run('typeof before')).value).toEqual({ 'text/plain': "'undefined'" });
    expect((await run('1 + 1')).value).toEqual({ 'text/plain': '2' });
  });

  it('stops a runaway allocation at the heap limit with a clear message, restarts at once and says why; the next cell runs', async () => {
    const causes: RestartCause[] = [];
    const states: string[] = [];
    const stopListening = [engine.onRestart((cause) => causes.push(cause)), engine.onState((state) => states.push(state))];
    try {
      const r = await run('const hoard = []\nwhile (true) hoard.push(new Array(100_000).fill(1))', { timeoutMs: 60_000 });
      expect(r.status).toBe('restarted');
      expect(r.notice).toBe(
        "The JavaScript engine's worker stopped (the cell used more than the 64 MiB heap limit of JavaScript cells) and a fresh one was started. Variables from earlier cells are gone.",
      );
      expect(causes).toEqual([{ kind: 'worker-ended', exit: { kind: 'heap-limit', limitMb: 64 } }]);
      // Restarted without waiting for a next cell: the engine comes back ready by itself.
      await expect.poll(() => engine.state, { timeout: 10_000 }).toBe('ready');
      expect(states).toEqual(['running', 'restarting', 'loading', 'ready']);
      expect((await run('"alive"')).value).toEqual({ 'text/plain': "'alive'" });
    } finally {
      for (const stop of stopListening) stop();
    }
  });

  describe('errors raised after a cell returned (timers, promises)', () => {
    const late: LateNote[] = [];
    let stop: () => void = () => undefined;
    beforeAll(() => {
      stop = engine.onLateError((note) => late.push(note));
    });
    afterAll(() => stop());
    const lateOf = async (cellId: string, count = 1) => {
      await expect.poll(() => late.filter((n) => n.cellId === cellId).length, { timeout: 5_000 }).toBe(count);
      return late.filter((n) => n.cellId === cellId);
    };

    it('a timer that throws while a later cell runs: a late error of the cell that set it, not output of the later cell', async () => {
      // The timer fires well inside the next cell, even when a loaded machine starts that cell late.
      const first = await run('setTimeout(() => { throw new Error("late") }, 500)');
      expect(first.status).toBe('ok');
      const later = await run('await new Promise((r) => setTimeout(r, 2000));\n"after"');
      expect(later.status).toBe('ok');
      expect(later.value).toEqual({ 'text/plain': "'after'" });
      expect(later.stream).toEqual([]);
      const [note] = await lateOf(first.cellId);
      expect(note).toEqual({
        cellId: first.cellId,
        kind: 'error',
        error: { type: 'Error', message: 'late', traceback: ['Error: late', `    at cell ${first.cellId}:1`] },
        notice: 'After this cell had finished, code it scheduled (a timer or a callback) threw an error that nothing caught:',
      });
      expect(late.filter((n) => n.cellId === later.cellId)).toEqual([]);
    });

    it('promises rejected with nobody handling them: with a stack, without one, and from an async timer callback', async () => {
      const withStack = await run('setTimeout(() => { Promise.reject(new RangeError("nobody listens")) }, 50);\n"returned"');
      expect(withStack.status).toBe('ok');
      const [a] = await lateOf(withStack.cellId);
      expect(a?.kind).toBe('rejection');
      expect(a?.error.traceback).toEqual(['RangeError: nobody listens', `    at cell ${withStack.cellId}:1`]);
      expect(a?.notice).toBe('After this cell had finished, a promise its code made was rejected and nothing handled the rejection:');
      // An async callback that throws a string: no stack, but the callback remembers its cell,
      // even when it fails while another cell runs.
      const asyncThrow = await run('setTimeout(async () => { throw "plain string" }, 300)');
      const busy = await run('await new Promise((r) => setTimeout(r, 1500));\n"busy"');
      expect(busy.stream).toEqual([]);
      const [b] = await lateOf(asyncThrow.cellId);
      expect(b).toMatchObject({ kind: 'rejection', error: { type: 'string', message: "Uncaught 'plain string'" } });
      // Still running: an error of the cell's own timer is part of its output, on stderr.
      const own = await run(
        'setTimeout(() => { throw new TypeError("mine") }, 10);\nawait new Promise((r) => setTimeout(r, 500));\n"done"',
      );
      expect(own.stream).toEqual([
        {
          stream: 'stderr',
          text: expect.stringMatching(/^Uncaught error \(in code this cell scheduled\): TypeError: mine\n {4}at cell j\d+:1\n$/),
        },
      ]);
      expect((await run('"the worker lives on"')).value).toEqual({ 'text/plain': "'the worker lives on'" });
    });
  });

  it('clips an error carrying 10 MB to 20,000 characters, saying how many more', async () => {
    // 10 MB, not 100: this engine's heap is capped at 64 MiB, and a string that outgrows a Node
    // worker's resourceLimits ends the whole process (OOMErrorHandler), not only the worker.
    const r = await run("throw new Error('x'.repeat(1e7))");
    expect(r.status).toBe('error');
    expect(r.error?.message).toBe(`${'x'.repeat(20_000)}… (9980000 more characters)`);
    expect(r.error?.traceback[0]).toBe(`Error: ${'x'.repeat(20_000)}… (9980000 more characters)`);
    expect(JSON.stringify(r).length).toBeLessThan(100_000);
  });

  it('keeps working when a cell shadows performance and setTimeout', async () => {
    await run('let performance = 1\nlet setTimeout = 2');
    const r = await run('await heapbook.collectGarbage();\n"ok"');
    expect(r.value).toEqual({ 'text/plain': "'ok'" });
    expect(r.metrics?.wallMs).toBeGreaterThan(0);
  });

  // Last: its 64 MiB and the ended worker keep the process busy, which would upset timing-sensitive cases.
  it('a console.log flood past 64 MiB stopped at its time limit: the streamed 64 MiB stay, and what was not kept is counted', async () => {
    // Its own engine: this one's 64 MiB heap limit is below what the flood keeps.
    const flooded = createNodeJsEngine();
    try {
      await flooded.start();
      const line = 1_000_001; // a million z's and the newline
      const r = await flooded.run(
        { cellId: 'flood', lang: 'javascript', code: "const z = 'z'.repeat(1_000_000)\nwhile (true) console.log(z)" },
        { timeoutMs: 2_000 },
      );
      expect(r.status).toBe('timeout');
      const kept = r.stream.map((c) => c.text).join('');
      expect(kept.length).toBe(64 * 1024 * 1024);
      expect(r.streamSize).toBeUndefined();
      // The worker was ended, so the count is the one its last batch carried: whole lines written by then.
      const notKept = r.notKept ?? { lines: 0, bytes: 0 };
      expect(notKept.bytes).toBeGreaterThan(0);
      const written = kept.length + notKept.bytes;
      expect(written % line).toBe(0);
      expect(notKept.lines).toBe(written / line - Math.floor(kept.length / line));
    } finally {
      flooded.dispose();
    }
  });
});

describe('a worker that ends on its own', () => {
  it('while no cell runs: a fresh one is started at once and the restart is announced with its reason', async () => {
    const host = createNodeJsEngine({ heapLimitMb: 64 });
    try {
      await host.start();
      const causes: RestartCause[] = [];
      host.onRestart((cause) => causes.push(cause));
      const r = await host.run({ cellId: 'idle1', lang: 'javascript', code: 'setTimeout(() => process.exit(3), 50);\n"scheduled"' });
      expect(r.status).toBe('ok');
      await expect
        .poll(() => causes, { timeout: 5_000 })
        .toEqual([{ kind: 'worker-ended', exit: { kind: 'error', message: 'exit code 3' } }]);
      await expect.poll(() => host.state, { timeout: 10_000 }).toBe('ready');
      expect((await host.run({ cellId: 'idle2', lang: 'javascript', code: '1 + 1' })).value).toEqual({ 'text/plain': '2' });
    } finally {
      host.dispose();
    }
  });

  it('a cell that calls close(): reported on that cell at once with the cause, not a 120 s wait; the next cell runs in a fresh engine', async () => {
    const host = createNodeJsEngine({ heapLimitMb: 64 });
    try {
      await host.start();
      const causes: RestartCause[] = [];
      host.onRestart((cause) => causes.push(cause));
      await host.run({ cellId: 'c1', lang: 'javascript', code: 'const before = 1' });
      const t0 = performance.now();
      const r = await host.run(
        { cellId: 'c2', lang: 'javascript', code: 'console.log("closing");\nclose();\n"not reached"' },
        { timeoutMs: 60_000 },
      );
      expect(performance.now() - t0).toBeLessThan(5_000);
      expect(r.status).toBe('restarted');
      expect(r.notice).toBe(
        "The cell's code closed the JavaScript engine's worker (close(), which ends the engine), so the engine was replaced by a fresh one. Variables from earlier cells are gone.",
      );
      expect(causes).toEqual([{ kind: 'worker-ended', exit: { kind: 'closed' } }]);
      const next = await host.run({ cellId: 'c3', lang: 'javascript', code: 'typeof before' });
      expect(next.value).toEqual({ 'text/plain': "'undefined'" });
    } finally {
      host.dispose();
    }
  });

  it('while it starts: the start fails with the reason, and it is not started again and again', async () => {
    let spawned = 0;
    const host = new EngineHost({
      lang: 'javascript',
      indexURL: '',
      shareMemory: false,
      spawn() {
        spawned++;
        const worker = new Worker('throw new Error("broken at start")', { eval: true });
        worker.unref();
        return {
          endpoint: nodeEndpoint(worker),
          terminate: () => void worker.terminate(),
          onExit: (listener) => worker.on('error', (err: Error) => listener({ kind: 'error', message: err.message })),
        };
      },
    });
    const causes: RestartCause[] = [];
    host.onRestart((cause) => causes.push(cause));
    await expect(host.start()).rejects.toThrow('The JavaScript engine could not start: its worker stopped (broken at start)');
    expect(host.state).toBe('failed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(spawned).toBe(1);
    expect(causes).toEqual([]);
    const r = await host.run({ cellId: 'after', lang: 'javascript', code: '1' });
    expect(r.error?.type).toBe('EngineError');
    expect(spawned).toBe(2);
    host.dispose();
  });
});
