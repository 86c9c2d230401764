/**
 * A worker's own `close()` ends it without an `error` event, an exit code the page can see, or an
 * answer to the run under way: the host would wait for ever (until the cell's time limit). A cell
 * can reach it (`self.close()` in JavaScript, `import js; js.close()` in Python), so every engine
 * worker replaces its global `close` with one that first tells the host, which then reports the
 * cell at once and starts a fresh engine. Messages without Comlink's `id` are ignored by Comlink,
 * so this one shares the channel.
 */
import { isFlagMessage, WORKER_CLOSING } from '../protocol.ts';

/** True for the message a worker sends just before it closes itself. */
export function isWorkerClosing(data: unknown): boolean {
  return isFlagMessage(data, WORKER_CLOSING);
}

/**
 * Makes the worker global's `close()` say so through `post` before `end` ends the worker. Where
 * the global has no `close` (a Node worker thread), `end` gives it one that ends the thread, as in
 * a browser.
 */
export function announceClose(post: (message: unknown) => void, end: () => void): void {
  const close = function close(): void {
    post({ [WORKER_CLOSING]: true });
    end();
  };
  Object.defineProperty(globalThis, 'close', { value: close, writable: true, configurable: true, enumerable: true });
}
