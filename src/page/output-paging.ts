/**
 * A run's output shown a page at a time (`output-cap.ts` decides the pages): while it streams, up
 * to a page and then only how much is hidden so far; when it has finished, Show more (a page at a
 * time) and a download of the whole kept output under the line that says what is hidden.
 */
import type { OutputSize, RunResult, StreamChunk } from '../../engine/protocol.ts';
import type { OutputText } from '../i18n/index.ts';
import { nextPage, OutputCap, type OutputPage } from '../shared/output-cap.ts';
import { renderMore, renderStream } from '../shared/result-view.ts';
import { h, type ViewNode } from '../shared/view-node.ts';
import { button, draw } from './cell-dom.ts';
import { downloadOutput } from './output-download.ts';

/** Adds output text after what is shown, before the line that says what is hidden. */
function appendPieces(output: HTMLElement, pieces: readonly StreamChunk[]): void {
  const more = output.querySelector(':scope > .hb-more');
  for (const piece of pieces) {
    const last = more ? more.previousElementSibling : output.lastElementChild;
    if (last?.classList.contains(`hb-${piece.stream}`)) last.append(piece.text);
    else if (more) more.before(draw(renderStream(piece)));
    else output.append(draw(renderStream(piece)));
  }
}

/** Puts the line that says what is hidden at the end of the output (or removes it when `view` is null). */
function replaceMore(output: HTMLElement, view: ViewNode | null): HTMLElement | null {
  const old = output.querySelector(':scope > .hb-more');
  if (!view) {
    old?.remove();
    return null;
  }
  const next = draw(view);
  if (old) old.replaceWith(next);
  else output.append(next);
  return next;
}

/** One run's streamed output, shown up to a page. */
export class StreamedOutput {
  private readonly cap = new OutputCap();
  private readonly words: OutputText;

  constructor(words: OutputText) {
    this.words = words;
  }

  /** Shows `chunks` in `output` up to a page; past it, only how much is hidden so far. */
  push(output: HTMLElement, chunks: readonly StreamChunk[], notKept: OutputSize | null): void {
    appendPieces(output, this.cap.push(chunks));
    const hidden = this.cap.hidden();
    if (hidden || notKept) replaceMore(output, renderMore(hidden, notKept, this.words, false));
  }
}

/** Show more and the download, under a finished run's capped output (`output` shows `first`); nothing when all is shown. */
export function addPagingControls(output: HTMLElement, result: RunResult, first: OutputPage, words: OutputText, cellId: string): void {
  const more = output.querySelector<HTMLElement>(':scope > .hb-more');
  if (!more) return;
  const controls = draw(h('div', { class: 'hb-more-controls' }));
  let page = first;
  const showMore = button(words.showMore, 'hb-show-more', () => {
    page = nextPage(result.stream, page);
    appendPieces(output, page.pieces);
    showMore.hidden = !page.hidden;
    replaceMore(output, renderMore(page.hidden, result.notKept ?? null, words, false))?.append(controls);
  });
  const download = button(words.download(first.total.bytes), 'hb-download', () => {
    download.disabled = true;
    void downloadOutput(result.stream, cellId).finally(() => (download.disabled = false));
  });
  showMore.hidden = !first.hidden;
  controls.append(showMore, download);
  more.append(controls);
}
