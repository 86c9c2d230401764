/**
 * <heapbook-engine-bar>: one per page with cells. Shows the engine's state and load progress and
 * offers Run all and Restart. It is created by script, so pages without JavaScript do not show it.
 */
import type { EngineState } from '../../workers/protocol.ts';
import { engine } from './engine-client.ts';
import { notebook } from './notebook.ts';
import { uiText } from './ui-text.ts';

export class HeapbookEngineBar extends HTMLElement {
  connectedCallback(): void {
    if (this.childElementCount) return;
    const text = uiText(document.documentElement.lang);
    const host = engine();
    const status = document.createElement('span');
    status.className = 'hb-engine-state';
    status.setAttribute('role', 'status');
    const progress = document.createElement('progress');
    progress.max = 1;
    progress.hidden = true;
    const runAll = document.createElement('button');
    runAll.type = 'button';
    runAll.textContent = text.runAll;
    runAll.addEventListener('click', () => void notebook().runAll());
    const restart = document.createElement('button');
    restart.type = 'button';
    restart.textContent = text.restart;
    restart.addEventListener('click', () => void notebook().restart());
    this.append(status, progress, runAll, restart);
    if (!host.interruptible) {
      const note = document.createElement('small');
      note.textContent = text.notIsolated;
      this.append(note);
    }
    const show = (state: EngineState) => {
      this.dataset['state'] = state;
      status.textContent = text.states[state];
      progress.hidden = state !== 'loading' && state !== 'restarting';
      if (progress.hidden) progress.value = 0;
    };
    show(host.state);
    host.onState(show);
    host.onProgress((p) => {
      progress.value = p.fraction;
      progress.title = p.message;
    });
  }
}

customElements.define('heapbook-engine-bar', HeapbookEngineBar);

/** Puts the bar at the top of the content when the page has cells. */
export function mountEngineBar(): void {
  const first = document.querySelector('heapbook-cell');
  const content = first?.closest('.sl-markdown-content');
  if (!content || content.querySelector('heapbook-engine-bar')) return;
  content.prepend(document.createElement('heapbook-engine-bar'));
}
