/**
 * The served snapshot without its all-zero 4 KiB pages. Of the engine's 30 MiB of memory, 12 MiB
 * hold anything but zeros (the stack, the heap's free top, and the static data the XOR cancelled,
 * see snapshot-delta.ts). Brotli makes zeros nearly free on the wire, but the browser still has to
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
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.byteLength < 4 * HEADER_WORDS || view.getUint32(0, true) !== MAGIC) {
    throw new Error('the snapshot file is not in the packed format this engine reads (HBSP)');
  }
  const full = new Uint8Array(view.getUint32(4, true));
  const count = view.getUint32(8, true);
  let at = 4 * (HEADER_WORDS + 2 * count);
  for (let i = 0; i < count; i++) {
    const start = view.getUint32(4 * (HEADER_WORDS + 2 * i), true);
    const length = view.getUint32(4 * (HEADER_WORDS + 2 * i + 1), true);
    if (at + length > packed.byteLength || start + length > full.length) {
      throw new Error(`the packed snapshot's run ${i} reaches past the end of the file`);
    }
    full.set(packed.subarray(at, at + length), start);
    at += length;
  }
  return full;
}
