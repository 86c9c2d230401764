/**
 * The Python side of the engine: boots Pyodide, installs the `heapbook` package and runs cells
 * through `heapbook._runner`. It runs inside a worker (a Web Worker or a Node worker thread) and
 * never hands the Pyodide object to anyone: callers get plain RunResult data.
 */
import type { PyodideAPI } from 'pyodide';
import { isNode, moduleUrl } from '../environment.ts';
import {
  EMPTY_STDLIB,
  filesDigest,
  installHelpers,
  SNAPSHOT_MANIFEST,
  startCells,
  startFromSnapshot,
  type SnapshotManifest,
} from './boot.ts';
import type {
  EngineInfo,
  InitOptions,
  LoadProgress,
  PythonFiles,
  RunRequest,
  RunResult,
  StreamChunk,
  StreamListener,
} from '../protocol.ts';
import { splitFatalDump } from './fatal-dump.ts';
import { moduleFactory } from './snapshot/delta.ts';
import { SparseUnpacker } from './snapshot/sparse.ts';
import { rejectOnWasmFailure } from './wasm-failure.ts';
import { formatSize, PACKAGE_FIXES, type PackageLoadResult, type PackageProgress, type PackageRequest } from '../packages.ts';
import { StreamBatcher, withTally } from '../worker/stream-batcher.ts';

type PyCallable = ((...args: unknown[]) => unknown) & { destroy(): void };
type PyAwaitable = PromiseLike<string> & { destroy(): void };
type PyDict = { get(key: string): unknown; destroy(): void };

/** How long one wheel may take to download before its cell gets an error (never a hang). */
export const PACKAGE_DOWNLOAD_MS = 60_000;

/** Where wheels are written before they are checked (the engine's own file system). */
const WHEEL_DIR = '/tmp/heapbook-wheels';

/**
 * The Python half of the package checks: a wheel's SHA-256 where the page has no crypto.subtle
 * (which exists only in secure contexts, and a team may serve the book over plain http; hashlib is
 * not in the engine's snapshot, so it costs the standard library's download), and after install
 * whether the wheel's modules can be found.
 */
const PACKAGE_CHECKS = `
import importlib, importlib.util, sys, sysconfig

def file_sha256(path):
    import hashlib
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()

def missing_modules(names):
    # The path finders' caches only: importlib.invalidate_caches() would also import
    # importlib.metadata (about 100 ms) to clear a cache the wheel does not touch.
    for finder in list(sys.path_importer_cache.values()):
        if finder is not None and hasattr(finder, "invalidate_caches"):
            finder.invalidate_caches()
    return [n for n in names if importlib.util.find_spec(n) is None]

site_packages = sysconfig.get_path("purelib")
`;

export class PythonRuntime {
  private current: StreamBatcher | null = null;
  /** Packages installed in this interpreter, by name, with the sha256 of their wheel. */
  private readonly installed = new Map<string, string>();
  private packageChecks: PyDict | null = null;
  private readonly pyodide: PyodideAPI;
  private readonly runCell: PyCallable;
  readonly info: EngineInfo;

  private constructor(pyodide: PyodideAPI, runCell: PyCallable, info: EngineInfo) {
    this.pyodide = pyodide;
    this.runCell = runCell;
    this.info = info;
  }

  /** Boots a fresh interpreter. */
  static async start(options: InitOptions, pythonFiles: PythonFiles, onProgress: (p: LoadProgress) => void): Promise<PythonRuntime> {
    const t0 = performance.now();
    onProgress({ stage: 'download', fraction: 0.05, message: 'Loading the Python engine' });
    // Both started first: the manifest (small) and then the snapshot download while Pyodide's own
    // files do. Pyodide sizes the memory from a blank buffer of the snapshot's length and compiles
    // the engine at once; the hook waits for the real snapshot only when it is about to restore it.
    const manifest = options.useSnapshot ? fetchManifest(options.indexURL, pythonFiles) : null;
    const memory = manifest?.then((m) => fetchSnapshot(options.indexURL, m)) ?? null;
    memory?.catch(() => undefined); // handled below; not an unhandled rejection meanwhile
    // The file is XOR-ed with the memory Pyodide starts with; the hook undoes that on restore.
    const asmUrl = moduleUrl(options.indexURL, 'pyodide.asm.mjs');
    const wasmUrl = moduleUrl(options.indexURL, 'pyodide.asm.wasm');
    const factory = manifest ? rejectOnWasmFailure(moduleFactory(asmUrl), wasmUrl) : null;
    const { loadPyodide } = (await import(/* @vite-ignore */ moduleUrl(options.indexURL, 'pyodide.mjs'))) as typeof import('pyodide');
    onProgress({ stage: 'start', fraction: 0.3, message: 'Starting CPython' });
    let pyodide: PyodideAPI | null = null;
    let snapshotNote = options.useSnapshot ? null : 'not used here';
    if (manifest && memory && factory) {
      try {
        pyodide = await startFromSnapshot(loadPyodide, {
          indexURL: options.indexURL,
          manifest: await manifest,
          memory,
          factory,
          emptyStdlibURL: new URL(EMPTY_STDLIB, options.indexURL).href,
          pythonFiles,
        });
      } catch (err) {
        snapshotNote =
          err instanceof SnapshotUnavailable
            ? err.message
            : `the snapshot did not load (${err instanceof Error ? err.message : String(err)}); started normally`;
      }
    }
    if (!pyodide) {
      pyodide = await loadPyodide({
        indexURL: options.indexURL,
        createPyodideModule: rejectOnWasmFailure(moduleFactory(asmUrl), wasmUrl),
      });
      onProgress({ stage: 'start', fraction: 0.9, message: 'Installing the heapbook helpers' });
      installHelpers(pyodide, pythonFiles);
    }
    startCells(pyodide);
    // Set only after boot: the helpers' import must not be interruptible half-way.
    if (options.interruptBuffer) pyodide.setInterruptBuffer(options.interruptBuffer);
    const runCell = pyodide.globals.get('run_cell') as PyCallable;
    const pythonVersion = String(pyodide.runPython('sys.version.split()[0]'));
    const info: EngineInfo = {
      lang: 'python',
      pythonVersion,
      pyodideVersion: pyodide.version,
      label: `Pyodide ${pyodide.version}, CPython ${pythonVersion} (wasm32)`,
      snapshot: snapshotNote ?? 'loaded',
      interruptible: Boolean(options.interruptBuffer),
      startMs: performance.now() - t0,
    };
    const runtime = new PythonRuntime(pyodide, runCell, info);
    pyodide.setStdout(runtime.writer('stdout'));
    pyodide.setStderr(runtime.writer('stderr'));
    onProgress({ stage: 'ready', fraction: 1, message: 'Ready' });
    return runtime;
  }

  /**
   * Installs the packages a cell needs, in order, each at most once per interpreter: reads the
   * wheel (a file path in Node, a URL otherwise), checks its size and SHA-256 against the lock,
   * unpacks it into site-packages with Pyodide's `unpackArchive` and checks that its modules can
   * now be found. Never throws: the first package that fails is named in the result, with the URL
   * it was read from and what to do. Pyodide's `loadPackage` is not used: for a wheel given by
   * URL it checks no hash and, when the download fails, resolves to an empty list with the reason
   * only on stderr, so every failure would have to be guessed afterwards.
   */
  async loadPackages(
    requests: PackageRequest[],
    onProgress: (p: PackageProgress) => void,
    downloadMs = PACKAGE_DOWNLOAD_MS,
  ): Promise<PackageLoadResult> {
    const loaded: Extract<PackageLoadResult, { ok: true }>['loaded'] = [];
    for (const pkg of requests) {
      if (this.installed.get(pkg.name) === pkg.sha256) continue;
      const t0 = performance.now();
      const progress = (stage: PackageProgress['stage']) => onProgress({ name: pkg.name, version: pkg.version, size: pkg.size, stage });
      const fail = (message: string): PackageLoadResult => ({ ok: false, name: pkg.name, url: pkg.url, message });
      const what = `${pkg.name} ${pkg.version} (${pkg.file}, ${formatSize(pkg.size)})`;
      progress('download');
      let bytes: Uint8Array;
      try {
        bytes = await readWheel(pkg.url, downloadMs);
      } catch (err) {
        return fail(`package ${what} could not be loaded from ${pkg.url}: ${errorText(err)}. To fix it: ${PACKAGE_FIXES.missing}.`);
      }
      progress('install');
      try {
        const checks = this.checks();
        const actual = (await subtleSha256(bytes)) ?? this.pythonSha256(checks, pkg.file, bytes);
        if (actual !== pkg.sha256 || (pkg.size !== null && bytes.length !== pkg.size)) {
          const problem = `its sha256 is ${actual} (${bytes.length} bytes) where the lock says ${pkg.sha256} (${pkg.size === null ? 'size not locked' : `${pkg.size} bytes`})`;
          return fail(`package ${what} loaded from ${pkg.url} is not the locked wheel: ${problem}. To fix it: ${PACKAGE_FIXES.hash}.`);
        }
        this.pyodide.unpackArchive(bytes, 'wheel', { extractDir: String(callPy(checks, 'site_packages')) });
        const modules = this.pyodide.toPy(pkg.imports) as PyDict;
        const missing = callPy(checks, 'missing_modules', modules) as { toJs(): string[]; destroy(): void };
        const names = missing.toJs();
        missing.destroy();
        modules.destroy();
        if (names.length) {
          return fail(
            `package ${what} from ${pkg.url} was installed, but ${names.map((n) => `import ${n}`).join(', ')} still finds no module. To fix it: ${PACKAGE_FIXES.install}.`,
          );
        }
      } catch (err) {
        return fail(`package ${what} from ${pkg.url} could not be installed: ${errorText(err)}. To fix it: ${PACKAGE_FIXES.install}.`);
      }
      this.installed.set(pkg.name, pkg.sha256);
      loaded.push({ name: pkg.name, version: pkg.version, size: pkg.size, ms: performance.now() - t0 });
      progress('done');
    }
    return { ok: true, loaded };
  }

  /** A wheel's SHA-256 by Python's hashlib, for pages without crypto.subtle. */
  private pythonSha256(checks: PyDict, file: string, bytes: Uint8Array): string {
    const path = `${WHEEL_DIR}/${file}`;
    this.pyodide.FS.mkdirTree(WHEEL_DIR);
    this.pyodide.FS.writeFile(path, bytes);
    try {
      return String(callPy(checks, 'file_sha256', path));
    } finally {
      this.pyodide.FS.unlink(path);
    }
  }

  /** The Python side of the package checks, in a namespace of its own (not the cells'). */
  private checks(): PyDict {
    if (!this.packageChecks) {
      const namespace = this.pyodide.toPy({}) as PyDict;
      this.pyodide.runPython(PACKAGE_CHECKS, { globals: namespace as never });
      this.packageChecks = namespace;
    }
    return this.packageChecks;
  }

  private writer(stream: StreamChunk['stream']) {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    return {
      write: (bytes: Uint8Array): number => {
        this.current?.push(stream, decoder.decode(bytes, { stream: true }));
        return bytes.length;
      },
      isatty: false,
    };
  }

  /** Runs one cell. Never throws for the reader's mistakes: errors come back in the result. */
  async run(request: RunRequest, onStream: StreamListener): Promise<RunResult> {
    const batcher = new StreamBatcher(onStream);
    this.current = batcher;
    let raw: string;
    try {
      const out = this.runCell(request.cellId, request.code, request.check ?? null, request.leftBehind === true, request.lines === true) as
        string | PyAwaitable;
      if (typeof out === 'string') raw = out;
      else {
        try {
          raw = await out;
        } finally {
          out.destroy();
        }
      }
    } catch (err) {
      batcher.flush();
      this.current = null;
      return crashResult(request.cellId, batcher, err);
    }
    batcher.flush();
    this.current = null;
    let parsed: Pick<RunResult, 'status' | 'value' | 'error' | 'metrics' | 'lines' | 'leftBehind' | 'leftBehindError'>;
    try {
      parsed = JSON.parse(raw) as typeof parsed;
    } catch {
      // Only a cell that replaced the runner's own functions gets here: start a clean engine.
      const damaged = new Error(`a cell changed the engine's runner, whose result is no longer readable (${String(raw).slice(0, 80)})`);
      return crashResult(request.cellId, batcher, damaged);
    }
    if (parsed.metrics) parsed.metrics.wasmMemoryBytes = this.wasmMemoryBytes();
    return withTally(batcher, {
      cellId: request.cellId,
      ...parsed,
      stream: batcher.kept,
      notice: null,
    });
  }

  private wasmMemoryBytes(): number | null {
    // `_module` is Pyodide's Emscripten module; its heap view spans the whole linear memory.
    const mod = (this.pyodide as unknown as { _module?: { HEAPU8?: Uint8Array } })._module;
    return mod?.HEAPU8?.buffer.byteLength ?? null;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Calls a function of the package checks' namespace (or reads a value) with plain arguments. */
function callPy(namespace: PyDict, name: string, ...args: unknown[]): unknown {
  const value = namespace.get(name);
  if (typeof value !== 'function') return value;
  const fn = value as PyCallable;
  try {
    return fn(...args);
  } finally {
    fn.destroy();
  }
}

/** SHA-256 as hex by Web Crypto, or null where there is none (an insecure context). */
async function subtleSha256(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A wheel's bytes: from the file system in Node when given a path or a file: URL (the build reads
 * the vendored cache), else downloaded, with a time limit so a stalled server cannot hang a cell.
 */
async function readWheel(url: string, timeoutMs: number): Promise<Uint8Array> {
  if (isNode && (url.startsWith('/') || url.startsWith('file:'))) {
    const fs = process.getBuiltinModule('node:fs/promises');
    try {
      return new Uint8Array(await fs.readFile(url.startsWith('file:') ? new URL(url) : url));
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new Error(code === 'ENOENT' ? 'no such file' : errorText(err));
    }
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const name = (err as { name?: string }).name;
    throw new Error(name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : `the request failed (${errorText(err)})`);
  }
  if (!response.ok) throw new Error(`the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    const name = (err as { name?: string }).name;
    throw new Error(
      name === 'TimeoutError' ? `the download did not finish within ${timeoutMs / 1000} s` : `the download broke off (${errorText(err)})`,
    );
  }
}

function crashResult(cellId: string, batcher: StreamBatcher, err: unknown): RunResult {
  const fatal = (err as { pyodide_fatal_error?: boolean } | null)?.pyodide_fatal_error === true;
  const message = err instanceof Error ? err.message : String(err);
  const { stream, frames } = splitFatalDump(batcher.kept);
  const summary = fatal
    ? `the Python engine failed fatally (${message}); it cannot continue`
    : `the engine failed outside the reader's code: ${message}`;
  // The stream is the kept one without the fatal dump: its size is no longer the batcher's.
  return withTally(
    batcher,
    {
      cellId,
      status: 'crashed',
      stream,
      value: null,
      error: {
        type: fatal ? 'FatalError' : 'EngineError',
        message: summary,
        traceback: frames.length
          ? ['Where the cell was when the engine failed (most recent call first):', ...frames, `FatalError: ${summary}`]
          : [],
      },
      metrics: null,
      notice: null,
    },
    false,
  );
}

/** Why the snapshot was not used, when that is no failure of Pyodide's. */
class SnapshotUnavailable extends Error {}

/**
 * The manifest of the build's memory snapshot, if it fits this worker's helpers; otherwise a
 * SnapshotUnavailable saying why. Any failure means a normal start, never a broken one.
 */
async function fetchManifest(indexURL: string, pythonFiles: PythonFiles): Promise<SnapshotManifest> {
  let manifest: SnapshotManifest;
  try {
    const response = await fetch(new URL(SNAPSHOT_MANIFEST, indexURL), { cache: 'no-cache' });
    if (!response.ok) throw new SnapshotUnavailable(`no snapshot on the server (${response.status}); started normally`);
    manifest = (await response.json()) as SnapshotManifest;
  } catch (err) {
    if (err instanceof SnapshotUnavailable) throw err;
    throw new SnapshotUnavailable(`the snapshot could not be used (${err instanceof Error ? err.message : String(err)}); started normally`);
  }
  if (!manifest.base || !manifest.fileBytes)
    throw new SnapshotUnavailable('the snapshot on the server predates this engine; started normally');
  if (manifest.filesDigest !== filesDigest(pythonFiles)) {
    throw new SnapshotUnavailable('the snapshot was made from other helpers than this page carries; started normally');
  }
  return manifest;
}

/**
 * The engine's memory from the snapshot file, unpacked as it downloads (engine/python/snapshot/sparse.ts), so it
 * is ready when the last byte is. The file's name holds the start of its SHA-256, so a redeploy's
 * snapshot is a new URL and a cached one is never stale; its length and format are checked here,
 * and the memory's base when it is restored.
 */
async function fetchSnapshot(indexURL: string, manifest: SnapshotManifest): Promise<Uint8Array> {
  const unpacker = new SparseUnpacker();
  try {
    const response = await fetch(new URL(manifest.file, indexURL));
    if (!response.ok || !response.body) {
      throw new SnapshotUnavailable(`the snapshot could not be fetched (${response.status}); started normally`);
    }
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      unpacker.push(chunk.value);
      if (unpacker.bytesReceived > manifest.fileBytes) break;
    }
    await reader.cancel();
  } catch (err) {
    if (err instanceof SnapshotUnavailable) throw err;
    throw new SnapshotUnavailable(`the snapshot could not be used (${err instanceof Error ? err.message : String(err)}); started normally`);
  }
  if (unpacker.bytesReceived !== manifest.fileBytes) {
    const got = unpacker.bytesReceived > manifest.fileBytes ? 'more bytes than' : `${unpacker.bytesReceived} bytes where`;
    throw new SnapshotUnavailable(`the snapshot has ${got} its manifest says (${manifest.fileBytes}); started normally`);
  }
  return unpacker.finish();
}
