/**
 * The memory image a WebAssembly module's active data segments write at instantiation: what
 * CPython's static data looks like before any code runs. Used to decide which pages of Pyodide's
 * memory snapshot are XOR-ed with the fresh memory (engine/python/snapshot/delta.ts).
 */

/**
 * Reads a LEB128 number at `at`, unsigned or signed (an i32.const operand); returns it and the
 * position after it.
 */
function leb128(bytes: Uint8Array, at: number, signed = false): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error('the wasm file ends inside a number');
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [signed && byte & 0x40 ? value - 2 ** shift : value, at];
  }
}
const uleb = (bytes: Uint8Array, at: number) => leb128(bytes, at);
const sleb = (bytes: Uint8Array, at: number) => leb128(bytes, at, true);

const DATA_SECTION = 11;
const I32_CONST = 0x41;
const END = 0x0b;

/** The bytes the module's active data segments write, from address 0 to the end of the last one. */
export function wasmDataImage(wasm: Uint8Array): Uint8Array {
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) throw new Error('not a WebAssembly module');
  const segments: Array<{ offset: number; data: Uint8Array }> = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at++]!;
    const [size, body] = uleb(wasm, at);
    at = body + size;
    if (id !== DATA_SECTION) continue;
    let [count, p] = uleb(wasm, body);
    for (; count > 0; count--) {
      let mode: number;
      [mode, p] = uleb(wasm, p);
      if (mode === 2) [, p] = uleb(wasm, p); // an explicit memory index
      let offset: number | null = null;
      if (mode !== 1) {
        if (wasm[p] !== I32_CONST) throw new Error(`a data segment's offset is not an i32.const (opcode ${wasm[p]})`);
        [offset, p] = sleb(wasm, p + 1);
        if (wasm[p] !== END) throw new Error("a data segment's offset expression is longer than one i32.const");
        p++;
      }
      let length: number;
      [length, p] = uleb(wasm, p);
      if (offset !== null) segments.push({ offset, data: wasm.subarray(p, p + length) });
      p += length;
    }
  }
  const end = Math.max(0, ...segments.map((s) => s.offset + s.data.length));
  const image = new Uint8Array(end);
  for (const { offset, data } of segments) image.set(data, offset);
  return image;
}
