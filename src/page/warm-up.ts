/**
 * Starts the page's engines before the first Run, so that a reader gets output at once: as soon as
 * the page's script runs (the engine downloads in a worker, beside the page), and at the latest when
 * the pointer or focus reaches a cell. A reader who asked to save data gets only the second.
 *
 * Measured on /en/gc/ (2 cores, Chromium 156, localhost): waiting for the load event and an idle
 * moment started the worker about 250 ms later than starting here, and a Run clicked as soon as it
 * showed waited for all of that.
 */
import { engine } from './engine-client.ts';
import { cellLanguage, pageLanguages } from './page-languages.ts';

function start(lang: ReturnType<typeof cellLanguage>): void {
  // A failed start shows in the engine bar; the reader's Run tries again.
  engine(lang)
    .start()
    .catch(() => undefined);
}

export function warmUpEngines(): void {
  const near = (event: Event) => {
    const cell = event.target instanceof Element ? event.target.closest('heapbook-cell') : null;
    if (cell) start(cellLanguage(cell));
  };
  document.addEventListener('pointerover', near, { passive: true });
  document.addEventListener('focusin', near);
  const saveData = (navigator as { connection?: { saveData?: boolean } }).connection?.saveData === true;
  if (saveData) return;
  pageLanguages().forEach(start);
}
