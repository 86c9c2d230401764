/** What the reader reads when the engine steps in (notices, the engine bar) and the options a reader may type. */
import { describe, expect, it } from 'vitest';
import { uiText } from '../../src/i18n/index.ts';
import { readerOptions } from '../../src/page/reader-options.ts';
import { renderResult } from '../../src/shared/result-view.ts';
import type { ErrorHint } from '../../engine/protocol.ts';
import { engineNotices } from '../../src/i18n/index.ts';
import type { RestartCause } from '../../engine/host/engine-notices.ts';

describe('readerOptions', () => {
  it('leaves code without option lines alone', () => {
    expect(readerOptions('while True: pass')).toEqual({ ok: true, code: 'while True: pass' });
    expect(readerOptions('x = 1\n#| timeout: 5')).toEqual({ ok: true, code: 'x = 1\n#| timeout: 5' });
  });

  it('takes a typed time limit and blanks the option lines, so line numbers stay the reader’s', () => {
    expect(readerOptions('#| timeout: 500\nwhile True:\n    pass')).toEqual({ ok: true, code: '\nwhile True:\n    pass', timeoutMs: 500 });
    expect(readerOptions('#| timeout: 500')).toEqual({ ok: true, code: '', timeoutMs: 500 });
  });

  it('refuses a malformed option with its line, and an option only the build knows', () => {
    expect(readerOptions('#| timeout: soon\nx')).toEqual({
      ok: false,
      problem: { kind: 'malformed', line: 1, mistake: { kind: 'timeout', value: 'soon' } },
    });
    expect(uiText('en').optionMistake({ kind: 'timeout', value: 'soon' })).toMatch(
      /"timeout" takes whole milliseconds from 1 to 600000, not "soon"/,
    );
    expect(readerOptions('#| colour: red\nx')).toEqual({
      ok: false,
      problem: { kind: 'malformed', line: 1, mistake: { kind: 'unknown', name: 'colour' } },
    });
    expect(readerOptions('#| timeout 5\nx')).toEqual({ ok: false, problem: { kind: 'malformed', line: 1, mistake: { kind: 'form' } } });
    expect(readerOptions('#| timeout: 5\n#| timeout: 6\nx')).toEqual({
      ok: false,
      problem: { kind: 'malformed', line: 2, mistake: { kind: 'twice', name: 'timeout' } },
    });
    // A mistake in an option only the build takes is that option's: the reader cannot use it anyway.
    expect(readerOptions('#| id: 9lives\nx')).toEqual({ ok: false, problem: { kind: 'build-only', name: 'id' } });
    expect(readerOptions('#| check: x\n#| raises: E\nx')).toEqual({ ok: false, problem: { kind: 'build-only', name: 'check' } });
    expect(readerOptions('#| timeout: 5\n#| colour: red\nx')).toMatchObject({ ok: false, problem: { kind: 'malformed', line: 2 } });
    expect(readerOptions('#| check: x == 1\nx = 1')).toEqual({ ok: false, problem: { kind: 'build-only', name: 'check' } });
  });

  it('has the words for both refusals in both languages', () => {
    for (const lang of ['en', 'zh-CN']) {
      const text = uiText(lang);
      expect(text.optionOnlyTimeout('check')).toContain('#| check');
      expect(text.optionLine(2, 'bad')).toMatch(/2.*bad$/);
    }
  });
});

describe('engine notices', () => {
  it('says the same things in English and Chinese, each sentence closed, joined the way each language joins them', () => {
    const en = engineNotices('en');
    const zh = engineNotices('zh-CN');
    expect(engineNotices()).toBe(en);
    expect(engineNotices('zh-cn')).toBe(zh);
    expect(en.join(en.timeLimit(300), en.lost)).toBe(
      'The cell was stopped at its time limit of 300 ms. Variables from earlier cells are gone.',
    );
    expect(zh.join(zh.timeLimit(300), zh.lost)).toBe('单元在其时间限制 300 毫秒处被停止。之前单元定义的变量已不复存在。');
    const exits = [
      { kind: 'process-ended' },
      { kind: 'heap-limit', limitMb: 64 },
      { kind: 'error', message: 'exit code 1' },
      { kind: 'closed' },
      { kind: 'lock-stolen' },
      { kind: 'ended' },
    ] as const;
    for (const notices of [en, zh]) {
      const engine = notices.engine('javascript');
      const sentences = [
        notices.timeLimitRestart(500),
        ...(['restart-requested', 'ignored-interrupt', 'javascript', 'not-isolated'] as const).map((why) => notices.forcedStop(why, 1000)),
        notices.crashed(notices.engine('python')),
        ...exits.map((exit) => notices.workerEnded(engine, exit)),
        notices.recycled('1.5'),
      ];
      for (const sentence of sentences) expect(sentence).toMatch(/[.。]$/);
      // The late-error line introduces the error under it.
      for (const kind of ['error', 'rejection'] as const) expect(notices.late(kind)).toMatch(/[:：]$/);
    }
    expect(zh.workerEnded(zh.engine('javascript'), exits[1])).toContain('64 MiB');
    expect(zh.forcedStop('ignored-interrupt', 1000)).toContain('1 秒');
  });
});

describe('engine bar: the restart announcement', () => {
  const causes: RestartCause[] = [
    { kind: 'requested' },
    { kind: 'stop' },
    { kind: 'timeout' },
    { kind: 'crashed' },
    { kind: 'memory', wasmBytes: 2 ** 31 },
    { kind: 'worker-ended', exit: { kind: 'process-ended' } },
    { kind: 'worker-ended', exit: { kind: 'heap-limit', limitMb: 512 } },
    { kind: 'worker-ended', exit: { kind: 'error', message: 'exit code 1' } },
    { kind: 'worker-ended', exit: { kind: 'closed' } },
    { kind: 'worker-ended', exit: { kind: 'lock-stolen' } },
    { kind: 'worker-ended', exit: { kind: 'ended' } },
  ];

  it('names every cause differently, in both languages, and says the names are gone', () => {
    for (const lang of ['en', 'zh-CN']) {
      const lines = causes.map(uiText(lang).restarted);
      expect(new Set(lines).size).toBe(causes.length);
      for (const line of lines)
        expect(line).toMatch(
          lang === 'en' ? /^restarted .+; variables from earlier cells are gone$/ : /已.*重启.*；之前单元定义的变量已不复存在$/,
        );
    }
    expect(uiText('en').restarted(causes[5] as RestartCause)).toBe(
      'restarted after its process ended, most likely out of memory; variables from earlier cells are gone',
    );
  });
});

describe("a cell's state and the figures only the build has, in both languages", () => {
  it('names the earlier cells a run runs first, and the stopped cell a cancelled one waited for', () => {
    const en = uiText('en');
    expect(en.queuedAfter(['a'])).toBe('queued: first runs the earlier cell not yet run in this engine: "a"');
    expect(en.queuedAfter(['a', 'b', 'c'])).toBe('queued: first runs 3 earlier cells not yet run in this engine: "a", "b" and "c"');
    expect(en.queuedAfter(['a', 'b', 'c', 'd', 'e'])).toBe(
      'queued: first runs 5 earlier cells not yet run in this engine: "a", "b", "c" … +2',
    );
    expect(en.cancelled('slow', false)).toBe('not run: "slow" before it was stopped; the output below is from the build');
    expect(en.cancelled('slow', true)).toMatch(/from an earlier run$/);
    const zh = uiText('zh-CN');
    expect(zh.queuedAfter(['a', 'b'])).toBe('排队中：先运行之前 2 个尚未在此引擎中运行的单元："a"、"b"');
    expect(zh.cancelled('slow', false)).toMatch(/“slow”.*来自构建$/);
    for (const text of [en, zh])
      expect(Object.keys(text.cellStates).sort()).toEqual(['baked', 'cleared', 'done', 'failed', 'stopped', 'unsolved']);
    expect(en.announceFinished('layers', en.cellStates.failed)).toBe('Cell "layers" finished: ended with an error');
    expect(zh.announceFinished('layers', zh.cellStates.done)).toBe('单元“layers”运行结束：已完成');
    expect(en.share.tooLong(7012, 6000)).toBe(
      'Your code is too long to share in a link: 7012 characters once compressed, and a link takes at most 6000. Shorten the code and press Share again.',
    );
    expect(zh.share.tooLong(7012, 6000)).toContain('7012');
  });

  it('labels a baked output that used a forced collection, and says live what the browser could not measure', async () => {
    const { renderResult } = await import('../../src/shared/result-view.ts');
    const { viewToHtml } = await import('./view-html.ts');
    const result = {
      cellId: 'c',
      status: 'ok' as const,
      stream: [],
      value: { 'text/plain': 'true' },
      error: null,
      notice: null,
      metrics: {
        wallMs: 1,
        tracedNetBytes: null,
        tracedPeakBytes: null,
        gcPasses: null,
        gcCollected: null,
        wasmMemoryBytes: null,
        notes: [],
        instruments: { runtime: 'Node 22.23.3', collections: 2, forced: 2, heapSpaces: 0, gcEntries: 0 },
      },
    };
    const baked = viewToHtml(renderResult(result, { kind: 'build', engine: 'V8' }));
    expect(baked).toContain(
      '<p class="hb-build-only">Printed at build in Node 22.23.3, with a forced full collection. A browser has none of these',
    );
    const zh = viewToHtml(renderResult(result, { kind: 'build', engine: 'V8' }, { lang: 'zh-CN' }));
    expect(zh).toContain('构建时在 Node 22.23.3 中借助强制完整回收打印');
    const live = {
      ...result,
      metrics: { ...result.metrics, instruments: { runtime: 'Chromium 156', collections: 1, forced: 0, heapSpaces: 0, gcEntries: 0 } },
    };
    const spaces = {
      ...result,
      metrics: { ...result.metrics, instruments: { runtime: 'Node 22.23.3', collections: 1, forced: 1, heapSpaces: 3, gcEntries: 1 } },
    };
    expect(viewToHtml(renderResult(spaces, { kind: 'build', engine: 'V8' }))).toContain(
      "with a forced full collection, V8's heap-space statistics and V8's gc events.",
    );
    expect(viewToHtml(renderResult(live, { kind: 'live' }))).toContain('Chromium 156 cannot force a garbage collection');
    const { instruments: _unused, ...bare } = result.metrics;
    const plain = { ...result, metrics: bare };
    expect(viewToHtml(renderResult(plain, { kind: 'build', engine: 'V8' }))).not.toContain('hb-build-only');
  });
});

describe('errors the engine recognised: the explanation under them, in the page language', () => {
  const hinted = (hint: ErrorHint, lang: string) =>
    JSON.stringify(
      renderResult(
        {
          cellId: 'c',
          status: 'error',
          stream: [],
          value: null,
          error: { type: 'T', message: 'm', traceback: ['T: m'], hint },
          metrics: null,
          notice: null,
        },
        { kind: 'live' },
        { lang },
      ),
    );

  it.each([
    ['no-stdin', 'This page has no standard input', '此页面没有标准输入'],
    ['helpers-damaged', 'Press Restart engine to get them back', '请按“重启引擎”恢复它们'],
    ['stopped-while-describing', 'so no traceback is shown', '因此没有显示回溯'],
  ] as const)('%s', (hint, en, zh) => {
    expect(hinted(hint, 'en')).toContain('{"tag":"p","attrs":{"class":"hb-error-hint"},"children":["');
    expect(hinted(hint, 'en')).toContain(en);
    expect(hinted(hint, 'zh-CN')).toContain(zh);
    expect(hinted(hint, 'zh-CN')).not.toContain(en);
  });
});
