/**
 * A Chinese page has no English words outside code and values: every result kind, notice, error
 * hint, metrics line, option mistake and heap reason is rendered in zh-CN through the same view
 * builders the build and the page use, and the text a reader reads is searched for English.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { words, type HeapReason, type MetricNote } from '../../src/i18n/index.ts';
import { renderMetrics, renderNative, renderResult, type Provenance } from '../../src/shared/result-view.ts';
import type { ReaderOptionMistake } from '../../src/page/reader-options.ts';
import type { ErrorHint, RunMetrics, RunResult } from '../../engine/protocol.ts';
import type { ForcedStop, WorkerExit } from '../../engine/host/engine-notices.ts';
import { okResult } from './run-result.ts';
import { findAll } from './view-html.ts';
import { expectChinese, englishWords, prose } from './english-words.ts';

const zh = words('zh-CN');
const python: RunMetrics = {
  wallMs: 38,
  tracedNetBytes: 8 << 20,
  tracedPeakBytes: 9 << 20,
  gcPasses: 2,
  gcCollected: 4,
  wasmMemoryBytes: 30 << 20,
  notes: [],
};
const js: RunMetrics = {
  wallMs: 3,
  tracedNetBytes: null,
  tracedPeakBytes: null,
  gcPasses: null,
  gcCollected: null,
  wasmMemoryBytes: null,
  heapNetBytes: 8 << 20,
  heapUsedBytes: 20 << 20,
  heapSource: 'v8.getHeapStatistics() after a forced full GC',
  notes: [],
};
const provenances: Provenance[] = [
  { kind: 'live' },
  { kind: 'build', engine: 'Pyodide 314.0.7, CPython 3.14.2 (wasm32) in Node' },
  { kind: 'build', engine: 'V8 12.4.254.21-node.57 (Node 22.23.3) in a worker thread' },
  {
    kind: 'build',
    engine:
      "on CPython 3.11.7, x86_64 (64-bit, Linux) with numpy 2.4.6, not this book's engine, which could not load numpy at build (not vendored)",
  },
  { kind: 'native', platform: 'CPython 3.11.7, x86_64 (64-bit, Linux)' },
];

describe('the metrics line on a zh-CN page', () => {
  it('words every figure, its meaning and where it was measured', () => {
    for (const provenance of provenances) {
      for (const metrics of [python, js, { ...python, gcPasses: 0 }]) {
        const line = renderMetrics(okResult('c', { metrics }), provenance, 'zh-CN');
        expectChinese(`metrics ${provenance.kind}`, prose(line!));
      }
    }
    const line = renderMetrics(okResult('c', { metrics: python }), { kind: 'live' }, 'zh-CN');
    expect(prose(line!)).toContain('净增 +8.00 MiB');
    expect(prose(line!)).toContain('峰值 9.00 MiB');
    expect(prose(line!)).toContain('回收 2 轮（释放 4 个对象）');
    expect(prose(line!)).toContain('现场测得');
  });

  it('words the runner’s notes, which the engine writes in English, and every one of them is known', () => {
    const runner = readFileSync('engine/python/heapbook/_runner.py', 'utf8');
    const written = [...runner.matchAll(/self\.notes\.append\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(written.length).toBe(4);
    expect(new Set(written)).toEqual(new Set(Object.values(en.metrics.notes)));
    for (const key of Object.keys(en.metrics.notes) as MetricNote[]) {
      const line = renderMetrics(okResult('c', { metrics: { ...python, notes: [en.metrics.notes[key]] } }), { kind: 'live' }, 'zh-CN');
      expect(prose(line!)).toContain(zh.metrics.notes[key]);
      expectChinese(`note ${key}`, prose(line!));
    }
  });

  it('words why a JavaScript cell has no heap figure', () => {
    const reasons: HeapReason[] = [
      { kind: 'not-isolated' },
      { kind: 'no-api' },
      { kind: 'late', seconds: 30 },
      { kind: 'no-worker' },
      { kind: 'failed', message: 'SecurityError' },
    ];
    for (const reason of reasons) expectChinese(`heap ${reason.kind}`, zh.metrics.heapReason(reason));
    expectChinese('heap source', zh.metrics.pageHeapSource.replace('performance.measureUserAgentSpecificMemory()', ''));
    expectChinese('heap pending', zh.ui.heapPending);
    expectChinese('heap own process', zh.ui.heapOwnProcess);
  });
});

describe('results, notices and errors on a zh-CN page', () => {
  const hints: ErrorHint[] = ['no-stdin', 'helpers-damaged', 'stopped-while-describing'];
  const results: RunResult[] = [
    okResult('ok', { stream: [{ stream: 'stdout', text: 'hello\n'.repeat(2000) }], metrics: python }),
    ...hints.map((hint) =>
      okResult(hint, { status: 'error', error: { type: 'EOFError', message: 'EOF', traceback: ['Traceback', 'EOFError: EOF'], hint } }),
    ),
    okResult('late', {
      metrics: js,
      late: [
        {
          cellId: 'late',
          kind: 'rejection',
          error: { type: 'Error', message: 'late', traceback: [] },
          notice: en.notices.late('rejection'),
        },
      ],
    }),
    ...['CheckFailed', 'PackageError', 'EngineError', 'FatalError'].map((type) =>
      okResult(type, {
        status: 'error',
        error: { type, message: type === 'CheckFailed' ? 'the check `n == 3` is false' : 'could not load it', traceback: [] },
      }),
    ),
    okResult('capped', { notKept: { bytes: 5 << 20, lines: 100_000 }, stream: [{ stream: 'stdout', text: 'x\n' }] }),
    okResult('js-build-only', {
      metrics: { ...js, instruments: { runtime: 'Node 22.23.3', collections: 1, forced: 1, heapSpaces: 1, gcEntries: 1 } },
    }),
  ];

  it('renders every result kind with only Chinese around the code and values', () => {
    for (const provenance of provenances) {
      for (const result of results) {
        const view = renderResult(result, provenance, { lang: 'zh-CN' });
        expectChinese(`${result.cellId} ${provenance.kind}`, prose(view));
      }
    }
    const check = renderResult(
      results.find((r) => r.cellId === 'CheckFailed')!,
      { kind: 'live' },
      { lang: 'zh-CN' },
    );
    expect(prose(check)).toContain('检查没有通过：`n == 3` 不成立。');
    const checkEn = renderResult(
      results.find((r) => r.cellId === 'CheckFailed')!,
      { kind: 'live' },
      { lang: 'en' },
    );
    expect(findAll(checkEn, 'p').map((p) => p.attrs?.['class'])).not.toContain('hb-error-hint');
    const native = renderNative(
      okResult('n'),
      { kind: 'native', platform: 'CPython 3.11.7, x86_64 (64-bit, Linux)' },
      zh.render.nativeLabel('CPython 3.11.7'),
      { lang: 'zh-CN' },
    );
    expectChinese('native', prose(native));
  });

  it('words every notice the engine host can give', () => {
    const exits: WorkerExit[] = [
      { kind: 'process-ended' },
      { kind: 'heap-limit', limitMb: 64 },
      { kind: 'error', message: 'ERR_WORKER_OUT_OF_MEMORY' },
      { kind: 'closed' },
      { kind: 'lock-stolen' },
      { kind: 'ended' },
    ];
    const n = zh.notices;
    const sentences = [
      n.timeLimit(300),
      n.timeLimitRestart(300),
      ...(['restart-requested', 'ignored-interrupt', 'javascript', 'not-isolated'] satisfies ForcedStop[]).map((why) =>
        n.forcedStop(why, 1000),
      ),
      ...(['python', 'javascript'] as const).map((lang) => n.crashed(n.engine(lang))),
      ...exits.map((exit) => n.workerEnded(n.engine('javascript'), exit)),
      n.late('error'),
      n.late('rejection'),
      n.recycled('4.0'),
      n.couldNotStart(n.engine('python'), n.workerStopped('ERR_WORKER_INIT_FAILED')),
      n.lost,
    ];
    for (const sentence of sentences) {
      const view = renderResult(
        okResult('n', { status: 'restarted', notice: n.join(sentence, n.lost) }),
        { kind: 'live' },
        { lang: 'zh-CN' },
      );
      expectChinese(sentence, prose(view));
    }
  });

  it('words a mistake in an option line the reader typed', () => {
    const mistakes: ReaderOptionMistake[] = [
      { kind: 'form' },
      { kind: 'unknown', name: 'colour' },
      { kind: 'twice', name: 'timeout' },
      { kind: 'timeout', value: 'soon' },
    ];
    for (const mistake of mistakes) expectChinese(mistake.kind, zh.ui.optionLine(2, zh.ui.optionMistake(mistake)));
    expectChinese('build-only', zh.ui.optionOnlyTimeout('check'));
  });

  it('words the cell interface and the engine bar', () => {
    const u = zh.ui;
    const sentences = [
      u.run,
      u.stop,
      u.reset,
      u.runAll,
      u.restart,
      u.running,
      u.queued,
      u.clearOutput,
      u.clearAll,
      u.solved,
      u.notYet,
      u.edited,
      u.notIsolated,
      u.heapPending,
      u.heapOwnProcess,
      ...Object.values(u.cellStates),
      ...Object.values(u.states),
      ...(['download', 'start', 'ready'] as const).map((stage) => u.progress(stage, 'Starting CPython')),
      u.share.button,
      u.share.linkLabel,
      u.share.copied,
      u.share.copyByHand,
      u.share.tooLong(3000, 2000),
      u.share.opened,
      u.share.unreadable('the code in the link is not base64url'),
      u.share.noSuchCell('gc-1'),
      u.announceFinished('gc-1', u.cellStates.done),
      u.queuedAfter(['a', 'b']),
      u.cancelled('gc-1', true),
      u.loadingPackage('numpy', '6.1 MiB'),
      u.stateLine(u.engines.python, u.states.ready),
      ...(['requested', 'stop', 'timeout', 'crashed'] as const).map((kind) => u.restarted({ kind })),
    ];
    for (const sentence of sentences) expectChinese(sentence, sentence);
  });

  it('words a predict cell’s question, answer and verdicts', () => {
    const p = zh.predict;
    const relative = { kind: 'relative', percent: 10 } as const;
    const sentences = [
      p.label,
      p.tolerance(relative),
      p.askBaked,
      p.answer,
      p.measured('56'),
      p.verdict('50', '56', { within: false, off: 6, offPercent: 10.7 }, relative),
      p.verdict('56', '56', { within: true, off: 0, offPercent: 0 }, relative),
      p.noGuess('56'),
      p.notANumber('lots'),
    ];
    for (const sentence of sentences) expectChinese(sentence, sentence);
  });

  it('joins a caption that ends a sentence to its legend with one full stop, in either language', () => {
    expect(zh.render.captionThenLegend('why_alive(x)：……最短的一条有 2 条引用。', '蓝色是起点对象。')).toBe(
      'why_alive(x)：……最短的一条有 2 条引用。蓝色是起点对象。',
    );
    expect(en.render.captionThenLegend('why_alive(x): … the shortest has 2 references.', 'The starting object is blue.')).toBe(
      'why_alive(x): … the shortest has 2 references. The starting object is blue.',
    );
    expect(zh.metrics.noteAfter('注')).toBe('（注）');
    expect(zh.metrics.measuredInline('len(xs)')).toBe('构建时测得：len(xs)');
  });

  it('finds the English it is meant to find', () => {
    expect(englishWords('峰值 9.00 MiB — measured live')).toEqual(['measured', 'live']);
    const english = renderResult(okResult('e', { metrics: python }), { kind: 'live' }, { lang: 'en' });
    expect(englishWords(prose(english))).toEqual(expect.arrayContaining(['net', 'peak', 'measured', 'live']));
  });
});
