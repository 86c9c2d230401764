/** Starts the engine in a Node worker thread: what the build executor and the engine tests use. */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { EngineHost, type EngineHostOptions } from '../host/engine-host.ts';
import { isWorkerClosing } from '../worker/worker-close.ts';

/** Pyodide's directory inside node_modules, with a trailing slash as loadPyodide wants it. */
export function pyodideDir(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('pyodide/package.json'))}/`;
}

export function createNodeEngine(options: Partial<EngineHostOptions> = {}): EngineHost {
  return new EngineHost({
    indexURL: pyodideDir(),
    shareMemory: true,
    spawn() {
      const worker = new Worker(new URL('./node-worker.ts', import.meta.url));
      // The host keeps no event loop alive by itself: an idle engine must not hold a build open.
      worker.unref();
      return {
        endpoint: nodeEndpoint(worker),
        terminate: () => void worker.terminate(),
        onExit(listener) {
          worker.on('message', (message: unknown) => {
            if (isWorkerClosing(message)) listener({ kind: 'closed' });
          });
          worker.on('exit', (code) => listener({ kind: 'error', message: `exit code ${code}` }));
          worker.on('error', (err: Error) => listener({ kind: 'error', message: err.message }));
        },
      };
    },
    ...options,
  });
}
