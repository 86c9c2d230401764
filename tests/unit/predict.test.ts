import type { Root } from 'mdast';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { RunResult } from '../../engine/protocol.ts';
import { describe, expect, it } from 'vitest';
import { CellOptionError, parseCellSource } from '../../src/shared/cell-options.ts';
import { ChapterError, collectSteps } from '../../src/build/collect-cells.ts';
import {
  formatPercent,
  judgePrediction,
  NOT_A_NUMBER,
  parseGuess,
  parsePredict,
  predictProbe,
  readProbe,
} from '../../src/shared/predict.ts';
import { predictText } from '../../src/shared/predict-text.ts';
import { measuredValue } from '../../src/build/remark-cells.ts';

describe('parsePredict', () => {
  it('reads a relative tolerance', () => {
    expect(parsePredict('sys.getsizeof(p) within 10%')).toEqual({ expr: 'sys.getsizeof(p)', tolerance: { kind: 'relative', percent: 10 } });
    expect(parsePredict('a  within  2.5%')).toEqual({ expr: 'a', tolerance: { kind: 'relative', percent: 2.5 } });
  });
  it('reads an absolute tolerance, 0 meaning exactly', () => {
    expect(parsePredict('len(s.encode()) within 64')).toEqual({ expr: 'len(s.encode())', tolerance: { kind: 'absolute', amount: 64 } });
    expect(parsePredict('sys.getrefcount(x) within 0').tolerance).toEqual({ kind: 'absolute', amount: 0 });
  });
  it('keeps "within" inside the expression: the last one is the tolerance', () => {
    expect(parsePredict('within(a) within 5').expr).toBe('within(a)');
  });
  it.each([
    ['sys.getsizeof(p)', /"<expression> within <tolerance>"/],
    ['x within', /"<expression> within <tolerance>"/],
    ['x within ten', /tolerance "ten" must be a number/],
    ['x within -5', /tolerance "-5" must be a number/],
    ['x within 0%', /above 0% and below 100%.*within 0/],
    ['x within 100%', /above 0% and below 100%/],
  ])('rejects %j with what to write', (value, message) => {
    expect(() => parsePredict(value)).toThrow(message);
  });
  it('is a cell option, exclusive with raises and exercise', () => {
    expect(parseCellSource('#| predict: n within 1\nn = 3').options.predict).toEqual({
      expr: 'n',
      tolerance: { kind: 'absolute', amount: 1 },
    });
    expect(() => parseCellSource('#| predict: n within 1\n#| exercise: n == 3\nn = 3')).toThrow(/cannot also take "exercise"/);
    expect(() => parseCellSource('#| predict: n within\nn = 3')).toThrow(CellOptionError);
  });
  it('takes "varies" only with a reason', () => {
    expect(parseCellSource('#| varies: timing\nx').options.varies).toBe('timing');
    expect(() => parseCellSource('#| varies: true\nx')).toThrow(/takes the reason/);
  });
});

describe('judgePrediction', () => {
  const rel = (percent: number) => ({ kind: 'relative', percent }) as const;
  const abs = (amount: number) => ({ kind: 'absolute', amount }) as const;
  it('judges relative tolerance on the measured value, edges included', () => {
    expect(judgePrediction(110, 100, rel(10))).toEqual({ within: true, off: 10, offPercent: 10 });
    expect(judgePrediction(89, 100, rel(10))).toMatchObject({ within: false, off: 11, offPercent: 11 });
    expect(judgePrediction(1.1, 1, rel(10)).within).toBe(true);
  });
  it('judges absolute tolerance in the value units', () => {
    expect(judgePrediction(1064, 1000, abs(64))).toMatchObject({ within: true, off: 64 });
    expect(judgePrediction(935, 1000, abs(64))).toMatchObject({ within: false, off: 65, offPercent: 6.5 });
    expect(judgePrediction(3, 3, abs(0))).toMatchObject({ within: true, off: 0 });
    expect(judgePrediction(2, 3, abs(0)).within).toBe(false);
  });
  it('handles a measured zero: no percentage, only 0 is within a relative tolerance', () => {
    expect(judgePrediction(0, 0, rel(10))).toEqual({ within: true, off: 0, offPercent: null });
    expect(judgePrediction(1, 0, rel(50))).toEqual({ within: false, off: 1, offPercent: null });
    expect(judgePrediction(1, 0, abs(1)).within).toBe(true);
  });
  it('judges negatives by distance', () => {
    expect(judgePrediction(-10, -11, rel(10))).toMatchObject({ within: true, off: 1 });
    expect(judgePrediction(10, -10, rel(10))).toMatchObject({ within: false, off: 20, offPercent: 200 });
  });
  it('formats percentages for a sentence', () => {
    expect(formatPercent(14.2857)).toBe('14');
    expect(formatPercent(6.54)).toBe('6.5');
    expect(formatPercent(0)).toBe('0');
  });
});

describe('reader input and the probe', () => {
  it('parses typed predictions', () => {
    expect(parseGuess(' 1,048 ')).toBe(1048);
    expect(parseGuess('-3.5')).toBe(-3.5);
    expect(parseGuess('1_000')).toBe(1000);
    expect(parseGuess('56 bytes')).toBeNull();
    expect(parseGuess('')).toBeNull();
  });
  it('reads what the probe printed', () => {
    expect(readProbe('56')).toEqual({ value: 56 });
    expect(readProbe('0.25')).toEqual({ value: 0.25 });
    expect(readProbe(`${NOT_A_NUMBER}bool`)).toEqual({ notNumber: 'bool' });
    expect(readProbe('None')).toEqual({ notNumber: 'text "None"' });
  });
  it('builds a probe that defines no names', () => {
    const py = predictProbe('python', 'sys.getsizeof(p)');
    expect(py).toMatch(/^print\(\(lambda v: /);
    expect(py).toContain('not isinstance(v, bool)');
    expect(predictProbe('javascript', 'n')).toMatch(/^heapbook\.write\(/);
  });
  it('says what to change when the expression is not a number, at build', () => {
    const [step] = collectSteps(parseMdx('```python run\n#| predict: x > 1 within 1\nx = 2\n```\n\n<Explain>Because.</Explain>\n'));
    if (step?.kind !== 'cell') throw new Error('no cell');
    const probe: RunResult = {
      cellId: 'p',
      status: 'ok',
      stream: [{ stream: 'stdout', text: `${NOT_A_NUMBER}bool` }],
      value: null,
      error: null,
      metrics: null,
      notice: null,
    };
    expect(measuredValue(step, probe)).toEqual({
      problem: expect.stringMatching(
        /cell "cell-1": its prediction `x > 1` is bool, not a number \(int or float; a bool does not count\)\. Write an expression/,
      ),
    });
    expect(measuredValue(step, { ...probe, stream: [{ stream: 'stdout', text: '4096' }] })).toEqual({ text: '4,096' });
  });
});

function parseMdx(text: string): Root {
  return unified().use(remarkParse).use(remarkMdx).parse(text);
}

describe('the explanation of a predict cell', () => {
  it('is the <Explain> block right after the cell', () => {
    const [step] = collectSteps(parseMdx('```python run\n#| predict: x within 1\nx = 2\n```\n\n<Explain>\nTwo, *because*.\n</Explain>\n'));
    expect(step?.kind === 'cell' && step.explain?.block.type).toBe('mdxJsxFlowElement');
  });
  it.each([
    [
      '```python run\n#| predict: x within 1\nx = 2\n```\n\nProse.\n\n<Explain>Late.</Explain>\n',
      /cell "cell-1" asks the reader to predict `x` but has no explanation: add <Explain>/,
      1,
    ],
    ['```python run\n#| predict: x within 1\nx = 2\n```\n', /has no explanation/, 1],
    ['Prose.\n\n<Explain>Alone.</Explain>\n', /<Explain> explains the answer of a "#\| predict" cell and must come right after one/, 3],
    ['```python run\n#| predict: x within 1\nx = 2\n```\n\n<Explain></Explain>\n', /its <Explain> block is empty/, 6],
  ])('fails with the line and what to change: %j', (text, message, line) => {
    let error: unknown;
    try {
      collectSteps(parseMdx(text));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ChapterError);
    expect((error as ChapterError).message).toMatch(message);
    expect((error as ChapterError).line).toBe(line);
  });
});

describe('predict words', () => {
  const t = { kind: 'relative', percent: 10 } as const;
  it('says how far off a wrong prediction is, in both languages', () => {
    const verdict = judgePrediction(48, 56, t);
    expect(predictText('en').verdict('48', '56', verdict, t)).toBe('✗ You predicted 48; measured 56: off by 14% (8), outside ±10%.');
    expect(predictText('zh-CN').verdict('48', '56', verdict, t)).toBe('✗ 你预测 48；实测 56：相差 14%（8），超出 ±10%。');
    expect(predictText('en').verdict('56', '56', judgePrediction(56, 56, t), t)).toBe(
      '✓ You predicted 56; measured 56: within ±10%, exactly.',
    );
  });
});
