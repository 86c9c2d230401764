/**
 * The page's engines, one per language, each started on first use and shared by every cell of
 * that language: Pyodide in a Web Worker for Python (its files served by the site itself, under
 * its base path), and a plain module worker for JavaScript.
 */
import { EngineHost, type WorkerHandle } from '../../workers/engine-host.ts';
import { engineNotices } from '../../workers/engine-notices.ts';
import { canShareMemory } from '../../workers/environment.ts';
import type { CellLang } from '../../workers/protocol.ts';

const hosts = new Map<CellLang, EngineHost>();

function handle(worker: Worker): WorkerHandle {
  return {
    endpoint: worker,
    terminate: () => worker.terminate(),
    onExit(listener) {
      worker.addEventListener('error', (event) => listener({ kind: 'error', message: event.message || 'worker error' }));
    },
  };
}

function createHost(lang: CellLang): EngineHost {
  const notices = engineNotices(document.documentElement.lang);
  if (lang === 'javascript') {
    return new EngineHost({
      lang,
      indexURL: '',
      shareMemory: false,
      notices,
      spawn: () =>
        handle(new Worker(new URL('../../workers/js/js-engine-worker.ts', import.meta.url), { type: 'module', name: 'heapbook-js' })),
    });
  }
  return new EngineHost({
    lang,
    indexURL: new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}pyodide/`, location.href).href,
    shareMemory: canShareMemory(),
    useSnapshot: true,
    notices,
    spawn: () =>
      handle(new Worker(new URL('../../workers/engine-worker.ts', import.meta.url), { type: 'module', name: 'heapbook-engine' })),
  });
}

/** The engine for a language, created on first request. */
export function engine(lang: CellLang = 'python'): EngineHost {
  let host = hosts.get(lang);
  if (!host) {
    host = createHost(lang);
    hosts.set(lang, host);
  }
  return host;
}
