/**
 * The page's one engine: a Web Worker running Pyodide, started on first use and shared by every
 * cell of the page. Pyodide's files are served by the site itself, under its base path.
 */
import { EngineHost } from '../../workers/engine-host.ts';
import { canShareMemory } from '../../workers/environment.ts';

let host: EngineHost | null = null;

export function engine(): EngineHost {
  host ??= new EngineHost({
    indexURL: new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}pyodide/`, location.href).href,
    shareMemory: canShareMemory(),
    spawn() {
      const worker = new Worker(new URL('../../workers/engine-worker.ts', import.meta.url), {
        type: 'module',
        name: 'heapbook-engine',
      });
      return {
        endpoint: worker,
        terminate: () => worker.terminate(),
        onExit(listener) {
          worker.addEventListener('error', (event) => listener(event.message || 'worker error'));
        },
      };
    },
  });
  return host;
}
