/**
 * The Python side of the engine: boots Pyodide, installs the `heapbook` package and runs cells
 * through `heapbook._runner`. It runs inside a worker (a Web Worker or a Node worker thread) and
 * never hands the Pyodide object to anyone: callers get plain RunResult data.
 */
import type { PyodideAPI } from 'pyodide';
import { moduleUrl } from './environment.ts';
import {
  EMPTY_STDLIB,
  filesDigest,
  installHelpers,
  SNAPSHOT_MANIFEST,
  startCells,
  startFromSnapshot,
  type SnapshotManifest,
} from './python-boot.ts';
import type {
  EngineInfo,
  InitOptions,
  LoadProgress,
  PythonFiles,
  RunRequest,
  RunResult,
  StreamChunk,
  StreamListener,
} from './protocol.ts';
import { splitFatalDump } from './fatal-dump.ts';
import { moduleFactory } from './snapshot-delta.ts';
import { SparseUnpacker } from './snapshot-sparse.ts';
import { rejectOnWasmFailure } from './wasm-failure.ts';
import { StreamBatcher, withTally } from './stream-batcher.ts';

type PyCallable = ((...args: unknown[]) => unknown) & { destroy(): void };
type PyAwaitable = PromiseLike<string> & { destroy(): void };

export class PythonRuntime {
  private current: StreamBatcher | null = null;
  private readonly pyodide: PyodideAPI;
  private readonly runCell: PyCallable;
  readonly info: EngineInfo;

  private constructor(pyodide: PyodideAPI, runCell: PyCallable, info: EngineInfo) {
    this.pyodide = pyodide;
    this.runCell = runCell;
    this.info = info;
  }

  /** Boots a fresh interpreter. */
  static async start(
    options: InitOptions,
    pythonFiles: PythonFiles,
    onProgress: (p: LoadProgress) => void,
  ): Promise<PythonRuntime> {
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
    const { loadPyodide } = (await import(
      /* @vite-ignore */ moduleUrl(options.indexURL, 'pyodide.mjs')
    )) as typeof import('pyodide');
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
      const out = this.runCell(request.cellId, request.code, request.check ?? null) as
        | string
        | PyAwaitable;
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
    let parsed: Pick<RunResult, 'status' | 'value' | 'error' | 'metrics'>;
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

function crashResult(cellId: string, batcher: StreamBatcher, err: unknown): RunResult {
  const fatal = (err as { pyodide_fatal_error?: boolean } | null)?.pyodide_fatal_error === true;
  const message = err instanceof Error ? err.message : String(err);
  const { stream, frames } = splitFatalDump(batcher.kept);
  const summary = fatal
    ? `the Python engine failed fatally (${message}); it cannot continue`
    : `the engine failed outside the reader's code: ${message}`;
  // The stream is the kept one without the fatal dump: its size is no longer the batcher's.
  return withTally(batcher, {
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
  }, false);
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
  if (!manifest.base || !manifest.fileBytes) throw new SnapshotUnavailable('the snapshot on the server predates this engine; started normally');
  if (manifest.filesDigest !== filesDigest(pythonFiles)) {
    throw new SnapshotUnavailable('the snapshot was made from other helpers than this page carries; started normally');
  }
  return manifest;
}

/**
 * The engine's memory from the snapshot file, unpacked as it downloads (snapshot-sparse.ts), so it
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
