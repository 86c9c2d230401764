/// <reference lib="webworker" />
/**
 * Web Worker entry of JavaScript cells: the reader's code runs here, off the page's thread.
 *
 * The page starts it as a shared worker when it can (a process of its own, see
 * src/page/isolated-worker.ts), else as a dedicated worker. As a shared worker it holds a Web Lock
 * named after itself for as long as it lives, and tells the page once it does: the browser
 * releases the lock when the worker's process ends, which is how the page learns that a cell
 * filled the heap and V8 ended the process.
 */
import * as Comlink from 'comlink';
import { inSharedWorker } from '../environment.ts';
import { announceClose } from '../worker/worker-close.ts';
import { LIFE_LOCK_HELD, LIFE_LOCK_LOST } from '../protocol.ts';
import { holdLifeLock } from '../worker/life-lock.ts';
import { createJsEngine } from './engine.ts';

const engine = createJsEngine(null);
// A timer's or a promise's error must not reach the page as the worker's 'error' event, which the
// host reads as the worker having died: show it in the running cell instead.
self.addEventListener('error', (event) => {
  event.preventDefault();
  engine.reportUncaught(event.error ?? event.message, 'error');
});
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  engine.reportUncaught(event.reason, 'rejection');
});

if (inSharedWorker()) {
  const shared = self as unknown as SharedWorkerGlobalScope;
  const ports: MessagePort[] = [];
  const tell = (message: unknown) => {
    for (const port of ports) port.postMessage(message);
  };
  const held = new Promise<void>((resolve) => {
    navigator.locks
      .request(shared.name, () => {
        resolve();
        return new Promise<never>(() => undefined);
      })
      // Rejected only when another request took the lock with `steal: true`: a cell's code did.
      .catch(() => tell({ [LIFE_LOCK_LOST]: true }));
  });
  announceClose(tell, shared.close.bind(shared));
  shared.addEventListener('connect', (event) => {
    const port = event.ports[0];
    if (!port) return;
    ports.push(port);
    Comlink.expose(engine, port);
    port.start();
    void held.then(() => port.postMessage({ [LIFE_LOCK_HELD]: true }));
  });
} else {
  const dedicated = self as unknown as DedicatedWorkerGlobalScope;
  announceClose((message) => dedicated.postMessage(message), dedicated.close.bind(dedicated));
  holdLifeLock(dedicated.name, (message) => dedicated.postMessage(message));
  Comlink.expose(engine);
}
