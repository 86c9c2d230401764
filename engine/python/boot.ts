/**
 * How an interpreter is prepared for cells, in two halves, so that the first half can be frozen
 * into a memory snapshot at build (src/build/python-snapshot.ts) and the second always runs live.
 *
 * - `installHelpers` writes the heapbook package and imports the runner: the slow, deterministic
 *   part, the same for every reader.
 * - `startCells` does what must not be frozen: stream buffering, tracemalloc (its traces would
 *   describe the build machine's allocations), and a fresh seed for `random` if it was imported
 *   (a snapshot would otherwise give every reader the same random numbers).
 */
import type { PyodideAPI } from 'pyodide';
import { readBytesSync } from '../environment.ts';
import type { PythonFiles } from '../protocol.ts';
import { applyBase, restoreHook, type CreateModule, type SnapshotBase } from './snapshot/delta.ts';

const SITE_PACKAGES = '/home/pyodide/.heapbook';

/**
 * Writes the helper sources into the interpreter's file system. Needed after a snapshot too: the
 * snapshot holds wasm memory, but Emscripten keeps file contents in JavaScript, so the helpers'
 * lazily imported modules (and the source lines tracebacks quote) must be written again.
 */
export function writeHelpers(pyodide: PyodideAPI, pythonFiles: PythonFiles): void {
  for (const [path, source] of Object.entries(pythonFiles)) {
    const full = `${SITE_PACKAGES}/${path}`;
    pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')));
    pyodide.FS.writeFile(full, source);
  }
}

/** Writes the helpers and imports the runner: the part a snapshot freezes. */
export function installHelpers(pyodide: PyodideAPI, pythonFiles: PythonFiles): void {
  writeHelpers(pyodide, pythonFiles);
  pyodide.runPython(`
import sys
sys.path.insert(0, ${JSON.stringify(SITE_PACKAGES)})
from heapbook._runner import run_cell
`);
}

/**
 * Standard-library modules the chapters import, imported (and their caches filled) before the
 * snapshot is taken, so a reader's first cell does not pay for them: `import sysconfig` and its
 * first `get_config_var` cost about 70 ms in Node and over 250 ms in a cold browser worker.
 * tests/unit/preloaded-modules.test.ts fails when a chapter imports a module missing here.
 */
export const PRELOADED_MODULES = [
  'array',
  'ast',
  'collections',
  'contextlib',
  'dataclasses',
  'functools',
  'gc',
  'inspect',
  'io',
  'itertools',
  'json',
  'linecache',
  'math',
  'os',
  'pathlib',
  'platform',
  'struct',
  'subprocess',
  'sys',
  'sysconfig',
  'tempfile',
  'textwrap',
  'time',
  'traceback',
  'tracemalloc',
  'types',
  'weakref',
] as const;

/**
 * Imports the preloaded modules and every helper module, for the snapshot only: a normal start
 * (the fallback) skips this, since each import there costs as much as it saves.
 */
export function preloadModules(pyodide: PyodideAPI, pythonFiles: PythonFiles): void {
  const helpers = Object.keys(pythonFiles)
    .filter((path) => path.endsWith('.py'))
    .map((path) =>
      path
        .replace(/\.py$/, '')
        .replace(/\/__init__$/, '')
        .replaceAll('/', '.'),
    );
  pyodide.runPython(`
import importlib
for name in ${JSON.stringify([...PRELOADED_MODULES, ...helpers])}:
    importlib.import_module(name)
import platform, sysconfig
sysconfig.get_config_vars()
platform.platform()
`);
}

export function startCells(pyodide: PyodideAPI): void {
  pyodide.runPython(`
import sys, tracemalloc
# Line buffering streams each printed line to the page while the cell is still running.
sys.stdout.reconfigure(line_buffering=True)
sys.stderr.reconfigure(line_buffering=True)
if "random" in sys.modules:
    sys.modules["random"].seed()
tracemalloc.start()
# Deep recursion overflows the WebAssembly stack (fatal) and is quadratic under tracemalloc.
import heapbook._recursion, heapbook._stdin
heapbook._recursion.install()
# A page has no standard input: reading it says so, instead of Emscripten's OSError [Errno 29].
heapbook._stdin.install()
`);
}

/**
 * A short, stable digest of the helper sources (FNV-1a, 32-bit, hex), so that a snapshot made from
 * other helpers than the ones this worker carries is never used.
 */
export function filesDigest(pythonFiles: PythonFiles): string {
  let hash = 0x811c9dc5;
  for (const [path, source] of Object.entries(pythonFiles).sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const text of [path, '\0', source, '\0']) {
      for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
      }
    }
  }
  return hash.toString(16).padStart(8, '0');
}

/** The manifest written next to the snapshot, read by the worker before fetching it. */
export interface SnapshotManifest {
  file: string;
  pyodideVersion: string;
  filesDigest: string;
  /** The file's SHA-256 (hex), whose start is also in its name: a new snapshot is a new URL. */
  sha256: string;
  /** The engine's memory in bytes, header included: what the unpacked snapshot holds. */
  bytes: number;
  /** The file's own size, packed (engine/python/snapshot/sparse.ts). */
  fileBytes: number;
  /** The fresh memory the file was XOR-ed with (engine/python/snapshot/delta.ts). */
  base: SnapshotBase;
}

export const SNAPSHOT_MANIFEST = 'heapbook-snapshot.json';

/** The empty archive a snapshot start gets in place of the standard library (see below). */
export const EMPTY_STDLIB = 'heapbook-empty-stdlib.zip';
/** An empty zip archive: only its end-of-central-directory record. */
export const EMPTY_ZIP = Uint8Array.of(0x50, 0x4b, 0x05, 0x06, ...new Uint8Array(18));

export interface SnapshotStart {
  indexURL: string;
  manifest: SnapshotManifest;
  /** The engine's memory from the served file, unpacked but still XOR-ed; may still be downloading. */
  memory: Promise<Uint8Array>;
  /** Pyodide's module factory (engine/python/snapshot/delta.ts moduleFactory). */
  factory: CreateModule;
  /** Where the empty archive is served (EMPTY_STDLIB under the site's Pyodide folder). */
  emptyStdlibURL: string;
  pythonFiles: PythonFiles;
}

/**
 * Starts Pyodide from the build's snapshot. The engine compiles while the snapshot downloads; the
 * standard library (2.5 MB) is not fetched: the snapshot holds every module the chapters import
 * and the archive's table of contents, so an empty archive stands in its place until Python
 * first reads from it, and then the real one is fetched (heapbook/_stdlib_on_demand.py).
 */
export async function startFromSnapshot(loadPyodide: typeof import('pyodide').loadPyodide, start: SnapshotStart): Promise<PyodideAPI> {
  const pyodide = await loadPyodide({
    indexURL: start.indexURL,
    stdLibURL: start.emptyStdlibURL,
    // Only sizes the memory: the hook hands Pyodide the real snapshot when it restores.
    _loadSnapshot: new Uint8Array(start.manifest.bytes),
    createPyodideModule: restoreHook(start.factory, applyBase(start.manifest.base), start.memory),
  });
  writeHelpers(pyodide, start.pythonFiles);
  const stdlib = new URL('python_stdlib.zip', start.indexURL.includes(':') ? start.indexURL : `file://${start.indexURL}`).href;
  const install = pyodide.pyimport('heapbook._stdlib_on_demand').install as ((archive: string, load: () => void) => void) & {
    destroy(): void;
  };
  const archive = String(pyodide.runPython('import sys; next(p for p in sys.path if p.endswith(".zip"))'));
  install(archive, () => pyodide.FS.writeFile(archive, readBytesSync(stdlib)));
  install.destroy();
  return pyodide;
}
