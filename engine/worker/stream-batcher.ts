import type { OutputSize, RunResult, StreamChunk } from '../protocol.ts';
import { countNewlines, prefixWithinBytes, splitText, utf8Length } from './text-size.ts';

/**
 * How much of one cell's output the engine keeps: 64 MiB of UTF-8. The page shows a page of it at
 * a time and offers all of it as a download. The ceiling bounds memory and copying: the worker, the
 * page (the streamed copy and the result's) and a download each hold the text once, and every byte
 * crosses the worker boundary twice, streamed and in the result (in Chromium here, copying 64 MiB
 * out of one message took about 60 ms of the page's thread). Past it, output is counted, not kept,
 * and the result says exactly how much.
 */
export const OUTPUT_CEILING_BYTES = 64 * 1024 * 1024;

/**
 * The most UTF-16 units one batch carries: 1 Mi. The page reads each message in one task (copying
 * the text out of the message, then measuring it), about 3 ms per MiB in Chromium here, so a 50 MB
 * write arrives as 50 short tasks instead of one of about 150 ms.
 */
export const BATCH_UNITS = 1024 * 1024;

/**
 * Collects a cell's output in order and hands it on in batches, so that a flood of prints costs
 * one message per interval instead of one per line, and one enormous write costs many small
 * messages instead of one. Past `maxBytes` the rest is counted, not kept.
 */
export class StreamBatcher {
  readonly kept: StreamChunk[] = [];
  private pending: StreamChunk[] = [];
  private keptBytes = 0;
  private keptNewlines = 0;
  private keptLast = '';
  private dropped = { newlines: 0, bytes: 0, last: '' };
  /** The dropped bytes last sent, so a batch goes out when only they changed. */
  private droppedSent = 0;
  private lastFlush: number;
  private readonly send: (chunks: StreamChunk[], notKept: OutputSize | null) => void;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly maxBytes: number;

  constructor(
    send: (chunks: StreamChunk[], notKept: OutputSize | null) => void,
    now: () => number = () => performance.now(),
    intervalMs = 50,
    maxBytes = OUTPUT_CEILING_BYTES,
  ) {
    this.send = send;
    this.now = now;
    this.intervalMs = intervalMs;
    this.maxBytes = maxBytes;
    this.lastFlush = now();
  }

  push(stream: StreamChunk['stream'], text: string): void {
    if (!text) return;
    if (this.dropped.bytes > 0) this.drop(text);
    else {
      let part = text;
      const bytes = utf8Length(text);
      if (this.keptBytes + bytes <= this.maxBytes) this.keptBytes += bytes;
      else {
        const cut = prefixWithinBytes(text, 0, this.maxBytes - this.keptBytes);
        this.keptBytes += cut.bytes;
        part = text.slice(0, cut.end);
        this.drop(text.slice(cut.end));
      }
      if (part) {
        this.keptNewlines += countNewlines(part);
        this.keptLast = part.charAt(part.length - 1);
        append(this.kept, stream, part);
        append(this.pending, stream, part);
      }
    }
    if (this.now() - this.lastFlush >= this.intervalMs) this.flush();
  }

  private drop(text: string): void {
    if (!text) return;
    this.dropped.newlines += countNewlines(text);
    this.dropped.bytes += utf8Length(text);
    this.dropped.last = text.charAt(text.length - 1);
  }

  /** What was written past the ceiling: counted, not kept; null when everything was kept. */
  notKept(): OutputSize | null {
    const { newlines, bytes, last } = this.dropped;
    if (bytes === 0) return null;
    return { lines: newlines + (last !== '\n' ? 1 : 0), bytes };
  }

  /** The size of what was kept (`kept`), measured as it came. */
  keptSize(): OutputSize {
    return { lines: this.keptNewlines + (this.keptLast && this.keptLast !== '\n' ? 1 : 0), bytes: this.keptBytes };
  }

  flush(): void {
    this.lastFlush = this.now();
    if (this.pending.length === 0 && this.dropped.bytes === this.droppedSent) return;
    const batches = inBatches(this.pending, BATCH_UNITS);
    this.pending = [];
    this.droppedSent = this.dropped.bytes;
    const notKept = this.notKept();
    for (const batch of batches) this.send(batch, notKept);
  }
}

/** Chunks regrouped into batches of at most `maxUnits` units; a longer chunk is split. Never none. */
export function inBatches(chunks: readonly StreamChunk[], maxUnits: number): StreamChunk[][] {
  const batches: StreamChunk[][] = [[]];
  let units = 0;
  for (const { stream, text } of chunks) {
    for (const piece of splitText(text, maxUnits)) {
      if (units > 0 && units + piece.length > maxUnits) {
        batches.push([]);
        units = 0;
      }
      batches.at(-1)?.push({ stream, text: piece });
      units += piece.length;
    }
  }
  return batches;
}

/**
 * A result with what the batcher measured: the size of its stream, when the stream is what the
 * batcher kept (pass `sameStream: false` when it was edited), and what it did not keep.
 */
export function withTally(batcher: StreamBatcher, result: RunResult, sameStream = true): RunResult {
  const notKept = batcher.notKept();
  return {
    ...result,
    ...(sameStream ? { streamSize: batcher.keptSize() } : {}),
    ...(notKept ? { notKept } : {}),
  };
}

/** Appends text to a chunk list, merging with the last chunk when it is the same stream. */
export function append(chunks: StreamChunk[], stream: StreamChunk['stream'], text: string): void {
  const last = chunks.at(-1);
  if (last && last.stream === stream) last.text += text;
  else chunks.push({ stream, text });
}
