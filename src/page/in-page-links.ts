/**
 * Links within the page (the table of contents, "On this page"): cells off screen are not laid out
 * (`content-visibility: auto` in cells.css) and stand in with a guessed height, so a heading below
 * them would be scrolled to where the guesses put it, then move as the cells near it render. When
 * the reader follows such a link, every cell is laid out first, once (the class stays), and the
 * browser then scrolls to the heading's true place. A page opened at an anchor is corrected the same way.
 */
const LAID_OUT = 'hb-cells-laid-out';

function layOutCells(): void {
  document.documentElement.classList.add(LAID_OUT);
}

function targetOf(hash: string): Element | null {
  if (hash.length < 2) return null;
  try {
    return document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch {
    return null;
  }
}

export function watchInPageLinks(): void {
  // Capture: before the link's own navigation, which is what scrolls.
  document.addEventListener(
    'click',
    (event) => {
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin || link.pathname !== location.pathname) return;
      if (targetOf(link.hash)) layOutCells();
    },
    { capture: true },
  );
  const opened = targetOf(location.hash);
  if (opened) {
    layOutCells();
    opened.scrollIntoView();
  }
}
