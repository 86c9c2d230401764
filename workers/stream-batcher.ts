import type { StreamChunk } from './protocol.ts';

/**
 * Collects a cell's output in order and hands it on in batches, so that a flood of prints costs
 * one message per interval instead of one per line. Past `maxBytes` the rest is counted, not kept.
 */
export class StreamBatcher {
  readonly kept: StreamChunk[] = [];
  hiddenChars = 0;
  private pending: StreamChunk[] = [];
  private keptChars = 0;
  private lastFlush: number;
  private readonly send: (chunks: StreamChunk[]) => void;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly maxChars: number;

  constructor(
    send: (chunks: StreamChunk[]) => void,
    now: () => number = () => performance.now(),
    intervalMs = 50,
    maxChars = 1_000_000,
  ) {
    this.send = send;
    this.now = now;
    this.intervalMs = intervalMs;
    this.maxChars = maxChars;
    this.lastFlush = now();
  }

  push(stream: StreamChunk['stream'], text: string): void {
    if (!text) return;
    const room = this.maxChars - this.keptChars;
    if (room <= 0) {
      this.hiddenChars += text.length;
      return;
    }
    const part = text.length > room ? text.slice(0, room) : text;
    this.hiddenChars += text.length - part.length;
    this.keptChars += part.length;
    append(this.kept, stream, part);
    append(this.pending, stream, part);
    if (this.now() - this.lastFlush >= this.intervalMs) this.flush();
  }

  flush(): void {
    this.lastFlush = this.now();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.send(batch);
  }
}

/** Appends text to a chunk list, merging with the last chunk when it is the same stream. */
export function append(chunks: StreamChunk[], stream: StreamChunk['stream'], text: string): void {
  const last = chunks.at(-1);
  if (last && last.stream === stream) last.text += text;
  else chunks.push({ stream, text });
}
