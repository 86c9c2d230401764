/**
 * The words and views of a predict cell (`#| predict:`), in the book's languages: the question
 * baked at build, the answer behind a `<details>` (measured value and the writer's explanation),
 * and the verdict the page shows after a live run. Pure: view trees, no DOM.
 */
import { words, type PredictText } from '../i18n/index.ts';
import { toleranceText, type Prediction } from './predict.ts';
import { h, type ViewNode } from './view-node.ts';

export type { PredictText } from '../i18n/index.ts';
export { formatNumber } from './format.ts';

/** The words for a page language such as "en" or "zh-CN"; English when it is not one of the book's. */
export function predictText(lang: string): PredictText {
  return words(lang).predict;
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
