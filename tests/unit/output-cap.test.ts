/** What a page of a cell's output shows, what it says is hidden, baked and live. */
import { describe, expect, it } from 'vitest';
import { firstPage, nextPage, OutputCap, OUTPUT_PAGE, type OutputLimits, type OutputPage } from '../../src/shared/output-cap.ts';
import { outputText } from '../../src/i18n/index.ts';
import { renderMore, renderResult } from '../../src/shared/result-view.ts';
import type { StreamChunk } from '../../engine/protocol.ts';
import { OUTPUT_CEILING_BYTES } from '../../engine/worker/stream-batcher.ts';
import { countLines, countNewlines, utf8Length } from '../../engine/worker/text-size.ts';
import { okResult } from './run-result.ts';
import { findAll, textOf, viewToHtml } from './view-html.ts';

const encoded = (text: string) => new TextEncoder().encode(text).length;
const out = (text: string): StreamChunk => ({ stream: 'stdout', text });
const err = (text: string): StreamChunk => ({ stream: 'stderr', text });
const joined = (chunks: readonly StreamChunk[]) => chunks.map((c) => c.text).join('');
const numbered = (n: number, end = '\n') => Array.from({ length: n }, (_, i) => `${i}${end}`).join('');

/** A small deterministic generator, so the "random" splits are the same on every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('the output cap', () => {
  it('shows the first 1,000 lines of a million and counts the rest exactly', () => {
    const text = numbered(1_000_000);
    const page = firstPage([out(text)]);
    expect(joined(page.pieces)).toBe(numbered(1_000));
    // sum(len(str(i)) + 1 for i in range(10**6)) = 6,888,890; the first 1,000 lines are 3,890 bytes.
    expect(page.total).toEqual({ lines: 1_000_000, bytes: 6_888_890 });
    expect(page.hidden).toEqual({ lines: 999_000, bytes: 6_885_000, midLine: false });
    expect(page.end).toBe(3_890);
  });

  it('cuts one 50 MB line at 64 KiB: one line, the rest of it hidden', () => {
    const page = firstPage([out(`${'x'.repeat(50_000_000)}\n`)]);
    expect(joined(page.pieces)).toBe('x'.repeat(OUTPUT_PAGE.bytes));
    expect(page.hidden).toEqual({ lines: 1, bytes: 50_000_001 - 65_536, midLine: true });
    expect(page.total).toEqual({ lines: 1, bytes: 50_000_001 });
  });

  it('output without any newline is one line, cut by bytes', () => {
    const text = numbered(100_000, '');
    const page = firstPage([out(text)]);
    expect(joined(page.pieces)).toBe(text.slice(0, 65_536));
    expect(page.total).toEqual({ lines: 1, bytes: 488_890 });
    expect(page.hidden).toEqual({ lines: 1, bytes: 488_890 - 65_536, midLine: true });
  });

  it('caps stdout and stderr together, in order, and pages through both', () => {
    const chunks = [out('a\nb\n'), err('e1\n'), out('c\n'), err('e2\n'), out('tail')];
    const limits: OutputLimits = { lines: 3, bytes: 1000 };
    const page = firstPage(chunks, limits);
    expect(page.pieces).toEqual([out('a\nb\n'), err('e1\n')]);
    expect(page.hidden).toEqual({ lines: 3, bytes: 2 + 3 + 4, midLine: false });
    const second = nextPage(chunks, page, limits);
    expect(second.pieces).toEqual([out('c\n'), err('e2\n'), out('tail')]);
    expect(second.hidden).toBeNull();
  });

  it('nothing hidden: the whole output is the page', () => {
    const page = firstPage([out('one\n'), err('two')]);
    expect(page.pieces).toEqual([out('one\n'), err('two')]);
    expect(page.hidden).toBeNull();
    expect(page.total).toEqual({ lines: 2, bytes: 7 });
    expect(firstPage([]).hidden).toBeNull();
  });

  it('pages through everything: each page counts down exactly what measuring the rest would give', () => {
    const text = `${numbered(2_500)}${'y'.repeat(150_000)}\n${'中'.repeat(30_000)}\nend`;
    const chunks = [out(text.slice(0, 5_000)), err(text.slice(5_000, 9_000)), out(text.slice(9_000))];
    let page: OutputPage = firstPage(chunks);
    let shown = joined(page.pieces);
    let pages = 1;
    while (page.hidden) {
      const rest = text.slice(page.end);
      expect(page.hidden.bytes).toBe(encoded(rest));
      expect(page.hidden.lines).toBe(countLines(rest));
      expect(page.hidden.midLine).toBe(!text.slice(0, page.end).endsWith('\n'));
      page = nextPage(chunks, page);
      expect(utf8Length(joined(page.pieces))).toBeLessThanOrEqual(OUTPUT_PAGE.bytes);
      expect(countNewlines(joined(page.pieces))).toBeLessThanOrEqual(OUTPUT_PAGE.lines);
      shown += joined(page.pieces);
      pages++;
    }
    expect(shown).toBe(text);
    expect(pages).toBeGreaterThan(5);
  });

  it('streamed in any batches, shows exactly what the finished output shows', () => {
    const random = lcg(7);
    const text = `${numbered(700)}${'é'.repeat(40_000)}😀\n${numbered(500)}`;
    const whole = firstPage([out(text)]);
    for (let trial = 0; trial < 20; trial++) {
      const cap = new OutputCap();
      let shown = '';
      let at = 0;
      while (at < text.length) {
        const size = Math.ceil(random() * (trial % 2 ? 50_000 : 300));
        const stream = random() < 0.3 ? 'stderr' : 'stdout';
        shown += joined(cap.push([{ stream, text: text.slice(at, at + size) }]));
        at += size;
      }
      expect(shown).toBe(joined(whole.pieces));
      expect(cap.hidden()).toEqual(whole.hidden);
      expect(cap.total()).toEqual(whole.total);
      expect(cap.end).toBe(whole.end);
    }
  });

  it("with the engine's measured size, counts only the page and gives the same answer", () => {
    const text = `${numbered(5_000)}${'中'.repeat(100_000)}\nlast`;
    const chunks = [out(text.slice(0, 20_000)), err(text.slice(20_000))];
    const measured = firstPage(chunks);
    const known = firstPage(chunks, OUTPUT_PAGE, { lines: 5_002, bytes: encoded(text) });
    expect(known).toEqual(measured);
    expect(measured.total).toEqual({ lines: 5_002, bytes: encoded(text) });
  });

  it('never shows half a surrogate pair, and lone surrogates are counted like U+FFFD', () => {
    const text = `${'a'.repeat(65_535)}😀\ud800 and on\n\udc00`;
    const page = firstPage([out(text)]);
    expect(joined(page.pieces)).toBe('a'.repeat(65_535));
    expect(page.hidden).toEqual({ lines: 2, bytes: encoded(text) - 65_535, midLine: true });
    const next = nextPage([out(text)], page);
    expect(joined(next.pieces)).toBe('😀\ud800 and on\n\udc00');
    expect(next.hidden).toBeNull();
  });
});

describe('the line under a capped output', () => {
  const en = outputText('en');
  const zh = outputText('zh-CN');

  it('says how many lines and bytes are hidden, in English and Chinese', () => {
    expect(en.hidden({ lines: 999_000, bytes: 6_885_000, midLine: false })).toBe('999,000 more lines (6.57 MiB) hidden.');
    expect(en.hidden({ lines: 1, bytes: 12, midLine: false })).toBe('1 more line (12 B) hidden.');
    expect(en.hidden({ lines: 1, bytes: 49_934_465, midLine: true })).toBe('The rest of this line (47.6 MiB) hidden.');
    expect(en.hidden({ lines: 3, bytes: 2048, midLine: true })).toBe('The rest of this line and 2 more lines (2.00 KiB) hidden.');
    expect(zh.hidden({ lines: 999_000, bytes: 6_885_000, midLine: false })).toBe('另有 999,000 行（6.57 MiB）未显示。');
    expect(zh.hidden({ lines: 1, bytes: 49_934_465, midLine: true })).toBe('此行其余部分（47.6 MiB）未显示。');
    expect(zh.hidden({ lines: 3, bytes: 2048, midLine: true })).toBe('此行其余部分及另外 2 行（2.00 KiB）未显示。');
  });

  it('says exactly what the engine did not keep', () => {
    expect(en.notKept({ lines: 1, bytes: 2_891_137 }, OUTPUT_CEILING_BYTES)).toBe(
      "A further 2.76 MiB (1 line) was written but not kept: the engine keeps the first 64.0 MiB of a cell's output.",
    );
    expect(zh.notKept({ lines: 12_000, bytes: 2048 }, OUTPUT_CEILING_BYTES)).toBe(
      '另有 2.00 KiB（12,000 行）输出已写出但未保留：引擎只保留每个单元格输出的前 64.0 MiB。',
    );
  });

  it('baked, it tells the reader to run the cell; live, the page adds the controls', () => {
    const hidden = { lines: 5, bytes: 10, midLine: false };
    const baked = renderMore(hidden, null, en, true);
    expect(baked && viewToHtml(baked)).toBe(
      '<div class="hb-more" data-hidden-lines="5" data-hidden-bytes="10">\n' +
        '  <p class="hb-more-text">5 more lines (10 B) hidden. Run the cell to see the rest.</p>\n</div>',
    );
    const live = renderMore(hidden, { lines: 2, bytes: 3 }, zh, false);
    expect(live && textOf(live)).toBe(
      '另有 5 行（10 B）未显示。 另有 3 B（2 行）输出已写出但未保留：引擎只保留每个单元格输出的前 64.0 MiB。',
    );
    expect(live?.attrs).toMatchObject({ 'data-not-kept-lines': '2', 'data-not-kept-bytes': '3' });
    expect(renderMore(null, null, en, true)).toBeNull();
  });

  it('a baked flood stays small: one page of text and the line, not megabytes', () => {
    const result = okResult('flood', { stream: [out(numbered(1_000_000))] });
    const view = renderResult(result, { kind: 'build', engine: 'test' }, { lang: 'zh-CN' });
    const html = viewToHtml(view);
    expect(html.length).toBeLessThan(10_000);
    expect(findAll(view, 'pre')).toHaveLength(1);
    expect(textOf(view)).toContain('另有 999,000 行（6.57 MiB）未显示。 运行此单元格即可查看其余部分。');
  });
});
