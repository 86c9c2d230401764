/**
 * A cell's toolbar: Run, Stop, Reset and the words that say the cell's state (also the cell's
 * `data-state`). Share and Clear output join it from `cell-reading.ts`, before the state's words.
 */
import type { UiText } from '../i18n/index.ts';
import { h } from '../shared/view-node.ts';
import { button, draw } from './cell-dom.ts';
import type { CellState } from './cell-state.ts';

export interface ToolbarActions {
  run(): void;
  stop(): void;
  reset(): void;
}

export class CellToolbar {
  readonly element: HTMLElement;
  readonly runButton: HTMLButtonElement;
  readonly stopButton: HTMLButtonElement;
  readonly resetButton: HTMLButtonElement;
  private readonly stateLabel: HTMLElement;
  private readonly cell: HTMLElement;

  /** Builds the toolbar and puts it first in `cell`. */
  constructor(cell: HTMLElement, text: UiText, actions: ToolbarActions) {
    this.cell = cell;
    this.runButton = button(text.run, 'hb-run', () => actions.run());
    this.stopButton = button(text.stop, 'hb-stop', () => actions.stop());
    this.resetButton = button(text.reset, 'hb-reset', () => actions.reset());
    this.stopButton.hidden = true;
    this.stateLabel = draw(h('span', { class: 'hb-cell-state' }));
    this.element = draw(h('div', { class: 'hb-toolbar' }));
    this.element.append(this.runButton, this.stopButton, this.resetButton, this.stateLabel);
    cell.prepend(this.element);
  }

  /** Shows the cell's state, as `data-state` and in words; unchanged text is left alone (a DOM write can cost a frame). */
  showState(state: CellState, label: string): void {
    if (this.cell.dataset['state'] !== state) this.cell.dataset['state'] = state;
    if (this.stateLabel.textContent !== label) this.stateLabel.textContent = label;
  }

  /** A run has started: Run says it is busy but stays focusable (a disabled button drops the focus to the page), Stop appears. */
  busy(): void {
    this.runButton.setAttribute('aria-disabled', 'true');
    this.stopButton.hidden = false;
  }

  /** A package loads before the run: the same as a run (Run was left `disabled` here, and nothing enabled it again). */
  loadingPackage(): void {
    this.busy();
  }

  /** The run has ended: Run is offered again, Stop goes. */
  idle(): void {
    this.runButton.removeAttribute('aria-disabled');
    this.stopButton.hidden = true;
  }

  showReset(shown: boolean): void {
    this.resetButton.hidden = !shown;
  }

  /**
   * Runs a change that may remove or hide the focused element (the Stop button, a button in the
   * output): if the focus was in the cell, it stays in it, on Run, instead of falling to the page.
   */
  keepingFocus(change: () => void): void {
    const had = this.cell.contains(document.activeElement) && document.activeElement !== this.cell;
    change();
    if (had && !this.cell.contains(document.activeElement)) this.runButton.focus();
  }
}
