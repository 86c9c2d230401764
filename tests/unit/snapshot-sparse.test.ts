/** The packed snapshot file (engine/python/snapshot/sparse.ts), whole and as it arrives in chunks. */
import { describe, expect, it } from 'vitest';
import { packSparse, SparseUnpacker, unpackSparse } from '../../engine/python/snapshot/sparse.ts';

const PAGE = 4096;

/** Ten pages, of which 0, 3, 4 and 9 hold data (9 only partly: the memory need not end on a page). */
function memory(): Uint8Array {
  const bytes = new Uint8Array(9 * PAGE + 100);
  for (const page of [0, 3, 4]) for (let i = 0; i < PAGE; i += 7) bytes[page * PAGE + i] = (page + i) % 251 || 1;
  bytes[9 * PAGE + 99] = 42;
  return bytes;
}

function inChunks(packed: Uint8Array, size: number): Uint8Array {
  const unpacker = new SparseUnpacker();
  for (let at = 0; at < packed.length; at += size) unpacker.push(packed.subarray(at, at + size));
  expect(unpacker.bytesReceived).toBe(packed.length);
  return unpacker.finish();
}

describe('the packed snapshot file', () => {
  it('keeps only the runs of pages that hold a non-zero byte', () => {
    const bytes = memory();
    const packed = packSparse(bytes);
    // Header (3 words) + 3 runs (2 words each) + pages 0, 3-4 and the last partial page.
    expect(packed.length).toBe(4 * (3 + 2 * 3) + 3 * PAGE + 100);
    expect(unpackSparse(packed)).toEqual(bytes);
  });

  it('unpacks the same bytes whatever sizes the chunks arrive in', () => {
    const bytes = memory();
    const packed = packSparse(bytes);
    for (const size of [1, 5, 12, 13, 36, 4095, 4096, 65536, packed.length]) expect(inChunks(packed, size)).toEqual(bytes);
  });

  it('unpacks an all-zero memory, which has no runs', () => {
    const bytes = new Uint8Array(3 * PAGE);
    const packed = packSparse(bytes);
    expect(packed.length).toBe(12);
    expect(inChunks(packed, 5)).toEqual(bytes);
  });

  it('says what is wrong with a file that is not a packed snapshot', () => {
    expect(() => unpackSparse(new TextEncoder().encode('<!doctype html><html>'))).toThrow(
      /not in the packed format this engine reads \(HBSP\)/,
    );
  });

  it('refuses a file that ends early, or goes on past its last run', () => {
    const packed = packSparse(memory());
    expect(() => unpackSparse(packed.subarray(0, packed.length - 1))).toThrow(
      `the packed snapshot ended early, after ${packed.length - 1} bytes`,
    );
    expect(() => unpackSparse(packed.subarray(0, 20))).toThrow('ended early, after 20 bytes');
    const longer = new Uint8Array(packed.length + 3);
    longer.set(packed);
    expect(() => unpackSparse(longer)).toThrow(`has more bytes than its runs hold (${packed.length + 3} received)`);
  });

  it('refuses a run table that reaches past the memory it describes', () => {
    const packed = packSparse(memory());
    new DataView(packed.buffer).setUint32(4, 2 * PAGE, true); // the memory said to be 2 pages long
    expect(() => unpackSparse(packed)).toThrow('run 1 reaches past the end of the memory');
  });
});
