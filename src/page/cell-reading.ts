/**
 * Reading a cell: Share (the reader's code in a link), Clear output, the keyboard (Shift+Enter runs
 * and moves to the next cell, Ctrl/Cmd+Enter runs and stays, Esc leaves the editor for the cell) and
 * one polite live region per page that says when a run finished and how. `cell-element.ts` calls
 * `addReadingControls` once per cell with what it needs; nothing here runs code by itself.
 */
import { decodeShare, encodeShare, isShareFragment } from './share-code.ts';
import type { UiText } from '../i18n/index.ts';
import { h } from '../shared/view-node.ts';
import { button, draw } from './cell-dom.ts';

export interface ReadingHost {
  readonly cell: HTMLElement;
  readonly cellId: string;
  readonly text: UiText;
  readonly toolbar: HTMLElement;
  /** The code the reader would run now. */
  code(): string;
  /** Shows `code` in the editor, not run, with Reset offered. */
  showShared(code: string): void;
  clearOutput(): void;
  run(): void;
}

/** The next shown cell after `cell` in the page, if any. */
function nextCell(cell: HTMLElement): HTMLElement | null {
  const cells = [...document.querySelectorAll<HTMLElement>('heapbook-cell:not([hidden])')];
  return cells[cells.indexOf(cell) + 1] ?? null;
}

/** Focuses a cell itself (not its buttons), for the keyboard: Shift/Ctrl/Cmd+Enter act on it from there. */
export function focusCell(cell: HTMLElement): void {
  cell.focus({ preventScroll: true });
  cell.scrollIntoView({ block: 'nearest' });
}

const hosts = new Map<string, ReadingHost>();
let watching = false;

/** Opens the code of a share link in its cell (never runs it), or says in the cell why it cannot. */
async function openShared(hash: string): Promise<void> {
  if (!isShareFragment(hash)) return;
  const shared = await decodeShare(hash);
  if (!shared.ok) {
    const first = hosts.values().next().value;
    if (first) showNote(first, first.text.share.unreadable(shared.problem), 'hb-share-error');
    return;
  }
  const host = hosts.get(shared.cellId);
  if (!host) {
    const first = hosts.values().next().value;
    if (first) showNote(first, first.text.share.noSuchCell(shared.cellId), 'hb-share-error');
    return;
  }
  host.showShared(shared.code);
  host.cell.dataset['shared'] = 'true';
  showNote(host, host.text.share.opened, 'hb-shared-note');
  document.documentElement.classList.add('hb-cells-laid-out');
  host.cell.scrollIntoView({ block: 'start' });
}

/** A line under the cell's buttons (one at a time): the share link, a shared-code notice, a problem. */
function showNote(host: ReadingHost, message: string, className: string, link?: string): HTMLElement {
  host.cell.querySelector(':scope > .hb-share-note')?.remove();
  const note = draw(h('div', { class: `hb-share-note ${className}`, role: 'status' }, h('span', null, message)));
  if (link) {
    const field = draw<HTMLInputElement>(
      h('input', { type: 'text', readonly: '', class: 'hb-share-link', 'aria-label': host.text.share.linkLabel }),
    );
    // The value as typed text, not as an attribute: the field shows the link, the markup does not repeat it.
    field.value = link;
    field.addEventListener('focus', () => field.select());
    note.append(field);
  }
  host.toolbar.after(note);
  return note;
}

async function share(host: ReadingHost): Promise<void> {
  const encoded = await encodeShare(host.cellId, host.code());
  if (!encoded.ok) {
    showNote(host, host.text.share.tooLong(encoded.payloadChars, encoded.limit), 'hb-share-error');
    return;
  }
  const link = `${location.origin}${location.pathname}${location.search}${encoded.fragment}`;
  let copied = false;
  try {
    await navigator.clipboard.writeText(link);
    copied = true;
  } catch {
    // No clipboard (an insecure origin, a denied permission): the link is shown to copy by hand.
  }
  showNote(host, copied ? host.text.share.copied : host.text.share.copyByHand, 'hb-share-made', link);
}

let liveRegion: HTMLElement | null = null;

/** Says, politely, that a cell's run finished and how; one region for the page. */
export function announce(message: string): void {
  if (!liveRegion) {
    liveRegion = draw(h('div', { class: 'hb-announcer', role: 'status', 'aria-live': 'polite' }));
    document.body.append(liveRegion);
  }
  liveRegion.textContent = message;
}

/**
 * Code and outputs that scroll inside their own box (long output, wide code) take the keyboard
 * focus so that a reader without a mouse can scroll them; boxes that fit are left out of the tab order.
 *
 * One observer watches every cell and its boxes. Sizes are read only in its callback, which runs
 * after layout, every box of every resized cell before any attribute changes: reading them as each
 * cell connected forced a layout of the whole page per cell (250 ms of a 1 s start on
 * /en/js-closures/ on a loaded 2-core machine), and a change between two reads forces another.
 * A box that is not laid out is not measured, since measuring would lay it out: one in a cell off
 * the screen (`content-visibility: auto`, cells.css; measuring those cost 340 ms of the start on
 * /en/js-closures/ at a load of 14) is measured when the cell comes near the screen; one inside a
 * closed `<details>` (an exercise's solution, a picture's table) when the reader opens it (a
 * solution's cell resizes; a picture's table opens over the same height, and its toggle says so).
 */
const SCROLL_BOXES = '.hb-output pre, .hb-output .hb-table, .expressive-code pre';
const cellOfTarget = new WeakMap<Element, HTMLElement>();
let scrollObserver: ResizeObserver | null = null;

function onResize(entries: ResizeObserverEntry[]): void {
  const cells = new Set<HTMLElement>();
  for (const entry of entries) {
    const cell = cellOfTarget.get(entry.target);
    if (cell) cells.add(cell);
  }
  rescan(cells);
}

function rescan(cells: Iterable<HTMLElement>): void {
  const measured = [...cells].flatMap((cell) =>
    [...cell.querySelectorAll<HTMLElement>(SCROLL_BOXES)]
      .filter((box) => !box.closest('details:not([open])') && box.checkVisibility({ contentVisibilityAuto: true }))
      .map((box) => ({ cell, box, scrolls: box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1 })),
  );
  for (const { cell, box, scrolls } of measured) {
    if (!cellOfTarget.has(box)) {
      cellOfTarget.set(box, cell);
      scrollObserver?.observe(box);
    }
    if (scrolls && !box.hasAttribute('tabindex')) {
      box.tabIndex = 0;
      box.dataset['hbScroll'] = '';
    } else if (!scrolls && 'hbScroll' in box.dataset) {
      box.removeAttribute('tabindex');
      delete box.dataset['hbScroll'];
    }
  }
}

function watchScrollBoxes(cell: HTMLElement): void {
  scrollObserver ??= new ResizeObserver(onResize);
  cellOfTarget.set(cell, cell);
  scrollObserver.observe(cell);
  // A picture's table opens in place without resizing its cell: its toggle (which does not bubble) says so.
  cell.addEventListener('toggle', () => requestAnimationFrame(() => rescan([cell])), { capture: true });
  // An off-screen cell is not laid out (`content-visibility: auto`, cells.css): measured when it comes near.
  cell.addEventListener('contentvisibilityautostatechange', (event) => {
    if (!(event as Event & { skipped?: boolean }).skipped) requestAnimationFrame(() => rescan([cell]));
  });
}

export function addReadingControls(host: ReadingHost): void {
  const { cell, text } = host;
  hosts.set(host.cellId, host);
  cell.tabIndex = -1;
  const shareButton = button(text.share.button, 'hb-share', () => void share(host));
  const clearButton = button(text.clearOutput, 'hb-clear', () => host.clearOutput());
  host.toolbar.querySelector('.hb-cell-state')?.before(shareButton, clearButton);

  cell.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.shiftKey || event.ctrlKey || event.metaKey) && !event.altKey) {
      event.preventDefault();
      host.run();
      if (event.shiftKey) {
        const next = nextCell(cell);
        if (next) focusCell(next);
      }
    } else if (
      event.key === 'Escape' &&
      !event.defaultPrevented &&
      event.composedPath().some((el) => el instanceof HTMLElement && el.classList.contains('hb-editor'))
    ) {
      event.preventDefault();
      focusCell(cell);
    }
  });

  watchScrollBoxes(cell);
  host.toolbar.querySelector('.hb-reset')?.addEventListener('click', () => {
    delete cell.dataset['shared'];
    cell.querySelector(':scope > .hb-share-note')?.remove();
  });

  if (!watching) {
    watching = true;
    // Once every cell of the page has registered (they upgrade together): the link may name any of them.
    if (isShareFragment(location.hash)) queueMicrotask(() => void openShared(location.hash));
    window.addEventListener('hashchange', () => void openShared(location.hash));
  }
}
