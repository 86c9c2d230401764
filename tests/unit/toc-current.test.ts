import { describe, expect, it } from 'vitest';
import { FAR_ABOVE_PX, currentIndex, headingId, readingLine, rootMarginAbove } from '../../src/page/toc-current.ts';

describe('the table of contents highlight', () => {
  it('reads a heading id from a link hash, percent-encoded or not', () => {
    expect(headingId('#what-is-a-frame')).toBe('what-is-a-frame');
    expect(headingId('#_top')).toBe('_top');
    expect(headingId('#%E5%BC%95%E7%94%A8%E8%AE%A1%E6%95%B0')).toBe('引用计数');
    // A stray % is not an escape: the id is taken as written.
    expect(headingId('#100%-done')).toBe('100%-done');
  });

  it("puts the reading line a band below where a link lands its heading, never above Starlight's", () => {
    // Starlight's own line: the bars, its 2rem padding and its 53 px band.
    expect(readingLine(56, Number.NaN)).toBe(56 + 85);
    // Starlight's scroll padding (1.5rem + bars) lands a heading inside its band: its line holds.
    expect(readingLine(56, 24 + 56)).toBe(56 + 85);
    // Our pages' padding also clears the engine bar (48 px here): the line moves down with it.
    expect(readingLine(56, 24 + 56 + 48)).toBe(24 + 56 + 48 + 53);
  });

  it('observes everything above the reading line', () => {
    expect(rootMarginAbove(141, 800)).toBe(`${FAR_ABOVE_PX}px 0px -659px 0px`);
    expect(rootMarginAbove(196.5, 740)).toBe(`${FAR_ABOVE_PX}px 0px -543px 0px`);
    // A viewport shorter than the line: the margin grows the area below the viewport.
    expect(rootMarginAbove(205, 150)).toBe(`${FAR_ABOVE_PX}px 0px 55px 0px`);
  });

  it('marks the last heading above the line, or the page title when none is', () => {
    expect(currentIndex([true, true, false, false])).toBe(1);
    expect(currentIndex([true, true, true, true])).toBe(3);
    expect(currentIndex([false, false, false])).toBe(0);
    expect(currentIndex([])).toBe(0);
  });
});
