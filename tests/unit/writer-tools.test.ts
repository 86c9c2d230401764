import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { chapterSummary, formatSeconds } from '../../src/build/chapter-summary.ts';
import { collectSteps } from '../../src/build/collect-cells.ts';
import { failingLine, formatFailure, tracebackLine } from '../../src/build/failure-report.ts';
import { judgeResult } from '../../src/build/judge-result.ts';
import type { ExecRequest } from '../../src/build/remark-cells.ts';
import { firstChangedStep } from '../../src/build/step-diff.ts';
import { okResult } from './run-result.ts';

const parse = (mdx: string) => unified().use(remarkParse).use(remarkMdx).parse(mdx);
const req = (cellId: string, code: string): ExecRequest => ({ cellId, lang: 'python', code, timeoutMs: 60_000 });

describe('firstChangedStep', () => {
  const page = [req('a', 'a = 1'), req('b', 'b = 2'), req('c', 'c = 3')];
  it('is the index of the first edited step', () => {
    expect(firstChangedStep(page, [page[0]!, req('b', 'b = 20'), page[2]!])).toBe(1);
    expect(firstChangedStep(page, [page[0]!, page[1]!, { ...page[2]!, check: 'c == 3' }])).toBe(2);
    expect(firstChangedStep(page, [page[0]!, page[1]!, { ...page[2]!, timeoutMs: 5 }])).toBe(2);
  });
  it('sees inserted steps, appended steps, and no change', () => {
    expect(firstChangedStep(page, [page[0]!, req('new', 'x = 0'), page[1]!, page[2]!])).toBe(1);
    expect(firstChangedStep(page, [...page, req('d', 'd = 4')])).toBe(3);
    expect(
      firstChangedStep(
        page,
        page.map((r) => ({ ...r })),
      ),
    ).toBe(3);
    expect(firstChangedStep(page, page.slice(0, 2))).toBe(2);
    expect(firstChangedStep([], page)).toBe(0);
  });
});

const CHAPTER = `# T

\`\`\`python run
#| id: setup
#| check: n == 3
n = 3
\`\`\`

Measured: \`{python} n * 2\`.

\`\`\`python run
#| exercise: total == 6
total = 0
\`\`\`

\`\`\`python run
#| raises: ZeroDivisionError
#| native: true
1 / 0
\`\`\`

\`\`\`js run
#| check: x === 1
const x = 1;
\`\`\`
`;

describe('chapterSummary', () => {
  const steps = collectSteps(parse(CHAPTER), CHAPTER);
  it('counts cells, reused cells, figures, checks, raises, exercises and native companions', () => {
    expect(chapterSummary({ path: 'content/docs/en/t.mdx', steps, reused: 0, ms: 12_400 })).toBe(
      'content/docs/en/t.mdx: 4 cells (0 cached), 1 figure, 2 checks, 1 raises, 1 exercise, 1 native, 12.4 s',
    );
    // Reuse counts the cells among the reused prefix (the figure is step 1).
    expect(chapterSummary({ path: 'p', steps, reused: 3, ms: 85 })).toBe(
      'p: 4 cells (2 cached), 1 figure, 2 checks, 1 raises, 1 exercise, 1 native, 85 ms',
    );
    expect(chapterSummary({ path: 'p', steps: [], reused: 0, ms: 0 })).toBe(
      'p: 0 cells (0 cached), 0 figures, 0 checks, 0 raises, 0 exercises, 0 native, 0 ms',
    );
  });
  it('formats time in ms below a second, then seconds', () => {
    expect([formatSeconds(999.4), formatSeconds(1000), formatSeconds(61_250)]).toEqual(['999 ms', '1.0 s', '61.3 s']);
  });
});

describe('failure report', () => {
  const FILE = `---
title: T
---

\`\`\`python run
#| id: grow
#| check: len(items) == 4
items = []
for i in range(3):
    items.append(i)
\`\`\`

\`\`\`python run
#| id: boom
a = 1
b = 0
c = a / b
d = 2
\`\`\`
`;
  const steps = collectSteps(parse(FILE.replace(/^---\n[\s\S]*?\n---\n/, '\n\n\n')), undefined);
  const lines = FILE.split('\n');

  it('finds the cell line a Python or JavaScript traceback names', () => {
    expect(
      tracebackLine('boom', [
        'Traceback (most recent call last):',
        '  File "<cell boom>", line 3, in <module>',
        'ZeroDivisionError: division by zero',
      ]),
    ).toBe(3);
    expect(tracebackLine('x-1', ['TypeError: no', '    at cell x-1:7:3'])).toBe(7);
    expect(tracebackLine('x-1', ['SyntaxError: bad', '    at cell x-1, line 2:5'])).toBe(2);
    expect(tracebackLine('boom', ['  File "<cell other>", line 3'])).toBeNull();
  });

  it('marks the check option for a false check, with expected and came out', () => {
    const step = steps[0]!;
    const result = okResult('grow', {
      status: 'check-failed',
      value: null,
      stream: [{ stream: 'stdout', text: 'a\nb\nc\nd\n' }],
      error: { type: 'CheckFailed', message: 'the check `len(items) == 4` is false', traceback: [] },
    });
    const problem = judgeResult(step, result)!;
    expect(failingLine(step, result, step.kind === 'cell' ? step.node.value : '')).toBe(7);
    expect(formatFailure({ path: 'content/docs/en/t.mdx', fileLines: lines, step, result, problem })).toBe(
      [
        'content/docs/en/t.mdx:7: cell "grow": the check `len(items) == 4` is false. The claim next to this cell no longer holds: fix the prose or the check.',
        '  5 | ```python run',
        '  6 | #| id: grow',
        '> 7 | #| check: len(items) == 4',
        '  8 | items = []',
        '  9 | for i in range(3):',
        '  expected: `len(items) == 4` to be true after the cell (#| check)',
        '  came out: the check `len(items) == 4` is false',
        '           printed: …\n' + 'b\nc\nd',
      ].join('\n'),
    );
  });

  it('marks the line the traceback names for an error', () => {
    const step = steps[1]!;
    const result = okResult('boom', {
      status: 'error',
      error: {
        type: 'ZeroDivisionError',
        message: 'division by zero',
        traceback: [
          'Traceback (most recent call last):',
          '  File "<cell boom>", line 3, in <module>',
          'ZeroDivisionError: division by zero',
        ],
      },
    });
    const report = formatFailure({ path: 'f.mdx', fileLines: lines, step, result, problem: judgeResult(step, result)! });
    expect(report.split('\n').slice(0, 7)).toEqual([
      'f.mdx:17: cell "boom" raised ZeroDivisionError: division by zero. If raising is the lesson, add "#| raises: ZeroDivisionError".',
      '  15 | a = 1',
      '  16 | b = 0',
      '> 17 | c = a / b',
      '  18 | d = 2',
      '  19 | ```',
      '  expected: the cell to finish without an error',
    ]);
    expect(report).toContain('  came out: ZeroDivisionError: division by zero');
    expect(report).toContain('  File "<cell boom>", line 3, in <module>');
  });
});

describe('the build prints one summary line per chapter', () => {
  it('says what ran, what came from the cache, and what was verified', async () => {
    const { remarkCells } = await import('../../src/build/remark-cells.ts');
    const { VFile } = await import('vfile');
    const lines: string[] = [];
    for (const cached of [false, true]) {
      const processor = unified()
        .use(remarkParse)
        .use(remarkMdx)
        .use(remarkCells, {
          execute: async (reqs: ExecRequest[]) => ({
            engines: {},
            results: reqs.map((r) =>
              r.cellId === 'inline-1'
                ? okResult(r.cellId, { stream: [{ stream: 'stdout', text: '6' }] })
                : r.check?.startsWith('not')
                  ? okResult(r.cellId)
                  : r.cellId === 'cell-3'
                    ? okResult(r.cellId, {
                        status: 'error',
                        error: { type: 'ZeroDivisionError', message: 'division by zero', traceback: [] },
                      })
                    : okResult(r.cellId),
            ),
            native: { unavailable: 'no python here' },
            ...(cached ? { cached: true } : { ms: 12_400 }),
          }),
          warn: () => undefined,
          summary: (line: string) => lines.push(line),
        });
      const file = new VFile({ path: '/book/content/docs/en/t.mdx', cwd: '/book', value: CHAPTER });
      await processor.run(processor.parse(file), file);
    }
    expect(lines).toHaveLength(2);
    // The engines' own time, not the wait for one.
    expect(lines[0]).toBe('content/docs/en/t.mdx: 4 cells (0 cached), 1 figure, 2 checks, 1 raises, 1 exercise, 1 native, 12.4 s');
    expect(lines[1]).toMatch(/^content\/docs\/en\/t\.mdx: 4 cells \(4 cached\), /);
  });
});
