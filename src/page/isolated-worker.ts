/**
 * Starts the JavaScript engine in a process of its own, so that a cell that allocates without
 * bound cannot take the page down with it.
 *
 * Measured in headless Chromium 156 (2 cores, 24 GB), `const a = []; for (;;) a.push(new
 * Array(1e6).fill(1))`:
 * - In a dedicated worker V8 ends the whole renderer process when the worker's heap is full
 *   (about 1,000 such arrays, 4 GiB, after 7 to 11 s): the page crashes with the worker, and no
 *   `error` event comes first. A dedicated worker has no way to watch its heap either: neither
 *   `performance.memory` nor `performance.measureUserAgentSpecificMemory()` exists in one, and the
 *   page's `measureUserAgentSpecificMemory()` did not answer once in the 7 s before the crash.
 * - A shared worker gets a renderer process of its own: when its heap fills, only that process
 *   ends, and the page goes on (its longest main-thread gap stayed near 100 ms). It sends no
 *   `error` event and its port no `close` event, but a Web Lock it holds is released when its
 *   process ends, so the page asks for the same lock and is granted it at that moment.
 * - A shared worker cannot be terminated, and cannot start dedicated workers of its own; it ends
 *   when no document uses it. So it is started from a hidden same-origin iframe made for it, and
 *   removing the iframe ends the worker (its process was gone within 100 ms, even mid-loop; a
 *   fresh one answered 100 ms later). That is how Stop and time limits end a JavaScript cell.
 * The cost: the browser's memory measurement does not cover a shared worker, so live heap figures
 * of JavaScript cells are not available where this is used (the metrics line says so).
 */
import type { WorkerHandle } from '../../engine/host/engine-host.ts';
import { isLifeLockHeld, isLifeLockLost } from '../../engine/worker/life-lock.ts';
import type { WorkerExit } from '../../engine/host/engine-notices.ts';
import { isWorkerClosing } from '../../engine/worker/worker-close.ts';

/** How long after the life lock is granted the page waits for the worker's own word on why. */
const LAST_WORD_MS = 200;

/** A shared worker from `scriptUrl`, in a process apart from the page's, as the engine host wants it. */
export function spawnIsolatedWorker(scriptUrl: string): WorkerHandle {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  document.body.append(frame);
  const host = frame.contentWindow as (Window & typeof globalThis) | null;
  if (!host) throw new Error('the frame for the JavaScript engine has no window');
  // The worker's name is unique, so each page gets a worker of its own; it names the lock too.
  const name = `heapbook-js-${crypto.randomUUID()}`;
  const worker = new host.SharedWorker(scriptUrl, { type: 'module', name });
  const port = worker.port;
  port.start();
  return {
    endpoint: port,
    terminate: () => frame.remove(),
    onExit(listener) {
      worker.addEventListener('error', () => listener({ kind: 'error', message: 'the JavaScript engine could not be loaded' }));
      // What the worker said before it ended, when it could: that a cell closed it or took its lock.
      let said: WorkerExit | null = null;
      const tell = (exit: WorkerExit) => {
        if (said || !frame.isConnected) return;
        said = exit;
        listener(exit);
      };
      port.addEventListener('message', (event: MessageEvent) => {
        if (isWorkerClosing(event.data)) tell({ kind: 'closed' });
        else if (isLifeLockLost(event.data)) tell({ kind: 'lock-stolen' });
      });
      // Asked for only once the worker holds it, or the page would be granted it at once.
      port.addEventListener('message', function held(event: MessageEvent) {
        if (!isLifeLockHeld(event.data)) return;
        port.removeEventListener('message', held);
        void navigator.locks.request(name, () => {
          // The worker's last words may still be on their way: they name the cause better.
          setTimeout(() => tell({ kind: 'process-ended' }), LAST_WORD_MS);
        });
      });
    },
  };
}
