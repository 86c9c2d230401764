/**
 * The page's engines, one per language, each started on first use and shared by every cell of
 * that language: Pyodide in a Web Worker for Python (its files served by the site itself, under
 * its base path), and a module worker for JavaScript, in a process of its own where the browser
 * allows (isolated-worker.ts).
 */
import jsWorkerUrl from '../../workers/js/js-engine-worker.ts?worker&url';
import { EngineHost, type WorkerHandle } from '../../workers/engine-host.ts';
import { engineNotices } from '../../workers/engine-notices.ts';
import { canIsolateJsProcess, canShareMemory } from '../../workers/environment.ts';
import type { CellLang } from '../../workers/protocol.ts';
import { spawnIsolatedWorker } from './isolated-worker.ts';
import { PACKAGES_DIR } from '../../workers/packages.ts';
import { BOOK_LOCK } from '../lib/package-lock.ts';

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

/** Whether JavaScript cells run in a process of their own (where the browser cannot measure their heap). */
export function jsEngineIsolated(): boolean {
  return canIsolateJsProcess();
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
        jsEngineIsolated()
          ? spawnIsolatedWorker(jsWorkerUrl)
          : handle(new Worker(jsWorkerUrl, { type: 'module', name: 'heapbook-js' })),
    });
  }
  const indexURL = new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}pyodide/`, location.href).href;
  // The site's own copy of the wheels unless the hosting team set another place at build.
  const packageBase = import.meta.env['HEAPBOOK_PACKAGE_BASE_URL'] as string | undefined;
  return new EngineHost({
    lang,
    indexURL,
    packages: { lock: BOOK_LOCK, baseURL: new URL(packageBase || PACKAGES_DIR, packageBase ? location.href : indexURL).href },
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
