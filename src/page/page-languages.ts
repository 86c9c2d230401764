/** The languages of the page's cells, in order of first appearance, read from the baked markup. */
import type { CellLang } from '../../engine/protocol.ts';

export function cellLanguage(cell: Element): CellLang {
  return cell.getAttribute('data-lang') === 'javascript' ? 'javascript' : 'python';
}

export function pageLanguages(): CellLang[] {
  return [...new Set([...document.querySelectorAll('heapbook-cell')].map(cellLanguage))];
}
