/**
 * Entry of the page script: registers the cell elements when the page has cells. The engines'
 * warm-up is imported statically, so it arrives with this script and starts the workers before
 * the cell elements' own code has loaded (about 120 ms sooner on /en/gc/ than a dynamic import).
 * The cell element is imported statically too, so that it downloads while the page is parsed
 * rather than after; it is registered after the warm-up has started the workers.
 */
import { defineCellElement } from './cell-element.ts';
import { watchInPageLinks } from './in-page-links.ts';
import { warmUpEngines } from './warm-up.ts';
import { startServiceWorker } from './register-service-worker.ts';
import { engine } from './engine-client.ts';
import { pageLanguages } from './page-languages.ts';
import { loadWords } from '../i18n/index.ts';

// The page's own words before anything is worded: a Chinese page fetches its words, an English one nothing.
await loadWords(document.documentElement.lang);

// Starlight's search button is labelled "Search" but shows "Search Ctrl K": a name that differs from
// the visible words confuses speech input (axe: label-content-name-mismatch). Its content names it.
document.querySelector('site-search button[data-open-modal][aria-label]')?.removeAttribute('aria-label');

const hasCells = document.querySelector('heapbook-cell') !== null;
// Offline reading, and cross-origin isolation on hosts that send no headers (register-service-worker.ts).
startServiceWorker(hasCells ? () => Promise.allSettled(pageLanguages().map((lang) => engine(lang).start())) : null);

if (hasCells) {
  warmUpEngines();
  watchInPageLinks();
  defineCellElement();
  void import('./engine-bar.ts').then(({ mountEngineBar }) => mountEngineBar());
}
