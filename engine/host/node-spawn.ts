/**
 * Starts an engine's worker script in a Node worker thread, as the host wants it: what the build
 * executor and the engine tests use for both languages (engine/python/node-engine.ts,
 * engine/js/node-engine.ts).
 */
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { WorkerHandle } from './engine-host.ts';
import { isWorkerClosing } from '../worker/worker-close.ts';

/**
 * Starts the worker script at `script`. With `heapLimitMb` its old generation is limited to that
 * many MiB, and a worker that passes it ends as `heap-limit` rather than as an error.
 */
export function spawnNodeWorker(script: URL, heapLimitMb?: number): WorkerHandle {
  const worker =
    heapLimitMb === undefined ? new Worker(script) : new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: heapLimitMb } });
  // The host keeps no event loop alive by itself: an idle engine must not hold a build open.
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
          heapLimitMb !== undefined && err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { kind: 'heap-limit', limitMb: heapLimitMb }
            : { kind: 'error', message: err.message },
        ),
      );
      worker.on('exit', (code) => listener({ kind: 'error', message: `exit code ${code}` }));
    },
  };
}
