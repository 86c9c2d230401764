/**
 * <heapbook-engine-bar>: one per page with cells. Shows the engine's state and load progress and
 * offers Run all and Restart. It is created by script, so pages without JavaScript do not show it.
 */
import type { RestartCause } from '../../engine/host/engine-notices.ts';
import type { CellLang, EngineState } from '../../engine/protocol.ts';
import { engine } from './engine-client.ts';
import { notebook } from './notebook.ts';
import { pageLanguages } from './page-languages.ts';
import { uiText } from '../i18n/index.ts';

export class HeapbookEngineBar extends HTMLElement {
  connectedCallback(): void {
    if (this.childElementCount) return;
    const text = uiText(document.documentElement.lang);
    const langs = pageLanguages();
    const statuses = langs.map((lang, i) => this.status(lang, text, i === 0));
    const host = engine('python');
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
    const clearAll = document.createElement('button');
    clearAll.type = 'button';
    clearAll.className = 'hb-clear-all';
    clearAll.textContent = text.clearAll;
    clearAll.addEventListener('click', () => notebook().clearAll());
    // On narrow screens (cells.css) the bar keeps one row: the state lines stack in their column, the
    // progress bar is a line along its bottom edge, and Restart and Clear outputs open from "More". On
    // wider screens the wrappers take no box (display: contents) and the "More" button is not shown.
    const states = document.createElement('span');
    states.className = 'hb-engine-states';
    states.append(...statuses);
    const menu = document.createElement('span');
    menu.className = 'hb-engine-menu';
    menu.id = 'hb-engine-menu';
    menu.append(restart, clearAll);
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'hb-engine-more';
    more.textContent = text.barMore;
    more.setAttribute('aria-expanded', 'false');
    more.setAttribute('aria-controls', menu.id);
    const open = (on: boolean) => {
      more.setAttribute('aria-expanded', String(on));
      this.toggleAttribute('data-menu-open', on);
    };
    more.addEventListener('click', () => open(more.getAttribute('aria-expanded') !== 'true'));
    // A chosen action, Escape, or the focus or a tap leaving the bar closes the menu.
    // The chosen button is hidden with the menu, so the focus goes back to "More" rather than to the page.
    for (const button of [restart, clearAll]) {
      button.addEventListener('click', () => {
        if (!this.hasAttribute('data-menu-open')) return;
        open(false);
        more.focus();
      });
    }
    this.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || !this.hasAttribute('data-menu-open')) return;
      open(false);
      more.focus();
    });
    this.addEventListener('focusout', (e) => {
      if (!(e.relatedTarget instanceof Node) || !this.contains(e.relatedTarget)) open(false);
    });
    document.addEventListener('pointerdown', (e) => {
      if (this.hasAttribute('data-menu-open') && !(e.target instanceof Node && this.contains(e.target))) open(false);
    });
    this.append(states, progress, runAll, more, menu);
    // Its height, for the scroll padding that keeps a linked heading from landing under it (cells.css).
    let measured = false;
    new ResizeObserver(() => {
      document.documentElement.style.setProperty('--hb-engine-bar-height', `${this.offsetHeight}px`);
      if (!measured) {
        measured = true;
        this.uncoverLinkedTarget();
      }
    }).observe(this);
    if (langs.includes('python') && !host.interruptible) {
      const note = document.createElement('small');
      note.textContent = text.notIsolated;
      this.append(note);
      // On narrow screens the note is said once, below the bar, where it does not stay on screen (cells.css).
      const below = document.createElement('p');
      below.className = 'hb-engine-note';
      below.textContent = text.notIsolated;
      this.after(below);
    }
    if (!langs.includes('python')) {
      progress.remove();
      return;
    }
    const show = (state: EngineState) => {
      progress.hidden = state !== 'loading' && state !== 'restarting';
      if (progress.hidden) progress.value = 0;
    };
    show(host.state);
    host.onState(show);
    host.onProgress((p) => {
      progress.value = p.fraction;
      progress.title = text.progress(p.stage, p.message);
    });
  }

  /**
   * A page opened at an anchor was scrolled to it before the bar existed (it is mounted later, see
   * index.ts), so the scroll padding did not count it: a target now under the bar is scrolled to again.
   */
  private uncoverLinkedTarget(): void {
    let target: Element | null = null;
    try {
      target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    } catch {
      return;
    }
    if (!target) return;
    const top = target.getBoundingClientRect().top;
    if (top >= 0 && top < this.getBoundingClientRect().bottom) target.scrollIntoView();
  }

  /**
   * One engine's state, kept up to date; `data-state` on the bar follows the first engine. After
   * the engine was restarted the line says why (and `data-restarted` names the cause) until the
   * next cell of that language runs.
   */
  private status(lang: CellLang, text: ReturnType<typeof uiText>, first: boolean): HTMLElement {
    const host = engine(lang);
    const status = document.createElement('span');
    status.className = 'hb-engine-state';
    status.dataset['lang'] = lang;
    status.setAttribute('role', 'status');
    let pending: ReturnType<typeof setTimeout> | undefined;
    let restarted: RestartCause | null = null;
    const paint = (state: EngineState) => {
      // Unchanged text and attributes are left alone: every DOM write can cost a frame.
      const stateLine = text.stateLine(text.engines[lang], text.states[state]);
      const line = restarted ? `${stateLine} · ${text.restarted(restarted)}` : stateLine;
      if (status.textContent !== line) status.textContent = line;
      if (restarted && status.dataset['restarted'] !== restarted.kind) status.dataset['restarted'] = restarted.kind;
      if (!restarted && 'restarted' in status.dataset) delete status.dataset['restarted'];
      if (status.dataset['state'] !== state) status.dataset['state'] = state;
      if (first && this.dataset['state'] !== state) this.dataset['state'] = state;
      // When the engine was first ready, in ms since navigation, for the benchmark's breakdown (scripts/bench/chapter-page.ts).
      if (state === 'ready' && !status.dataset['readyAt']) status.dataset['readyAt'] = String(Math.round(performance.now()));
      const info = host.info;
      // How the Python engine started (from the build's snapshot, or why not), for the curious.
      if (state === 'ready' && info?.lang === 'python' && status.dataset['snapshot'] !== info.snapshot) {
        status.dataset['snapshot'] = info.snapshot;
        status.title = `${info.label}; started in ${Math.round(info.startMs)} ms; snapshot: ${info.snapshot}`;
      }
    };
    // "Running" shows only if the cell lasts, like the cell's own state (see cell-element.ts).
    const show = (state: EngineState) => {
      clearTimeout(pending);
      if (state === 'running') {
        restarted = null;
        pending = setTimeout(() => paint(state), 100);
      } else paint(state);
    };
    paint(host.state);
    host.onState(show);
    host.onRestart((cause) => {
      restarted = cause;
      paint(host.state);
    });
    return status;
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
