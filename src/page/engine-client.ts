/**
 * The page's engines, one per language, each started on first use and shared by every cell of
 * that language: Pyodide in a Web Worker for Python (its files served by the site itself, under
 * its base path), and a module worker for JavaScript, in a process of its own where the browser
 * allows (isolated-worker.ts).
 */
import jsWorkerUrl from '../../engine/js/js-engine-worker.ts?worker&url';
import { EngineHost, type WorkerHandle } from '../../engine/host/engine-host.ts';
import { engineNotices } from '../i18n/index.ts';
import { canIsolateJsProcess, canShareMemory } from '../../engine/environment.ts';
import type { CellLang } from '../../engine/protocol.ts';
import type { WorkerExit } from '../../engine/host/engine-notices.ts';
import { isLifeLockHeld, isLifeLockLost } from '../../engine/worker/life-lock.ts';
import { isWorkerClosing } from '../../engine/worker/worker-close.ts';
import { spawnIsolatedWorker } from './isolated-worker.ts';
import { PACKAGES_DIR } from '../../engine/packages.ts';
import { BOOK_LOCK } from '../shared/package-lock.ts';

const hosts = new Map<CellLang, EngineHost>();

/** How long after the life lock is granted the page waits for the worker's own word on why. */
const LAST_WORD_MS = 200;

/**
 * A dedicated worker named `name`. Its end is learnt three ways, none relying on the `error` event
 * alone: the worker says it closes itself, says a cell took its life lock, or the page is granted
 * that lock, which the browser releases when the worker ends however it ends.
 */
function handle(worker: Worker, name: string): WorkerHandle {
  let terminated = false;
  return {
    endpoint: worker,
    terminate: () => {
      terminated = true;
      worker.terminate();
    },
    onExit(listener) {
      let said = false;
      const tell = (exit: WorkerExit) => {
        if (said || terminated) return;
        said = true;
        listener(exit);
      };
      worker.addEventListener('error', (event) => tell({ kind: 'error', message: event.message || 'worker error' }));
      worker.addEventListener('message', (event: MessageEvent) => {
        if (isWorkerClosing(event.data)) tell({ kind: 'closed' });
        else if (isLifeLockLost(event.data)) tell({ kind: 'lock-stolen' });
        else if (isLifeLockHeld(event.data)) {
          void navigator.locks.request(name, () => {
            setTimeout(() => tell({ kind: 'ended' }), LAST_WORD_MS);
          });
        }
      });
    },
  };
}

/** A unique worker name: it names the worker's life lock too. */
const workerName = (kind: string) => `heapbook-${kind}-${crypto.randomUUID()}`;

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
          : ((name) => handle(new Worker(jsWorkerUrl, { type: 'module', name }), name))(workerName('js')),
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
    spawn: () => {
      const name = workerName('engine');
      // Written out as `new Worker(new URL(…))`, the form Vite bundles as a worker.
      return handle(new Worker(new URL('../../engine/python/engine-worker.ts', import.meta.url), { type: 'module', name }), name);
    },
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
