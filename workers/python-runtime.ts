/**
 * The Python side of the engine: boots Pyodide, installs the `heapbook` package and runs cells
 * through `heapbook._runner`. It runs inside a worker (a Web Worker or a Node worker thread) and
 * never hands the Pyodide object to anyone: callers get plain RunResult data.
 */
import type { PyodideAPI } from 'pyodide';
import { moduleUrl } from './environment.ts';
import type {
  EngineInfo,
  InitOptions,
  LoadProgress,
  PythonFiles,
  RunRequest,
  RunResult,
  StreamChunk,
} from './protocol.ts';
import { StreamBatcher } from './stream-batcher.ts';

type PyCallable = ((...args: unknown[]) => unknown) & { destroy(): void };
type PyAwaitable = PromiseLike<string> & { destroy(): void };

const SITE_PACKAGES = '/home/pyodide/.heapbook';

const BOOT = `
import sys, tracemalloc
sys.path.insert(0, ${JSON.stringify(SITE_PACKAGES)})
# Line buffering streams each printed line to the page while the cell is still running.
sys.stdout.reconfigure(line_buffering=True)
sys.stderr.reconfigure(line_buffering=True)
tracemalloc.start()
from heapbook._runner import run_cell
`;

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
    const { loadPyodide } = (await import(
      /* @vite-ignore */ moduleUrl(options.indexURL, 'pyodide.mjs')
    )) as typeof import('pyodide');
    onProgress({ stage: 'start', fraction: 0.3, message: 'Starting CPython' });
    const pyodide = await loadPyodide({ indexURL: options.indexURL });
    onProgress({ stage: 'start', fraction: 0.9, message: 'Installing the heapbook helpers' });
    for (const [path, source] of Object.entries(pythonFiles)) {
      const full = `${SITE_PACKAGES}/${path}`;
      pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')));
      pyodide.FS.writeFile(full, source);
    }
    pyodide.runPython(BOOT);
    // Set only after boot: the helpers' import must not be interruptible half-way.
    if (options.interruptBuffer) pyodide.setInterruptBuffer(options.interruptBuffer);
    const runCell = pyodide.globals.get('run_cell') as PyCallable;
    const pythonVersion = String(pyodide.runPython('sys.version.split()[0]'));
    const info: EngineInfo = {
      lang: 'python',
      pythonVersion,
      pyodideVersion: pyodide.version,
      label: `Pyodide ${pyodide.version}, CPython ${pythonVersion} (wasm32)`,
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
  async run(request: RunRequest, onStream: (chunks: StreamChunk[]) => void): Promise<RunResult> {
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
    const parsed = JSON.parse(raw) as Pick<RunResult, 'status' | 'value' | 'error' | 'metrics'>;
    if (parsed.metrics) parsed.metrics.wasmMemoryBytes = this.wasmMemoryBytes();
    if (batcher.hiddenChars > 0) {
      parsed.metrics?.notes.push(`${batcher.hiddenChars} characters of output were not kept`);
    }
    return {
      cellId: request.cellId,
      ...parsed,
      stream: batcher.kept,
      notice: null,
    };
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
  return {
    cellId,
    status: 'crashed',
    stream: batcher.kept,
    value: null,
    error: {
      type: fatal ? 'FatalError' : 'EngineError',
      message: fatal
        ? `the Python engine failed fatally (${message}); it cannot continue`
        : `the engine failed outside the reader's code: ${message}`,
      traceback: [],
    },
    metrics: null,
    notice: null,
  };
}
