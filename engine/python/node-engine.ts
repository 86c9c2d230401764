/** Starts the engine in a Node worker thread: what the build executor and the engine tests use. */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { EngineHost, type EngineHostOptions } from '../host/engine-host.ts';
import { spawnNodeWorker } from '../host/node-spawn.ts';

/** Pyodide's directory inside node_modules, with a trailing slash as loadPyodide wants it. */
export function pyodideDir(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('pyodide/package.json'))}/`;
}

export function createNodeEngine(options: Partial<EngineHostOptions> = {}): EngineHost {
  return new EngineHost({
    indexURL: pyodideDir(),
    shareMemory: true,
    spawn: () => spawnNodeWorker(new URL('./node-worker.ts', import.meta.url)),
    ...options,
  });
}
