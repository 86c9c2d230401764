/**
 * The Python engine's memory snapshot, made at build in Node from the exact Pyodide files the site
 * serves, with the heapbook helpers installed and imported. A reader's worker that loads it skips
 * CPython's start-up and the helpers' import (about 2 s in Node, 0.12 s from the snapshot here).
 *
 * Safety: the snapshot is smoke-tested by loading it again and running a cell before it is used;
 * the worker checks a digest of its own helpers and the file's integrity hash, and starts normally
 * on any mismatch or error. Cached in .heapbook-cache by Pyodide's version, the helpers and this
 * boot code, since making one takes a couple of seconds.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadPyodide } from 'pyodide';
import { pyodideDir } from '../../workers/node-engine.ts';
import {
  filesDigest,
  installHelpers,
  SNAPSHOT_MANIFEST,
  startCells,
  writeHelpers,
  type SnapshotManifest,
} from '../../workers/python-boot.ts';
import { readPythonFiles } from '../../workers/python-files.ts';
import type { PythonFiles } from '../../workers/protocol.ts';

const SNAPSHOT_FILE = 'heapbook-snapshot.bin';

/** Made with a neutral executable and locale, so the build machine's are not frozen in. */
async function makeSnapshot(files: PythonFiles): Promise<Uint8Array> {
  const pyodide = await loadPyodide({
    indexURL: pyodideDir(),
    _makeSnapshot: true,
    _sysExecutable: '/home/pyodide/python',
    env: { HOME: '/home/pyodide', LANG: 'C.UTF-8' },
  });
  installHelpers(pyodide, files);
  return (pyodide as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot();
}

/**
 * Loads the snapshot as a reader's worker would and runs a cell that imports a lazily loaded
 * helper; throws if anything is off.
 */
async function smokeTest(bytes: Uint8Array, files: PythonFiles): Promise<void> {
  const pyodide = await loadPyodide({ indexURL: pyodideDir(), _loadSnapshot: bytes });
  writeHelpers(pyodide, files);
  startCells(pyodide);
  const code = 'from heapbook import refs\nlen(refs([6 * 7]).nodes)';
  const raw = String(pyodide.runPython(`run_cell("smoke", ${JSON.stringify(code)})`));
  const result = JSON.parse(raw) as { status: string; value: { 'text/plain': string } | null };
  if (result.status !== 'ok' || result.value?.['text/plain'] !== '2') {
    throw new Error(`the snapshot's smoke test ran ${JSON.stringify(code)} and got ${raw.slice(0, 300)}`);
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
  const boot = await readFile(new URL('../../workers/python-boot.ts', import.meta.url));
  const key = createHash('sha256').update(version).update(filesDigest(files)).update(boot).digest('hex').slice(0, 16);
  const cached = `${cacheDir}/snapshot-${key}.bin`;
  const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
  // A damaged snapshot can load without an error, so a cached one must still be the one tested.
  let bytes: Uint8Array | null = await readFile(cached).catch(() => null);
  const tested = await readFile(`${cached}.sha256`, 'utf8').catch(() => '');
  if (!bytes || sha256(bytes) !== tested) {
    bytes = await makeSnapshot(files);
    await smokeTest(bytes, files);
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cached, bytes);
    await writeFile(`${cached}.sha256`, sha256(bytes));
  }
  const manifest: SnapshotManifest = {
    file: SNAPSHOT_FILE,
    pyodideVersion: version,
    filesDigest: filesDigest(files),
    integrity: `sha256-${createHash('sha256').update(bytes).digest('base64')}`,
    bytes: bytes.length,
  };
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}/${SNAPSHOT_FILE}`, bytes);
  await writeFile(`${dir}/${SNAPSHOT_MANIFEST}`, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
