/**
 * Starts JavaScript cells' engine in a Node worker thread with a heap limit: a cell that allocates
 * without bound kills only its worker, which the host replaces, and the build says why.
 */
import { EngineHost, type EngineHostOptions } from '../host/engine-host.ts';
import { spawnNodeWorker } from '../host/node-spawn.ts';

/** The old-generation limit of a JavaScript cell's worker, in MiB. */
export const JS_HEAP_LIMIT_MB = 512;

export function createNodeJsEngine(options: Partial<EngineHostOptions> & { heapLimitMb?: number } = {}): EngineHost {
  const { heapLimitMb = JS_HEAP_LIMIT_MB, ...hostOptions } = options;
  return new EngineHost({
    lang: 'javascript',
    indexURL: '',
    shareMemory: false,
    spawn: () => spawnNodeWorker(new URL('./node-worker.ts', import.meta.url), heapLimitMb),
    ...hostOptions,
  });
}
