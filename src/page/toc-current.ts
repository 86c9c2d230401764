/**
 * The pure part of the "On this page" highlight (toc-element.ts): which heading a link points to, the
 * observer's margins, and which entry is current.
 */

/** Far enough above the viewport that every heading the reader has scrolled past still counts as "above". */
export const FAR_ABOVE_PX = 10_000_000;

/** The element id a table-of-contents link's hash (`#what-is-a-frame`, `#%E5%BC%95...`) names. */
export function headingId(hash: string): string {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Starlight's reading band: it starts 2rem below the bars and is 53 px tall. */
const BELOW_BARS_PX = 32;
const BAND_PX = 53;

/**
 * How far from the top of the viewport the reading line lies: a heading whose top is above it is being read.
 * Starlight's line is the bottom of its band, `barsPx` (header, and on a phone the "On this page" summary)
 * + 85 px. A link click puts its heading at the page's scroll-padding-top, which on our pages also clears the
 * engine bar: the line then lies a band below that, so the section just clicked is the one marked.
 */
export function readingLine(barsPx: number, scrollPaddingTopPx: number): number {
  const starlight = barsPx + BELOW_BARS_PX + BAND_PX;
  return Number.isFinite(scrollPaddingTopPx) ? Math.max(starlight, scrollPaddingTopPx + BAND_PX) : starlight;
}

/**
 * The IntersectionObserver root margin whose area is everything above the reading line `linePx` of a viewport
 * `viewportPx` tall, from far above the page. A heading intersects exactly when its top is above that line,
 * however fast the reader scrolls past it.
 */
export function rootMarginAbove(linePx: number, viewportPx: number): string {
  return `${FAR_ABOVE_PX}px 0px ${Math.round(linePx) - Math.round(viewportPx)}px 0px`;
}

/** The current entry: the last heading (in page order) above the line, or the first entry (the page title). */
export function currentIndex(above: readonly boolean[]): number {
  return Math.max(0, above.lastIndexOf(true));
}
