/**
 * The memory snapshot as a difference from the memory Pyodide starts with.
 *
 * A Pyodide snapshot (pyodide.asm.mjs, `makeSnapshot`) is a small header followed by the whole
 * wasm linear memory. Its first 3.8 MB are CPython's static data, which the wasm file already
 * carries and which start-up barely changes: 98% of those bytes are equal. So the file we serve
 * holds the memory XOR-ed with that static data (the "base"), on the pages a fresh instance still
 * has as the wasm file wrote them when Pyodide restores a snapshot. Equal bytes become zeros and
 * compress to almost nothing: 4.95 MB of brotli became 3.56 MB here, with the same settings.
 *
 * The build (src/build/python-snapshot.ts) leaves out the pages start-up writes, found by capturing
 * a fresh memory through the same hook the worker uses. The worker checks a fingerprint of its own
 * fresh memory's XOR-ed pages before undoing the XOR, and throws on a mismatch (a different Pyodide
 * build, or a browser whose start-up writes other bytes): the caller then starts normally. The
 * snapshot file's name carries its hash, and its length and format are checked as it downloads.
 */
/** What the worker needs to undo the XOR, written into the snapshot's manifest. */
export interface SnapshotBase {
  /** How many bytes of memory, from address 0, were XOR-ed with the base. */
  bytes: number;
  /** 4 KiB pages within those bytes that were left as they are: their fresh content varies between starts. */
  skip: number[];
  /** fingerprint() of the base's XOR-ed pages. */
  fingerprint: string;
}

type CreateModule = NonNullable<Parameters<typeof import('pyodide').loadPyodide>[0]>['createPyodideModule'] & {};
type Settings = Parameters<CreateModule>[0];
interface RestoringModule {
  HEAPU8: Uint8Array;
}
interface RestoringApi {
  restoreSnapshot(snapshot: Uint8Array): unknown;
}

/** Where the memory starts in a Pyodide snapshot: the header's second 32-bit word (little-endian). */
export function memoryOffset(snapshot: Uint8Array): number {
  if (snapshot.byteLength < 16)
    throw new Error(`a Pyodide snapshot has a 16-byte header at least; this one has ${snapshot.byteLength} bytes`);
  const view = new DataView(snapshot.buffer, snapshot.byteOffset, 16);
  const offset = view.getUint32(4, true);
  if (offset < 16 || offset % 16 !== 0 || offset > snapshot.byteLength) {
    throw new Error(`the snapshot's header says its memory starts at byte ${offset}, outside the file`);
  }
  return offset;
}

export const BASE_PAGE = 4096;

/** The [start, end) byte ranges of the base that are XOR-ed: all pages below `bytes` except `skip`. */
export function xorRanges(bytes: number, skip: readonly number[]): Array<[number, number]> {
  const skipped = new Set(skip);
  const ranges: Array<[number, number]> = [];
  for (let page = 0; page * BASE_PAGE < bytes; page++) {
    if (skipped.has(page)) continue;
    const start = page * BASE_PAGE;
    const end = Math.min(bytes, start + BASE_PAGE);
    const last = ranges.at(-1);
    if (last && last[1] === start) last[1] = end;
    else ranges.push([start, end]);
  }
  return ranges;
}

/**
 * The pages where fresh memories captured from separate starts differ (a random hash seed, a
 * clock, an address): those cannot be XOR-ed, since the worker's own start writes other bytes.
 */
export function unstablePages(captures: readonly Uint8Array[]): number[] {
  const [first, ...rest] = captures;
  if (!first || rest.length === 0) throw new Error('unstablePages needs two captures of the fresh memory at least');
  const pages = new Set<number>();
  for (const other of rest) {
    const length = Math.max(first.length, other.length);
    for (let i = 0; i < length; i++) if (first[i] !== other[i]) pages.add(Math.floor(i / BASE_PAGE));
  }
  return [...pages].sort((x, y) => x - y);
}

/** The range as 32-bit words when it is aligned (it always is here: whole pages), else null. */
function wordsOf(bytes: Uint8Array, start: number, end: number): Int32Array | null {
  const at = bytes.byteOffset + start;
  return at % 4 === 0 && (end - start) % 4 === 0 ? new Int32Array(bytes.buffer, at, (end - start) / 4) : null;
}

/**
 * A 53-bit fingerprint (cyrb53, fed 32-bit words where the range allows, else bytes) of the given
 * byte ranges, as hex: spots a different base, not an attacker. Word-wise, 3.8 MB take ~4 ms.
 */
export function fingerprint(bytes: Uint8Array, ranges: ReadonlyArray<readonly [number, number]> = [[0, bytes.length]]): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const [start, end] of ranges) {
    const words = wordsOf(bytes, start, end);
    const feed = words ?? bytes.subarray(start, end);
    for (let i = 0; i < feed.length; i++) {
      const w = feed[i]!;
      h1 = Math.imul(h1 ^ w, 2654435761);
      h2 = Math.imul(h2 ^ w, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** XORs the base's ranges into `snapshot`'s memory, in place. Applying it twice gives the original back. */
export function xorBase(snapshot: Uint8Array, base: Uint8Array, ranges: ReadonlyArray<readonly [number, number]>): void {
  const offset = memoryOffset(snapshot);
  const end = ranges.at(-1)?.[1] ?? 0;
  if (offset + end > snapshot.byteLength || end > base.byteLength) {
    throw new Error(`the base (${end} bytes) is longer than the snapshot's memory (${snapshot.byteLength - offset} bytes)`);
  }
  const memory = snapshot.subarray(offset);
  for (const [start, stop] of ranges) {
    const into = wordsOf(memory, start, stop);
    const from = wordsOf(base, start, stop);
    if (into && from) for (let i = 0; i < into.length; i++) into[i]! ^= from[i]!;
    else for (let i = start; i < stop; i++) memory[i]! ^= base[i]!;
  }
}

/**
 * Wraps Pyodide's module factory so that `onRestore` sees the fresh memory and the snapshot just
 * before Pyodide copies the snapshot in. Uses `createPyodideModule`, a public (experimental)
 * option, and the module's `API.restoreSnapshot`, which Pyodide calls when `_loadSnapshot` is given.
 *
 * With `snapshot`, the bytes handed to `_loadSnapshot` only size the memory: the engine compiles
 * and starts while the real snapshot downloads, and the factory resolves when both are there.
 */
export function restoreHook(
  create: CreateModule,
  onRestore: (memory: Uint8Array, snapshot: Uint8Array) => void,
  snapshot?: Promise<Uint8Array>,
): CreateModule {
  return async (settings: Settings) => {
    const [module, bytes] = await Promise.all([create(settings), snapshot]);
    const api = (settings as unknown as { API: RestoringApi }).API;
    const restore = api.restoreSnapshot.bind(api);
    api.restoreSnapshot = (given: Uint8Array) => {
      const real = bytes ?? given;
      if (real.byteLength !== given.byteLength) {
        throw new Error(`the snapshot has ${real.byteLength} bytes but the memory was sized for ${given.byteLength}`);
      }
      onRestore((module as unknown as RestoringModule).HEAPU8, real);
      return restore(real);
    };
    return module;
  };
}

/** The worker's side: undoes the XOR with its own fresh memory, after checking that memory is the base. */
export function applyBase(base: SnapshotBase) {
  return (memory: Uint8Array, snapshot: Uint8Array): void => {
    const ranges = xorRanges(base.bytes, base.skip);
    const seen = fingerprint(memory, ranges);
    if (memory.byteLength < base.bytes || seen !== base.fingerprint) {
      throw new Error(
        `this engine starts with other memory than the snapshot was made against (fingerprint ${seen}, expected ${base.fingerprint})`,
      );
    }
    xorBase(snapshot, memory, ranges);
  };
}

/** Pyodide's own module factory; its import starts at once, while the snapshot downloads. */
export function moduleFactory(asmUrl: string): CreateModule {
  const imported = import(/* @vite-ignore */ asmUrl) as Promise<{ default: CreateModule }>;
  imported.catch(() => undefined); // reported when Pyodide calls the factory
  return async (settings) => (await imported).default(settings);
}

export type { CreateModule };
