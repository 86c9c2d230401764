/**
 * The engine as a worker exposes it: one interpreter, started once, running the cells it is sent.
 * Ordering, interrupts and restarts are the host's job (engine-host.ts), because only the host
 * can still act while this worker is busy inside a cell.
 */
import type {
  EngineApi,
  EngineInfo,
  InitOptions,
  LoadProgress,
  PackageLoadResult,
  PackageProgress,
  PackageRequest,
  PythonFiles,
  RunRequest,
  RunResult,
  StreamListener,
} from '../protocol.ts';
import { PythonRuntime } from './runtime.ts';

export function createEngine(pythonFiles: PythonFiles): EngineApi {
  let runtime: Promise<PythonRuntime> | null = null;
  return {
    async init(options: InitOptions, onProgress: (p: LoadProgress) => void): Promise<EngineInfo> {
      runtime ??= PythonRuntime.start(options, pythonFiles, onProgress);
      return (await runtime).info;
    },
    async run(request: RunRequest, onStream: StreamListener): Promise<RunResult> {
      if (!runtime) throw new Error('engine.run() was called before engine.init()');
      return (await runtime).run(request, onStream);
    },
    async loadPackages(
      requests: PackageRequest[],
      onProgress: (p: PackageProgress) => void,
      downloadMs?: number,
    ): Promise<PackageLoadResult> {
      if (!runtime) throw new Error('engine.loadPackages() was called before engine.init()');
      return (await runtime).loadPackages(requests, onProgress, downloadMs);
    },
  };
}
