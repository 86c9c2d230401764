/** The pure parts of the cell element (src/page/): run states, requests, downloads, the heap figure, verdicts, gutter readings. */
import { describe, expect, it, vi } from 'vitest';
import { browserHeap, withHeapFigure } from '../../src/page/browser-heap-figure.ts';
import { cellRequest } from '../../src/page/cell-request.ts';
import { endedState } from '../../src/page/cell-state.ts';
import { exerciseVerdict } from '../../src/page/exercise-verdict.ts';
import { bakedLines, linesProbe, probedLines } from '../../src/page/gutter-reading.ts';
import { outputBlob, outputFileName } from '../../src/page/output-download.ts';
import { uiText } from '../../src/i18n/index.ts';
import type { RunResult } from '../../engine/protocol.ts';
import { okResult } from './run-result.ts';

const en = uiText('en');
const zh = uiText('zh-CN');

describe('endedState', () => {
  it('maps every way a run ends to the state the cell shows', () => {
    const statuses: RunResult['status'][] = ['ok', 'error', 'check-failed', 'interrupted', 'restarted', 'timeout', 'crashed'];
    expect(statuses.map(endedState)).toEqual(['done', 'failed', 'unsolved', 'stopped', 'stopped', 'stopped', 'stopped']);
  });

  it('has words for each ended state in both languages', () => {
    expect(en.cellStates[endedState('check-failed')]).toBe('checked: not solved yet');
    expect(zh.cellStates[endedState('ok')]).not.toBe(en.cellStates.done);
  });
});

describe('cellRequest', () => {
  const cell = { cellId: 'grow', lang: 'python' as const, leftBehind: false };

  it('asks for the code alone when the cell has no options', () => {
    expect(cellRequest(cell, 'x = 1', en)).toEqual({ cellId: 'grow', lang: 'python', code: 'x = 1' });
  });

  it("carries the writer's options: exercise check, time limit, packages, left behind", () => {
    const request = cellRequest({ ...cell, exercise: 'ok()', timeout: '5000', packages: 'attrs,,numpy', leftBehind: true }, 'x = 1', en);
    expect(request).toEqual({
      cellId: 'grow',
      lang: 'python',
      code: 'x = 1',
      leftBehind: true,
      packages: ['attrs', 'numpy'],
      check: 'ok()',
      timeoutMs: 5000,
    });
  });

  it("lets a time limit the reader typed win over the writer's, and blanks the option line", () => {
    expect(cellRequest({ ...cell, timeout: '5000' }, '#| timeout: 500\nx = 1', en)).toEqual({
      cellId: 'grow',
      lang: 'python',
      code: '\nx = 1',
      timeoutMs: 500,
    });
  });

  it('leaves out a zero or missing time limit and an empty package list', () => {
    expect(cellRequest({ ...cell, timeout: '0', packages: '' }, 'x', en)).toEqual({ cellId: 'grow', lang: 'python', code: 'x' });
  });

  it('refuses an option only the build takes, saying which and what the browser takes', () => {
    expect(cellRequest(cell, '#| id: other\nx = 1', en)).toEqual({
      refused: {
        type: 'CellOptionError',
        message: '"#| id" is an option for the book\'s build; in the browser a cell takes only "#| timeout: milliseconds".',
        traceback: [],
      },
    });
  });

  it('refuses a malformed option line, naming its line', () => {
    const request = cellRequest(cell, '#| timeout 500\nx = 1', en);
    expect('refused' in request && request.refused.message).toMatch(
      /^Cell option on line 1: an option line has the form "#\| name: value"/,
    );
  });
});

describe('output download', () => {
  it('names the file after the cell, or "cell" when it has no id', () => {
    expect(outputFileName('flood')).toBe('flood-output.txt');
    expect(outputFileName('')).toBe('cell-output.txt');
  });

  it('keeps every chunk of both streams, in order, as UTF-8 text', async () => {
    const big = 'x'.repeat(1024 * 1024 + 5);
    const blob = await outputBlob([
      { stream: 'stdout', text: 'héllo\n' },
      { stream: 'stderr', text: '内存\n' },
      { stream: 'stdout', text: big },
    ]);
    expect(blob.type).toBe('text/plain;charset=utf-8');
    expect(blob.size).toBe(Buffer.byteLength('héllo\n内存\n') + big.length);
    expect(await blob.text()).toBe(`héllo\n内存\n${big}`);
  });
});

describe('browser heap figure', () => {
  const result = okResult('js', { metrics: { ...okResult('js').metrics!, notes: ['first'] } });
  const measured = result as RunResult & { metrics: NonNullable<RunResult['metrics']> };

  it('adds the figure and a note without touching the rest of the result', () => {
    const updated = withHeapFigure(measured, { heapUsedBytes: 4096, heapSource: 'page' }, 'late');
    expect(updated.metrics).toEqual({ ...result.metrics, heapUsedBytes: 4096, heapSource: 'page', notes: ['first', 'late'] });
    expect(result.metrics?.notes).toEqual(['first']);
    expect(withHeapFigure(measured, {}, null).metrics?.notes).toEqual(['first']);
  });

  it('says the heap is not measured where JavaScript runs in a process of its own, and nothing more', async () => {
    const shown: RunResult[] = [];
    await browserHeap(result, true, 'en', en, (r) => shown.push(r));
    expect(shown.map((r) => r.metrics?.notes)).toEqual([['first', en.heapOwnProcess]]);
  });

  it('says it waits, then why there is no figure, in the page language', async () => {
    vi.stubGlobal('crossOriginIsolated', false);
    try {
      const shown: RunResult[] = [];
      await browserHeap(result, false, 'en', en, (r) => shown.push(r));
      expect(shown.map((r) => r.metrics?.notes.at(-1))).toEqual([
        en.heapPending,
        'heap not measurable here: the page is not cross-origin isolated',
      ]);
      expect(shown.every((r) => r.metrics?.heapUsedBytes === undefined)).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('leaves a result without metrics alone', async () => {
    const show = vi.fn();
    await browserHeap({ ...result, metrics: null }, true, 'en', en, show);
    expect(show).not.toHaveBeenCalled();
  });
});

describe('exerciseVerdict', () => {
  it('says solved only when the check passed', () => {
    expect(exerciseVerdict('ok', en)).toMatchObject({ tag: 'p', attrs: { class: 'hb-solved' }, children: ['✓ Check passed: solved.'] });
    for (const status of ['check-failed', 'error', 'timeout'] as const) {
      expect(exerciseVerdict(status, en)).toMatchObject({ tag: 'p', attrs: { class: 'hb-not-yet' }, children: ['Not solved yet'] });
    }
    expect(exerciseVerdict('ok', zh).children).toEqual([zh.solved]);
  });
});

describe('gutter reading', () => {
  it('probes the cell through the helper, the id quoted as a Python string', () => {
    expect(linesProbe('a"b')).toBe('print(__import__("heapbook._cell_memory", fromlist=["lines_json"]).lines_json("a\\"b"))');
  });

  it('reads the lines the probe printed', () => {
    const probe = okResult('c/lines', {
      stream: [
        { stream: 'stdout', text: '{"lines": [[2, 4096, 3]],' },
        { stream: 'stdout', text: ' "total": 4096}\n' },
      ],
    });
    expect(probedLines(probe)).toEqual({ lines: { lines: [[2, 4096, 3]], total: 4096 } });
  });

  it('says why when the probe failed or printed no lines', () => {
    const error = { type: 'KeyError', message: "'c'", traceback: [] };
    expect(probedLines(okResult('c/lines', { status: 'error', error }))).toEqual({ failed: "KeyError: 'c'" });
    expect(probedLines(okResult('c/lines', { status: 'timeout', notice: 'too slow' }))).toEqual({ failed: 'too slow' });
    expect(probedLines(okResult('c/lines', { status: 'interrupted' }))).toEqual({ failed: 'interrupted' });
    expect(probedLines(okResult('c/lines', { stream: [{ stream: 'stdout', text: 'None\n' }] }))).toEqual({ failed: 'ok' });
  });

  it("reads the build's figures back from the baked gutter, leaving out lines that hold nothing", () => {
    expect(bakedLines([])).toBeNull();
    expect(
      bakedLines([
        { line: '1', bytes: '0' },
        { line: '2', bytes: '1024' },
        { line: '3', bytes: '56' },
      ]),
    ).toEqual({
      lines: [
        [2, 1024, 0],
        [3, 56, 0],
      ],
      total: 1080,
    });
  });
});
