/**
 * Starts the page's engines before the first Run, so that a reader who has read for a few seconds
 * gets output at once: when the browser is idle after the page loaded, and at the latest when the
 * pointer or focus reaches a cell. A reader who asked to save data gets only the second.
 */
import { engine } from './engine-client.ts';
import { cellLanguage, pageLanguages } from './page-languages.ts';

function start(lang: ReturnType<typeof cellLanguage>): void {
  // A failed start shows in the engine bar; the reader's Run tries again.
  engine(lang).start().catch(() => undefined);
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
  const whenIdle = () => {
    const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 1_000));
    idle(() => pageLanguages().forEach(start), { timeout: 3_000 });
  };
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true });
}
