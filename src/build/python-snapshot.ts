/**
 * The Python engine's memory snapshot, made at build in Node from the exact Pyodide files the site
 * serves, with the heapbook helpers and the standard-library modules the chapters use imported
 * (engine/python/boot.ts, PRELOADED_MODULES). A reader's worker that loads it skips CPython's start-up and
 * those imports (about 2 s in Node, 0.12 s from the snapshot here). The file served is XOR-ed with
 * the engine's static data (engine/python/snapshot/delta.ts), which makes it compress a third smaller.
 *
 * Safety: the snapshot is smoke-tested by loading it again and running a cell before it is used;
 * the worker checks a digest of its own helpers, the file's length and format, and the memory it
 * was made against, and starts normally on any mismatch or error. The file's name carries the start
 * of its SHA-256, so a redeploy never meets a cached older one. Cached in .heapbook-cache by
 * Pyodide's version, the helpers and the code it imports (cache-key.ts), since making one takes a
 * couple of seconds.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { loadPyodide } from 'pyodide';
import { pyodideDir } from '../../engine/python/node-engine.ts';
import {
  EMPTY_STDLIB,
  EMPTY_ZIP,
  filesDigest,
  installHelpers,
  preloadModules,
  SNAPSHOT_MANIFEST,
  startCells,
  startFromSnapshot,
  type SnapshotManifest,
} from '../../engine/python/boot.ts';
import { readPythonFiles } from '../../engine/python/node-files.ts';
import { packSparse, unpackSparse } from '../../engine/python/snapshot/sparse.ts';
import { wasmDataImage } from './wasm-data.ts';
import { snapshotKey } from './cache-key.ts';
import {
  BASE_PAGE,
  fingerprint,
  moduleFactory,
  restoreHook,
  unstablePages,
  xorBase,
  xorRanges,
  type SnapshotBase,
} from '../../engine/python/snapshot/delta.ts';
import type { PythonFiles } from '../../engine/protocol.ts';

/** The served file's name: a new snapshot gets a new URL, so no cache can hand out an old one. */
const snapshotFile = (sha256: string) => `heapbook-snapshot.${sha256.slice(0, 16)}.bin`;

/** Made with a neutral executable and locale, so the build machine's are not frozen in. */
async function makeSnapshot(files: PythonFiles): Promise<Uint8Array> {
  const pyodide = await loadPyodide({
    indexURL: pyodideDir(),
    _makeSnapshot: true,
    _sysExecutable: '/home/pyodide/python',
    env: { HOME: '/home/pyodide', LANG: 'C.UTF-8' },
  });
  installHelpers(pyodide, files);
  preloadModules(pyodide, files);
  return (pyodide as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot();
}

const asmUrl = () => pathToFileURL(`${pyodideDir()}pyodide.asm.mjs`).href;

/**
 * Turns Pyodide's snapshot into the file the site serves: its memory XOR-ed with the memory a fresh
 * instance has when Pyodide restores a snapshot, captured by loading the snapshot once.
 */
async function toDelta(snapshot: Uint8Array): Promise<{ delta: Uint8Array; base: SnapshotBase }> {
  let fresh: Uint8Array | null = null;
  await loadPyodide({
    indexURL: pyodideDir(),
    _loadSnapshot: snapshot.slice(),
    createPyodideModule: restoreHook(moduleFactory(asmUrl()), (memory) => {
      fresh = memory.slice();
      throw new Error('captured'); // only the fresh memory is wanted from this start
    }),
  }).catch(() => undefined);
  if (!fresh)
    throw new Error('Pyodide did not restore the snapshot through API.restoreSnapshot; engine/python/snapshot/delta.ts needs updating');
  // Only static-data pages that start-up left as the wasm file wrote them: start-up writes other
  // bytes elsewhere in a browser than in Node (measured: 2 pages), and random ones everywhere.
  const image = wasmDataImage(new Uint8Array(await readFile(`${pyodideDir()}pyodide.asm.wasm`)));
  const bytes = Math.ceil(image.length / BASE_PAGE) * BASE_PAGE;
  const padded = new Uint8Array(bytes);
  padded.set(image);
  const skip = unstablePages([padded, (fresh as Uint8Array).subarray(0, bytes)]);
  const ranges = xorRanges(bytes, skip);
  const delta = snapshot.slice();
  xorBase(delta, padded, ranges);
  return { delta, base: { bytes, skip, fingerprint: fingerprint(padded, ranges) } };
}

/**
 * Loads the served file as a reader's worker does (XOR undone, the standard library on demand)
 * and runs a cell that uses a helper, then one that imports a module the snapshot lacks; throws if
 * anything is off.
 */
async function smokeTest(packed: Uint8Array, base: SnapshotBase, files: PythonFiles, emptyStdlibURL: string): Promise<void> {
  const memory = unpackSparse(packed);
  const manifest = {
    file: 'heapbook-snapshot.bin',
    pyodideVersion: '',
    filesDigest: '',
    sha256: '',
    bytes: memory.length,
    fileBytes: packed.length,
    base,
  };
  const pyodide = await startFromSnapshot(loadPyodide, {
    indexURL: pyodideDir(),
    manifest,
    memory: Promise.resolve(memory),
    factory: moduleFactory(asmUrl()),
    emptyStdlibURL,
    pythonFiles: files,
  });
  startCells(pyodide);
  const code = 'from heapbook import refs\nlen(refs([6 * 7]).nodes)';
  const raw = String(pyodide.runPython(`run_cell("smoke", ${JSON.stringify(code)})`));
  const result = JSON.parse(raw) as { status: string; value: { 'text/plain': string } | null };
  if (result.status !== 'ok' || result.value?.['text/plain'] !== '2') {
    throw new Error(`the snapshot's smoke test ran ${JSON.stringify(code)} and got ${raw.slice(0, 300)}`);
  }
  const later = 'import fractions\nstr(fractions.Fraction(2, 6))';
  const rawLater = String(pyodide.runPython(`run_cell("smoke2", ${JSON.stringify(later)})`));
  if (!rawLater.includes(`"'1/3'"`)) {
    throw new Error(`the snapshot's smoke test could not import from the standard library on demand: ${rawLater.slice(0, 300)}`);
  }
}

/**
 * Writes the snapshot and its manifest into `dir` (Pyodide's folder of the site), making it if the
 * cache has none for these inputs. Returns the manifest.
 */
export async function ensureSnapshot(dir: string, cacheDir: string): Promise<SnapshotManifest> {
  const files = await readPythonFiles();
  const require = createRequire(import.meta.url);
  const { version } = require('pyodide/package.json') as { version: string };
  // Pyodide's version, the helpers and every module the snapshot's making and loading imports.
  const key = (await snapshotKey()).slice(0, 16);
  const cached = `${cacheDir}/snapshot-${key}.bin`;
  const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
  // A damaged snapshot can load without an error, so a cached one must still be the one tested.
  // `bytes` is the served file: the snapshot XOR-ed with the static data, then packed.
  let bytes: Uint8Array | null = await readFile(cached).catch(() => null);
  type Tested = { sha256: string; base: SnapshotBase; memoryBytes: number };
  const tested = await readFile(`${cached}.json`, 'utf8')
    .then((t) => JSON.parse(t) as Tested)
    .catch(() => null);
  let base = tested?.base;
  let memoryBytes = tested?.memoryBytes ?? 0;
  if (!bytes || !base || !memoryBytes || sha256(bytes) !== tested?.sha256) {
    const made = await toDelta(await makeSnapshot(files));
    ({ base } = made);
    memoryBytes = made.delta.length;
    bytes = packSparse(made.delta);
    await mkdir(cacheDir, { recursive: true });
    const emptyStdlib = `${cacheDir}/${EMPTY_STDLIB}`;
    await writeFile(emptyStdlib, EMPTY_ZIP);
    await smokeTest(bytes, base, files, emptyStdlib);
    await writeFile(cached, bytes);
    await writeFile(`${cached}.json`, JSON.stringify({ sha256: sha256(bytes), base, memoryBytes } satisfies Tested));
  }
  const digest = sha256(bytes);
  const manifest: SnapshotManifest = {
    file: snapshotFile(digest),
    pyodideVersion: version,
    filesDigest: filesDigest(files),
    sha256: digest,
    bytes: memoryBytes,
    fileBytes: bytes.length,
    base,
  };
  await mkdir(dir, { recursive: true });
  // Earlier builds' snapshots would otherwise pile up in the site, 12 MB each.
  for (const old of await readdir(dir)) {
    if (/^heapbook-snapshot(\.[0-9a-f]+)?\.bin$/.test(old) && old !== manifest.file) await rm(`${dir}/${old}`);
  }
  await writeFile(`${dir}/${EMPTY_STDLIB}`, EMPTY_ZIP);
  await writeFile(`${dir}/${manifest.file}`, bytes);
  await writeFile(`${dir}/${SNAPSHOT_MANIFEST}`, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
