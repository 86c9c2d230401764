/**
 * The page side of a predict cell (`#| predict:`): a labelled number input in the baked question,
 * where Enter runs the cell; after a run, the expression measured in the reader's engine, the
 * verdict against the prediction (`judgePrediction`), and the answer with the writer's explanation
 * revealed. Thin: the judging and the words are pure (`src/shared/predict.ts`, `predict-text.ts`).
 */
import type { CellLang, RunResult } from '../../engine/protocol.ts';
import { judgePrediction, parseGuess, predictProbe, readProbe, type Tolerance } from '../shared/predict.ts';
import { formatNumber, predictText } from '../shared/predict-text.ts';
import { h } from '../shared/view-node.ts';
import { draw } from './cell-dom.ts';
import { engine } from './engine-client.ts';

export interface PredictHost {
  readonly cellId: string;
  readonly language: CellLang;
  /** Runs the cell (Enter in the input). */
  run(): void;
}

function toleranceOf(text: string): Tolerance {
  return text.endsWith('%') ? { kind: 'relative', percent: Number(text.slice(0, -1)) } : { kind: 'absolute', amount: Number(text) };
}

export class PredictCell {
  private readonly input: HTMLInputElement;
  private readonly verdict: HTMLElement;
  private readonly words = predictText(document.documentElement.lang);
  private readonly expr: string;
  private readonly tolerance: Tolerance;

  private readonly cell: HTMLElement;
  private readonly host: PredictHost;

  constructor(cell: HTMLElement, host: PredictHost) {
    this.cell = cell;
    this.host = host;
    this.expr = cell.dataset['predict'] ?? '';
    this.tolerance = toleranceOf(cell.dataset['tolerance'] ?? '0');
    const box = cell.querySelector<HTMLElement>(':scope > .hb-predict');
    const ask = box?.querySelector<HTMLElement>('.hb-predict-ask');
    this.input = draw<HTMLInputElement>(
      h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'hb-predict-input', id: `hb-predict-${host.cellId}` }),
    );
    this.input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      event.stopPropagation();
      host.run();
    });
    this.verdict = draw(h('p', { class: 'hb-predict-verdict', role: 'status' }));
    // The baked question becomes the input's label: the words and the expression, as the build wrote them.
    const label = draw(h('label', { for: this.input.id, class: 'hb-predict-ask' }));
    if (ask) label.append(...ask.childNodes);
    else label.textContent = `${this.words.label} ${this.expr}`;
    const hint = box?.querySelector<HTMLElement>('.hb-predict-hint');
    if (hint) hint.textContent = this.words.tolerance(this.tolerance);
    const row = draw(h('p', { class: 'hb-predict-row' }));
    row.append(label, ' ', this.input);
    if (ask) ask.replaceWith(row);
    else box?.prepend(row);
    box?.append(this.verdict);
  }

  /**
   * After the cell's run: measures the expression in the same engine. Called from the cell's
   * `finish`, before the notebook sends the next cell, so the probe runs right after this cell.
   */
  finished(result: RunResult): void {
    if (result.status !== 'ok') return;
    const typed = this.input.value.trim();
    const request = { cellId: `${this.host.cellId}/predict`, lang: this.host.language, code: predictProbe(this.host.language, this.expr) };
    void engine(this.host.language)
      .run(request, { timeoutMs: 30_000 })
      .then((probe) => this.show(typed, probe))
      .catch((err: unknown) => this.say(this.words.couldNotMeasure(this.expr, String(err)), 'failed'));
  }

  private show(typed: string, probe: RunResult): void {
    if (probe.status !== 'ok') {
      const why = probe.error ? `${probe.error.type}: ${probe.error.message}` : (probe.notice ?? probe.status);
      return this.say(this.words.couldNotMeasure(this.expr, why), 'failed');
    }
    const read = readProbe(probe.stream.map((c) => c.text).join(''));
    if ('notNumber' in read) return this.say(this.words.couldNotMeasure(this.expr, read.notNumber), 'failed');
    const measured = formatNumber(read.value);
    const answer = this.cell.querySelector<HTMLDetailsElement>(':scope > .hb-predict-answer');
    const line = answer?.querySelector('.hb-predict-measured');
    if (line) line.textContent = this.words.measured(measured);
    if (answer) answer.open = true;
    if (typed === '') return this.say(this.words.noGuess(measured), 'none');
    const guess = parseGuess(typed);
    if (guess === null) return this.say(this.words.notANumber(typed), 'none');
    const verdict = judgePrediction(guess, read.value, this.tolerance);
    this.say(this.words.verdict(formatNumber(guess), measured, verdict, this.tolerance), verdict.within ? 'within' : 'outside');
  }

  private say(text: string, outcome: 'within' | 'outside' | 'none' | 'failed'): void {
    this.verdict.textContent = text;
    this.verdict.dataset['outcome'] = outcome;
  }
}
