/**
 * The snapshot's XOR against the memory Pyodide starts with (engine/python/snapshot/delta.ts) and the
 * static-data image it is taken from (src/build/wasm-data.ts). The whole path, through Pyodide, is
 * exercised by the build's smoke test and by the end-to-end tests, which see "loaded".
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { wasmDataImage } from '../../src/build/wasm-data.ts';
import { pyodideDir } from '../../engine/python/node-engine.ts';
import { applyBase, BASE_PAGE, fingerprint, memoryOffset, unstablePages, xorBase, xorRanges } from '../../engine/python/snapshot/delta.ts';

/** A snapshot as Pyodide lays it out: a header whose second word is where the memory starts. */
function snapshotOf(memory: Uint8Array, offset = 128): Uint8Array {
  const file = new Uint8Array(offset + memory.length);
  new DataView(file.buffer).setUint32(4, offset, true);
  file.set(memory, offset);
  return file;
}

function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed * 7 + (i >> 9)) & 0xff;
  return bytes;
}

describe('the snapshot as a difference from the fresh memory', () => {
  it('reads where the memory starts, and refuses a header that points outside the file', () => {
    expect(memoryOffset(snapshotOf(new Uint8Array(64)))).toBe(128);
    const bad = snapshotOf(new Uint8Array(64));
    new DataView(bad.buffer).setUint32(4, 4096, true);
    expect(() => memoryOffset(bad)).toThrow("the snapshot's header says its memory starts at byte 4096, outside the file");
  });

  it('XORs whole pages except the skipped ones, merging neighbours into one range', () => {
    expect(xorRanges(5 * BASE_PAGE, [1, 3])).toEqual([
      [0, BASE_PAGE],
      [2 * BASE_PAGE, 3 * BASE_PAGE],
      [4 * BASE_PAGE, 5 * BASE_PAGE],
    ]);
    expect(xorRanges(BASE_PAGE + 10, [])).toEqual([[0, BASE_PAGE + 10]]);
  });

  it('finds the pages where captures of the fresh memory differ', () => {
    const a = pattern(4 * BASE_PAGE, 1);
    const b = a.slice();
    b[BASE_PAGE * 2 + 17]! ^= 1;
    const c = a.slice();
    c[5]! ^= 0x80;
    expect(unstablePages([a, b, c])).toEqual([0, 2]);
    expect(() => unstablePages([a])).toThrow('two captures');
  });

  it('turns equal bytes into zeros, and gives the original back', () => {
    const fresh = pattern(3 * BASE_PAGE, 2);
    const memory = fresh.slice();
    memory.fill(0xab, 100, 200); // what start-up and the helpers changed
    const original = snapshotOf(memory);
    const delta = original.slice();
    const ranges = xorRanges(fresh.length, [2]);
    xorBase(delta, fresh, ranges);
    const xored = delta.subarray(128, 128 + 2 * BASE_PAGE);
    expect(xored.filter((b) => b !== 0).length).toBeLessThanOrEqual(100);
    // The skipped page is left as it was.
    expect(delta.subarray(128 + 2 * BASE_PAGE)).toEqual(original.subarray(128 + 2 * BASE_PAGE));
    const base = { bytes: fresh.length, skip: [2], fingerprint: fingerprint(fresh, ranges) };
    applyBase(base)(fresh, delta);
    expect(delta).toEqual(original);
  });

  it('gives the same XOR and fingerprint whether the bytes are word-aligned or not', () => {
    const fresh = pattern(2 * BASE_PAGE, 5);
    const shifted = new Uint8Array(fresh.length + 1).subarray(1);
    shifted.set(fresh);
    const ranges = xorRanges(fresh.length, []);
    const a = snapshotOf(pattern(2 * BASE_PAGE, 6));
    const b = a.slice();
    xorBase(a, fresh, ranges);
    xorBase(b, shifted, ranges);
    expect(b).toEqual(a);
    expect(fingerprint(fresh, [[0, 8]])).not.toBe(fingerprint(fresh, [[0, 9]]));
  });

  it('refuses a fresh memory that is not the base, before touching the snapshot', () => {
    const fresh = pattern(2 * BASE_PAGE, 3);
    const ranges = xorRanges(fresh.length, []);
    const base = { bytes: fresh.length, skip: [], fingerprint: fingerprint(fresh, ranges) };
    const other = fresh.slice();
    other[BASE_PAGE + 1]! ^= 4;
    const delta = snapshotOf(pattern(2 * BASE_PAGE, 9));
    const before = delta.slice();
    expect(() => applyBase(base)(other, delta)).toThrow(
      /^this engine starts with other memory than the snapshot was made against \(fingerprint [0-9a-f]{14}, expected [0-9a-f]{14}\)$/,
    );
    expect(delta).toEqual(before);
    // A difference in a skipped page does not matter.
    const skipping = { bytes: fresh.length, skip: [1], fingerprint: fingerprint(fresh, xorRanges(fresh.length, [1])) };
    expect(() => applyBase(skipping)(other, delta)).not.toThrow();
  });
});

describe("the static data a wasm module's data segments write", () => {
  it('places active segments at their offsets', () => {
    // (module (memory 1) (data (i32.const 4) "ab") (data (i32.const 200) "xyz"))
    const wasm = Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0b, 0x11, 0x02, 0x00, 0x41, 0x04, 0x0b, 0x02, 0x61,
      0x62, 0x00, 0x41, 0xc8, 0x01, 0x0b, 0x03, 0x78, 0x79, 0x7a,
    ]);
    expect(WebAssembly.validate(wasm)).toBe(true);
    const image = wasmDataImage(wasm);
    expect(image.length).toBe(203);
    expect(String.fromCharCode(...image.subarray(4, 6))).toBe('ab');
    expect(String.fromCharCode(...image.subarray(200))).toBe('xyz');
    expect(image.subarray(6, 200).every((b) => b === 0)).toBe(true);
  });

  it("reads Pyodide's engine: 3.8 MB of static data holding CPython's version string", async () => {
    const image = wasmDataImage(new Uint8Array(await readFile(`${pyodideDir()}pyodide.asm.wasm`)));
    expect(image.length).toBeGreaterThan(3_000_000);
    expect(image.length).toBeLessThan(5_000_000);
    expect(Buffer.from(image).includes('3.14.')).toBe(true);
  });

  it('says what is wrong with a file that is not wasm', () => {
    expect(() => wasmDataImage(new TextEncoder().encode('<html>'))).toThrow('not a WebAssembly module');
  });
});
