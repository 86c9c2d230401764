/**
 * Sizes of output text as the reader meets them: UTF-8 bytes (what a download of the text holds)
 * and lines. Shared by the engine, which caps what it keeps, and the page, which caps what it
 * shows. Pure.
 *
 * The strings are JavaScript's (UTF-16). A lone surrogate cannot be written as UTF-8: like
 * TextEncoder and Blob, it counts as U+FFFD (3 bytes). A surrogate pair is never cut in two.
 */

const NON_ASCII = /[^\x00-\x7f]+/g;
const HAS_NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 bytes of `text` (or of `text.slice(start, end)`); runs of ASCII are counted natively. */
export function utf8Length(text: string, start = 0, end = text.length): number {
  const part = start === 0 && end === text.length ? text : text.slice(start, end);
  // Most output is ASCII: one test, without the iterator matchAll makes (which costs more than a short line).
  if (!HAS_NON_ASCII.test(part)) return part.length;
  let bytes = part.length;
  for (const run of part.matchAll(NON_ASCII)) bytes += extraBytes(run[0]);
  return bytes;
}

/** Bytes beyond one per UTF-16 unit, for a run without ASCII. */
function extraBytes(run: string): number {
  let extra = 0;
  for (let i = 0; i < run.length; i++) {
    const unit = run.charCodeAt(i);
    if (unit < 0x800) extra += 1;
    else if (isHigh(unit) && i + 1 < run.length && isLow(run.charCodeAt(i + 1))) {
      extra += 2; // 4 bytes for 2 units
      i++;
    } else extra += 2; // 3 bytes: the rest of the BMP, or a lone surrogate written as U+FFFD
  }
  return extra;
}

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** Newline characters in `text.slice(start, end)`. */
export function countNewlines(text: string, start = 0, end = text.length): number {
  let count = 0;
  for (let at = text.indexOf('\n', start); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Lines of a text: its newlines, and one more for a last line that has none. */
export function countLines(text: string): number {
  return countNewlines(text) + (text.length > 0 && !text.endsWith('\n') ? 1 : 0);
}

/**
 * The longest part of `text` from `start` that fits in `maxBytes` of UTF-8: where it ends (an index
 * into `text`) and its bytes. A surrogate pair that does not fit whole is left out whole.
 */
export function prefixWithinBytes(text: string, start: number, maxBytes: number): { end: number; bytes: number } {
  const limit = Math.min(text.length, start + Math.max(0, maxBytes));
  // Every unit is at least one byte, so no more than `maxBytes` units can fit; if those are ASCII they all do.
  const quick = utf8Length(text, start, limit);
  if (quick <= maxBytes && !(limit < text.length && isHigh(text.charCodeAt(limit - 1)))) return { end: limit, bytes: quick };
  let bytes = 0;
  let i = start;
  while (i < limit) {
    const unit = text.charCodeAt(i);
    const pair = isHigh(unit) && i + 1 < text.length && isLow(text.charCodeAt(i + 1));
    const size = unit < 0x80 ? 1 : unit < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += pair ? 2 : 1;
  }
  return { end: i, bytes };
}

/**
 * `text` in pieces of at most `maxUnits` UTF-16 units (one more where a surrogate pair would
 * otherwise be cut), so each piece can be sent, encoded or laid out on its own.
 */
export function splitText(text: string, maxUnits: number): string[] {
  if (text.length <= maxUnits) return [text];
  const pieces: string[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + maxUnits);
    if (end < text.length && isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end))) end++;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}
