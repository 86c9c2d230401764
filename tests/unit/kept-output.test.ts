/** Sizes of output text, and how much of a cell's output the engine keeps and how it sends it. */
import { describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../engine/protocol.ts';
import { BATCH_UNITS, inBatches, OUTPUT_CEILING_BYTES, StreamBatcher } from '../../engine/worker/stream-batcher.ts';
import { countLines, countNewlines, prefixWithinBytes, splitText, utf8Length } from '../../engine/worker/text-size.ts';

const encoded = (text: string) => new TextEncoder().encode(text).length;
const out = (text: string): StreamChunk => ({ stream: 'stdout', text });
const err = (text: string): StreamChunk => ({ stream: 'stderr', text });
const joined = (chunks: readonly StreamChunk[]) => chunks.map((c) => c.text).join('');

describe('text sizes', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['中', 3],
    ['😀', 4],
    ['\ud800', 3],
    ['\udc00', 3],
    ['a\ud800b', 5],
    ['\udc00\ud800', 6],
    ['x中é😀\ud83d', 1 + 3 + 2 + 4 + 3],
  ])('utf8Length(%j) = %d, as TextEncoder writes it', (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
    expect(utf8Length(text)).toBe(encoded(text));
  });

  it('counts a range of a text', () => {
    expect(utf8Length('ab中cd', 1, 4)).toBe(1 + 3 + 1);
    expect(countNewlines('a\nb\nc\n', 2, 4)).toBe(1);
  });

  it.each([
    ['', 0],
    ['a', 1],
    ['a\n', 1],
    ['a\nb', 2],
    ['\n\n', 2],
  ])('countLines(%j) = %d: a last line without a newline counts', (text, lines) => {
    expect(countLines(text)).toBe(lines);
  });

  it('cuts at a byte limit without splitting a character or a surrogate pair', () => {
    expect(prefixWithinBytes('abcdef', 0, 3)).toEqual({ end: 3, bytes: 3 });
    expect(prefixWithinBytes('abcdef', 2, 10)).toEqual({ end: 6, bytes: 4 });
    expect(prefixWithinBytes('a😀b', 0, 4)).toEqual({ end: 1, bytes: 1 });
    expect(prefixWithinBytes('a😀b', 0, 5)).toEqual({ end: 3, bytes: 5 });
    expect(prefixWithinBytes('中中', 0, 4)).toEqual({ end: 1, bytes: 3 });
    expect(prefixWithinBytes('ab\ud800', 0, 5)).toEqual({ end: 3, bytes: 5 });
    expect(prefixWithinBytes('abc', 0, 0)).toEqual({ end: 0, bytes: 0 });
  });
});

describe('splitting text for messages and downloads', () => {
  it('splits into pieces of at most the given units, a surrogate pair kept whole', () => {
    expect(splitText('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(splitText('ab😀cd', 3)).toEqual(['ab😀', 'cd']);
    expect(splitText('short', 10)).toEqual(['short']);
    expect(splitText('a\ud800bc', 2)).toEqual(['a\ud800', 'bc']);
  });

  it('regroups chunks into batches, splitting a long one and keeping the order of streams', () => {
    const chunks = [out('aaaaaaa'), err('bb'), out('c')];
    expect(inBatches(chunks, 3)).toEqual([[out('aaa')], [out('aaa')], [out('a'), err('bb')], [out('c')]]);
    expect(inBatches([], 3)).toEqual([[]]);
  });
});

describe('StreamBatcher keeps up to its ceiling', () => {
  it('keeps 64 MiB by default', () => {
    expect(OUTPUT_CEILING_BYTES).toBe(64 * 1024 * 1024);
  });

  it('cuts inside a write at the ceiling and counts the rest exactly, lines and bytes', () => {
    const sent: Array<[string, unknown]> = [];
    const b = new StreamBatcher(
      (c, notKept) => sent.push([joined(c), notKept]),
      () => 0,
      50,
      10,
    );
    b.push('stdout', '0123456789abc');
    expect(b.kept).toEqual([out('0123456789')]);
    expect(b.notKept()).toEqual({ lines: 1, bytes: 3 });
    b.push('stderr', 'def\n');
    expect(b.notKept()).toEqual({ lines: 1, bytes: 7 });
    b.push('stdout', '中');
    expect(b.notKept()).toEqual({ lines: 2, bytes: 10 });
    b.flush();
    expect(sent).toEqual([['0123456789', { lines: 2, bytes: 10 }]]);
    b.push('stdout', 'more\n');
    b.flush();
    // Not kept: 'abcdef\n中more\n', two lines.
    expect(sent.at(-1)).toEqual(['', { lines: 2, bytes: 15 }]);
    b.flush();
    expect(sent).toHaveLength(2);
  });

  it('measures what it kept, and sends one enormous write as batches of at most 1 Mi units', () => {
    const sent: StreamChunk[][] = [];
    const b = new StreamBatcher(
      (c) => sent.push(c),
      () => 0,
      50,
    );
    b.push('stdout', 'x'.repeat(5_000_000));
    b.push('stderr', 'oops\n');
    b.flush();
    expect(sent.map((batch) => joined(batch).length)).toEqual([
      BATCH_UNITS,
      BATCH_UNITS,
      BATCH_UNITS,
      BATCH_UNITS,
      5_000_000 - 4 * BATCH_UNITS + 5,
    ]);
    expect(sent.at(-1)?.at(-1)).toEqual(err('oops\n'));
    // The x's have no newline: they and 'oops' are one line.
    expect(b.keptSize()).toEqual({ lines: 1, bytes: 5_000_005 });
    expect(b.notKept()).toBeNull();
  });

  it('does not split a surrogate pair at the ceiling', () => {
    const b = new StreamBatcher(
      () => {},
      () => 0,
      50,
      5,
    );
    b.push('stdout', 'abcd😀');
    expect(b.kept).toEqual([out('abcd')]);
    expect(b.notKept()).toEqual({ lines: 1, bytes: 4 });
  });

  it('reports nothing when everything was kept', () => {
    const b = new StreamBatcher(
      () => {},
      () => 0,
      50,
      10,
    );
    b.push('stdout', '0123456789');
    expect(b.notKept()).toBeNull();
  });
});
