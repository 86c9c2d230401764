/** The JavaScript engine as its worker exposes it: the same API as the Python engine. */
import type {
  EngineApi,
  EngineInfo,
  InitOptions,
  LateError,
  LoadProgress,
  PackageLoadResult,
  PackageRequest,
  RunRequest,
  RunResult,
  StreamListener,
} from '../protocol.ts';
import type { HeapProbe } from './heap-probe.ts';
import { JsRuntime } from './runtime.ts';

/** The engine, and a way to hand it errors no cell caught (each worker entry listens for them). */
export function createJsEngine(probe: HeapProbe | null): EngineApi & { reportUncaught: JsRuntime['reportUncaught'] } {
  let runtime: JsRuntime | null = null;
  let lateListener: ((late: LateError) => void) | null = null;
  return {
    reportUncaught(error, kind) {
      runtime?.reportUncaught(error, kind);
    },
    watchLate(listener) {
      lateListener = listener;
      runtime?.watchLate(listener);
    },
    async init(_options: InitOptions, onProgress: (p: LoadProgress) => void): Promise<EngineInfo> {
      runtime ??= new JsRuntime(probe);
      if (lateListener) runtime.watchLate(lateListener);
      onProgress({ stage: 'ready', fraction: 1, message: 'Ready' });
      return runtime.info;
    },
    async run(request: RunRequest, onStream: StreamListener): Promise<RunResult> {
      if (!runtime) throw new Error('engine.run() was called before engine.init()');
      return runtime.run(request, onStream);
    },
    async loadPackages(requests: PackageRequest[]): Promise<PackageLoadResult> {
      // The host asks only for Python cells; a request here is a wiring mistake, said plainly.
      const first = requests[0];
      if (!first) return { ok: true, loaded: [] };
      return {
        ok: false,
        name: first.name,
        url: first.url,
        message: `package ${first.name} is a Python package: JavaScript cells cannot load it`,
      };
    },
  };
}
