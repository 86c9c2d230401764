/**
 * How much of a cell's output the page shows at once, and what it says about the rest. Pure.
 *
 * Output is shown a page at a time: the first page when the cell runs (live, or baked at build),
 * the next ones when the reader asks. A page ends after `lines` newlines or `bytes` of UTF-8,
 * whichever comes first, so one enormous line is cut inside itself. The cut depends only on the
 * text before it, which is what lets the page show output while it streams and show exactly the
 * same when the run ends.
 *
 * Positions are offsets into the output as one text (all chunks, stdout and stderr, in order), so
 * they do not depend on how the output was split into chunks on its way from the engine.
 */
import type { OutputSize, StreamChunk } from '../../engine/protocol.ts';
import { countNewlines, prefixWithinBytes, utf8Length } from '../../engine/worker/text-size.ts';

export interface OutputLimits {
  lines: number;
  bytes: number;
}

/**
 * One page: 1,000 lines or 64 KiB. Measured in Chromium (2 cores), laying out either takes about
 * 6-10 ms, while 10,000 lines take 60 ms, 1 MiB in one line 140 ms and 100,000 lines 400 ms: past a
 * page the DOM, not the engine, is what freezes the page. A page is also about as much as anyone
 * reads in place; the whole text is one download away.
 */
export const OUTPUT_PAGE: OutputLimits = { lines: 1_000, bytes: 64 * 1024 };

/** The output after what is shown. */
export interface HiddenOutput extends OutputSize {
  /** The shown part ends inside a line: the first hidden line is the rest of it. */
  midLine: boolean;
}

export interface OutputPage {
  /** The page's text, as pieces of the chunks it came from. */
  pieces: StreamChunk[];
  /** Offset into the whole output where the page ends. */
  end: number;
  /** What comes after the page, or null when nothing does. */
  hidden: HiddenOutput | null;
  /** The whole output's size: shown, hidden and any earlier pages. */
  total: OutputSize;
}

interface Taken {
  end: number;
  newlines: number;
  bytes: number;
}

/** How far from `start` one text fills what is left of a page. */
function takeWithin(text: string, start: number, room: OutputLimits): Taken {
  let at = start;
  let newlines = 0;
  let bytes = 0;
  while (at < text.length && newlines < room.lines && bytes < room.bytes) {
    const newline = text.indexOf('\n', at);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const left = room.bytes - bytes;
    // A line longer in units than the bytes left cannot fit (a unit is at least a byte): cut it.
    const lineBytes = lineEnd - at > left ? Infinity : utf8Length(text, at, lineEnd);
    if (lineBytes <= left) {
      bytes += lineBytes;
      at = lineEnd;
      if (newline !== -1) newlines++;
      continue;
    }
    const cut = prefixWithinBytes(text, at, left);
    bytes += cut.bytes;
    at = cut.end;
    break;
  }
  return { end: at, newlines, bytes };
}

/**
 * Caps output as it arrives, batch by batch: what to show of each batch, and the size of the rest.
 * The first page of a finished run is the same cap fed the whole output at once (`firstPage`).
 */
export class OutputCap {
  private readonly limits: OutputLimits;
  /** The whole output's size when the engine measured it already: the rest is then not measured again. */
  private readonly known: OutputSize | null;
  /** The shown part: where it ends in the whole output, its newlines and bytes, its last character. */
  private shown: Taken = { end: 0, newlines: 0, bytes: 0 };
  private shownLast = '';
  private full = false;
  private length = 0;
  private newlines = 0;
  private bytes = 0;
  private last = '';

  constructor(limits: OutputLimits = OUTPUT_PAGE, known: OutputSize | null = null) {
    this.limits = { ...limits };
    this.known = known;
  }

  /** Takes the next chunks of output; returns the parts of them to show now. */
  push(chunks: readonly StreamChunk[]): StreamChunk[] {
    const show: StreamChunk[] = [];
    for (const { stream, text } of chunks) {
      if (!text) continue;
      const start = this.length;
      this.length += text.length;
      if (this.full) {
        if (!this.known) this.measure(text, 0);
        continue;
      }
      const room = { lines: this.limits.lines - this.shown.newlines, bytes: this.limits.bytes - this.shown.bytes };
      const taken = takeWithin(text, 0, room);
      if (taken.end > 0) {
        show.push({ stream, text: taken.end === text.length ? text : text.slice(0, taken.end) });
        this.shownLast = this.last = text.charAt(taken.end - 1);
      }
      this.shown = {
        end: start + taken.end,
        newlines: this.shown.newlines + taken.newlines,
        bytes: this.shown.bytes + taken.bytes,
      };
      this.newlines += taken.newlines;
      this.bytes += taken.bytes;
      if (taken.end < text.length && !this.known) this.measure(text, taken.end);
      this.full = taken.end < text.length || this.shown.newlines >= this.limits.lines || this.shown.bytes >= this.limits.bytes;
    }
    return show;
  }

  private measure(text: string, from: number): void {
    this.newlines += countNewlines(text, from);
    this.bytes += utf8Length(text, from);
    this.last = text.charAt(text.length - 1);
  }

  /** Where the shown part ends, as an offset into the whole output. */
  get end(): number {
    return this.shown.end;
  }

  /** The whole output so far: its lines (a last one without a newline counts) and bytes. */
  total(): OutputSize {
    return this.known ?? { lines: this.newlines + (this.length > 0 && this.last !== '\n' ? 1 : 0), bytes: this.bytes };
  }

  /** What is hidden so far, or null when everything is shown. */
  hidden(): HiddenOutput | null {
    if (this.shown.end >= this.length) return null;
    // The hidden part ends where the output ends, so a last line without a newline is its last line.
    const total = this.total();
    return {
      lines: total.lines - this.shown.newlines,
      bytes: total.bytes - this.shown.bytes,
      midLine: this.shown.end > 0 && this.shownLast !== '\n',
    };
  }
}

/**
 * The first page of a finished run's output, and the size of the rest: from `size` when the engine
 * measured the output (`RunResult.streamSize`), else measured here.
 */
export function firstPage(chunks: readonly StreamChunk[], limits: OutputLimits = OUTPUT_PAGE, size?: OutputSize): OutputPage {
  const cap = new OutputCap(limits, size ?? null);
  const pieces = cap.push(chunks);
  return { pieces, end: cap.end, hidden: cap.hidden(), total: cap.total() };
}

/** The page after `previous`; its hidden size is counted down from the previous one, not measured again. */
export function nextPage(chunks: readonly StreamChunk[], previous: OutputPage, limits: OutputLimits = OUTPUT_PAGE): OutputPage {
  const hidden = previous.hidden;
  if (!hidden) return { ...previous, pieces: [] };
  const pieces: StreamChunk[] = [];
  let room = { ...limits };
  let newlines = 0;
  let bytes = 0;
  let end = previous.end;
  let offset = 0;
  for (const { stream, text } of chunks) {
    const from = end - offset;
    offset += text.length;
    if (from >= text.length) continue;
    const taken = takeWithin(text, from, room);
    if (taken.end > from) pieces.push({ stream, text: text.slice(from, taken.end) });
    newlines += taken.newlines;
    bytes += taken.bytes;
    end += taken.end - from;
    room = { lines: room.lines - taken.newlines, bytes: room.bytes - taken.bytes };
    if (taken.end < text.length || room.lines <= 0 || room.bytes <= 0) break;
  }
  const lastShown = pieces.at(-1)?.text.at(-1);
  const next: HiddenOutput | null =
    bytes < hidden.bytes ? { lines: hidden.lines - newlines, bytes: hidden.bytes - bytes, midLine: lastShown !== '\n' } : null;
  return { pieces, end, hidden: next, total: previous.total };
}
