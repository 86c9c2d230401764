/**
 * Starts JavaScript cells' engine in a Node worker thread with a heap limit: a cell that allocates
 * without bound kills only its worker, which the host replaces, and the build says why.
 */
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { EngineHost, type EngineHostOptions } from '../host/engine-host.ts';
import { isWorkerClosing } from '../worker/worker-close.ts';

/** The old-generation limit of a JavaScript cell's worker, in MiB. */
export const JS_HEAP_LIMIT_MB = 512;

export function createNodeJsEngine(options: Partial<EngineHostOptions> & { heapLimitMb?: number } = {}): EngineHost {
  const { heapLimitMb = JS_HEAP_LIMIT_MB, ...hostOptions } = options;
  return new EngineHost({
    lang: 'javascript',
    indexURL: '',
    shareMemory: false,
    spawn() {
      const worker = new Worker(new URL('./node-worker.ts', import.meta.url), {
        resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
      });
      worker.unref();
      return {
        endpoint: nodeEndpoint(worker),
        terminate: () => void worker.terminate(),
        onExit(listener) {
          worker.on('message', (message: unknown) => {
            if (isWorkerClosing(message)) listener({ kind: 'closed' });
          });
          worker.on('error', (err: Error & { code?: string }) =>
            listener(
              err.code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? { kind: 'heap-limit', limitMb: heapLimitMb }
                : { kind: 'error', message: err.message },
            ),
          );
          worker.on('exit', (code) => listener({ kind: 'error', message: `exit code ${code}` }));
        },
      };
    },
    ...hostOptions,
  });
}
