/**
 * The served snapshot without its all-zero 4 KiB pages. Of the engine's 30 MiB of memory, 12 MiB
 * hold anything but zeros (the stack, the heap's free top, and the static data the XOR cancelled,
 * see engine/python/snapshot/delta.ts). Brotli makes zeros nearly free on the wire, but the browser still has to
 * decompress, hash and hand over every byte: dropping them cuts that work by 60%.
 *
 * Layout (little-endian u32): magic "HBSP", the full length, the number of runs, then each run's
 * start and length, then the runs' bytes one after another.
 */
const MAGIC = 0x50534248;
const PAGE = 4096;
const HEADER_WORDS = 3;

/** Packs `bytes`: only the runs of pages that hold a non-zero byte are kept. */
export function packSparse(bytes: Uint8Array): Uint8Array {
  const runs: Array<[number, number]> = [];
  for (let start = 0; start < bytes.length; start += PAGE) {
    const end = Math.min(bytes.length, start + PAGE);
    let zero = true;
    for (let i = start; i < end && zero; i++) zero = bytes[i] === 0;
    if (zero) continue;
    const last = runs.at(-1);
    if (last && last[0] + last[1] === start) last[1] += end - start;
    else runs.push([start, end - start]);
  }
  const headerBytes = 4 * (HEADER_WORDS + 2 * runs.length);
  const packed = new Uint8Array(headerBytes + runs.reduce((sum, [, length]) => sum + length, 0));
  const view = new DataView(packed.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, bytes.length, true);
  view.setUint32(8, runs.length, true);
  let at = headerBytes;
  runs.forEach(([start, length], i) => {
    view.setUint32(4 * (HEADER_WORDS + 2 * i), start, true);
    view.setUint32(4 * (HEADER_WORDS + 2 * i + 1), length, true);
    packed.set(bytes.subarray(start, start + length), at);
    at += length;
  });
  return packed;
}

/** The full bytes again, zeros between the runs; throws on a file that is not a packed snapshot. */
export function unpackSparse(packed: Uint8Array): Uint8Array {
  const unpacker = new SparseUnpacker();
  unpacker.push(packed);
  return unpacker.finish();
}

/**
 * Unpacks a file as it downloads: each chunk is copied to its place as it arrives, so the full
 * bytes are ready when the last chunk is, with no second pass over a buffered copy.
 */
export class SparseUnpacker {
  /** The header and run table, gathered until complete (they may span chunks). */
  private head = new Uint8Array(4 * HEADER_WORDS);
  private headFilled = 0;
  private runs: Uint32Array | null = null;
  private full: Uint8Array | null = null;
  /** The run being filled, and how much of it is. */
  private run = 0;
  private runFilled = 0;
  private received = 0;

  /** Bytes of the file taken so far. */
  get bytesReceived(): number {
    return this.received;
  }

  push(chunk: Uint8Array): void {
    this.received += chunk.byteLength;
    let at = 0;
    while (at < chunk.byteLength) {
      if (!this.full) {
        at += this.fillHead(chunk, at);
        continue;
      }
      at += this.fillRun(chunk, at);
    }
  }

  /** The full bytes; throws if the file ended early. */
  finish(): Uint8Array {
    const runs = this.runs;
    if (!this.full || !runs || this.run < runs.length / 2) {
      throw new Error(`the packed snapshot ended early, after ${this.received} bytes`);
    }
    return this.full;
  }

  private fillHead(chunk: Uint8Array, at: number): number {
    const take = Math.min(this.head.length - this.headFilled, chunk.byteLength - at);
    this.head.set(chunk.subarray(at, at + take), this.headFilled);
    this.headFilled += take;
    if (this.headFilled < this.head.length) return take;
    if (this.head.length === 4 * HEADER_WORDS) {
      // The fixed header is in: it says how long the run table is.
      const view = new DataView(this.head.buffer);
      if (view.getUint32(0, true) !== MAGIC) {
        throw new Error('the snapshot file is not in the packed format this engine reads (HBSP)');
      }
      const grown = new Uint8Array(4 * (HEADER_WORDS + 2 * view.getUint32(8, true)));
      grown.set(this.head);
      this.head = grown;
      if (this.headFilled < grown.length) return take;
    }
    const view = new DataView(this.head.buffer);
    this.runs = new Uint32Array((this.head.length - 4 * HEADER_WORDS) / 4);
    for (let i = 0; i < this.runs.length; i++) this.runs[i] = view.getUint32(4 * (HEADER_WORDS + i), true);
    const full = new Uint8Array(view.getUint32(4, true));
    for (let i = 0; i < this.runs.length; i += 2) {
      if (this.runs[i]! + this.runs[i + 1]! > full.length) {
        throw new Error(`the packed snapshot's run ${i / 2} reaches past the end of the memory`);
      }
    }
    this.full = full;
    this.skipEmptyRuns();
    return take;
  }

  private fillRun(chunk: Uint8Array, at: number): number {
    const runs = this.runs!;
    if (this.run >= runs.length / 2) {
      throw new Error(`the packed snapshot has more bytes than its runs hold (${this.received} received)`);
    }
    const start = runs[2 * this.run]!;
    const length = runs[2 * this.run + 1]!;
    const take = Math.min(length - this.runFilled, chunk.byteLength - at);
    this.full!.set(chunk.subarray(at, at + take), start + this.runFilled);
    this.runFilled += take;
    if (this.runFilled === length) {
      this.run++;
      this.runFilled = 0;
      this.skipEmptyRuns();
    }
    return take;
  }

  private skipEmptyRuns(): void {
    const runs = this.runs!;
    while (this.run < runs.length / 2 && runs[2 * this.run + 1] === 0) this.run++;
  }
}
