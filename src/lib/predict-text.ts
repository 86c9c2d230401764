/**
 * The words and views of a predict cell (`#| predict:`), in the book's languages: the question
 * baked at build, the answer behind a `<details>` (measured value and the writer's explanation),
 * and the verdict the page shows after a live run. Pure: view trees, no DOM.
 */
import { formatValue } from './format.ts';
import { formatPercent, toleranceText, type Prediction, type Tolerance, type Verdict } from './predict.ts';
import { h, type ViewNode } from './view-node.ts';

export interface PredictText {
  /** The input's label, before the expression. */
  label: string;
  /** How close counts, under the input. */
  tolerance(tolerance: Tolerance): string;
  /** In a baked page (no input yet): what to do. */
  askBaked: string;
  /** The `<summary>` of the answer. */
  answer: string;
  /** The answer's first line. */
  measured(value: string): string;
  /** After a live run. */
  verdict(guess: string, measured: string, verdict: Verdict, tolerance: Tolerance): string;
  noGuess(measured: string): string;
  notANumber(typed: string): string;
  couldNotMeasure(expr: string, why: string): string;
}

const within = (t: Tolerance) => `±${toleranceText(t)}`;
const offBy = (v: Verdict, zh: boolean) => {
  const amount = formatNumber(v.off);
  if (v.offPercent === null) return zh ? `相差 ${amount}` : `off by ${amount}`;
  return zh ? `相差 ${formatPercent(v.offPercent)}%（${amount}）` : `off by ${formatPercent(v.offPercent)}% (${amount})`;
};

const en: PredictText = {
  label: 'Your prediction of',
  tolerance: (t) =>
    t.kind === 'relative'
      ? `Within ${within(t)} of the measured value counts. Enter runs the cell.`
      : `Within ${within(t)} of the measured value, in its own units, counts. Enter runs the cell.`,
  askBaked: 'Predict the value first, then run the cell: the page compares your prediction with the measurement.',
  answer: 'Answer',
  measured: (value) => `measured: ${value}`,
  verdict: (guess, measured, v, t) =>
    v.within
      ? `✓ You predicted ${guess}; measured ${measured}: within ${within(t)}${v.off === 0 ? ', exactly' : ` (${offBy(v, false)})`}.`
      : `✗ You predicted ${guess}; measured ${measured}: ${offBy(v, false)}, outside ${within(t)}.`,
  noGuess: (measured) => `No prediction typed; measured ${measured}.`,
  notANumber: (typed) => `"${typed}" is not a number: type digits such as 56 (a sign, a decimal point and "," between thousands are fine).`,
  couldNotMeasure: (expr, why) => `Could not measure ${expr} after the run: ${why}`,
};

const zh: PredictText = {
  label: '你的预测：',
  tolerance: (t) =>
    t.kind === 'relative'
      ? `与实测值相差在 ${within(t)} 以内即算猜中。按 Enter 运行单元格。`
      : `与实测值相差在 ${within(t)}（与该值同一单位）以内即算猜中。按 Enter 运行单元格。`,
  askBaked: '先预测这个值，再运行单元格：页面会把你的预测与实测值对比。',
  answer: '答案',
  measured: (value) => `实测：${value}`,
  verdict: (guess, measured, v, t) =>
    v.within
      ? `✓ 你预测 ${guess}；实测 ${measured}：在 ${within(t)} 以内${v.off === 0 ? '，完全一致' : `（${offBy(v, true)}）`}。`
      : `✗ 你预测 ${guess}；实测 ${measured}：${offBy(v, true)}，超出 ${within(t)}。`,
  noGuess: (measured) => `没有填写预测；实测 ${measured}。`,
  notANumber: (typed) => `“${typed}”不是数字：请输入数字，例如 56（可带正负号、小数点，千位之间可用“,”）。`,
  couldNotMeasure: (expr, why) => `运行后无法测量 ${expr}：${why}`,
};

/** The words for a page language such as "en" or "zh-CN"; English when it is not one of the book's. */
export function predictText(lang: string): PredictText {
  return lang.toLowerCase().startsWith('zh') ? zh : en;
}

/** A measured or predicted number as the page writes it: thousands separated, floats as given. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? formatValue(n, 'int') : String(Math.round(n * 1e6) / 1e6);
}

/** The question, baked before the output: the expression and the tolerance; the page adds the input to it. */
export function renderAsk(prediction: Prediction, words: PredictText): ViewNode {
  return h(
    'div',
    { class: 'hb-predict', 'data-tolerance': toleranceText(prediction.tolerance) },
    h('p', { class: 'hb-predict-ask' }, `${words.label} `, h('code', null, prediction.expr)),
    h('p', { class: 'hb-predict-hint' }, words.tolerance(prediction.tolerance), ' ', words.askBaked),
  );
}

/** The answer behind a reveal: "measured: N" first, the writer's explanation after it (added by the caller). */
export function renderAnswer(measured: string, words: PredictText): ViewNode {
  return h(
    'details',
    { class: 'hb-predict-answer' },
    h('summary', null, words.answer),
    h('p', { class: 'hb-predict-measured' }, words.measured(measured)),
  );
}
