/**
 * A cell's output box (`.hb-output`): the build's output until a run, then what the run showed.
 * The box is replaced whole when a result is shown, so the element here is the one on show.
 */
import { h, type ViewNode } from '../shared/view-node.ts';
import { draw } from './cell-dom.ts';

export class CellOutput {
  /** The box on show. */
  element: HTMLElement;

  /** Takes the cell's baked output box, or adds an empty one. */
  constructor(cell: HTMLElement) {
    this.element = cell.querySelector<HTMLElement>(':scope > .hb-output') ?? cell.appendChild(draw(h('div', { class: 'hb-output' })));
  }

  /** Shows `view` (an `.hb-output` box) instead of the box on show. */
  replace(view: ViewNode): void {
    const next = draw(view);
    this.element.replaceWith(next);
    this.element = next;
  }

  /** An empty box instead of the one on show. */
  empty(): void {
    this.replace(h('div', { class: 'hb-output' }));
  }

  /** Empties the box for a run's streamed output. */
  startRun(): void {
    this.element.replaceChildren();
    this.element.dataset['status'] = 'running';
    delete this.element.dataset['stale'];
  }

  /** Marks the output on show as older than the last run asked for. */
  markStale(): void {
    this.element.dataset['stale'] = 'true';
  }

  /** A late error's note: after the output and value, before the notice, metrics and verdict. */
  addLate(view: ViewNode): void {
    const note = draw(view);
    const after = this.element.querySelector(':scope > .hb-notice, :scope > .hb-metrics, :scope > .hb-solved, :scope > .hb-not-yet');
    if (after) after.before(note);
    else this.element.append(note);
  }

  /** Redraws the metrics line, if the box has one. */
  replaceMetrics(view: ViewNode | null): void {
    const old = this.element.querySelector(':scope > .hb-metrics');
    if (view && old) old.replaceWith(draw(view));
  }

  /** Sets the words of the memory gutter's disclosure, if the box has one; the disclosure itself (which may have the focus) stays. */
  setLinesSummary(text: string): void {
    const summary = this.element.querySelector(':scope > .hb-lines > summary');
    if (summary) summary.textContent = text;
  }
}
