/**
 * The one place that knows which environment the engine runs in. Everything else asks here.
 */

/** True in Node (build executor and tests), false in a browser worker or page. */
export const isNode: boolean =
  typeof process !== 'undefined' && typeof process.versions === 'object' && !!process.versions.node;

/** Whether SharedArrayBuffer can be used: cross-origin isolated pages, and always in Node. */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  if (isNode) return true;
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** The URL to `import()` a file in Pyodide's directory from, in either environment. */
export function moduleUrl(indexURL: string, file: string): string {
  if (isNode && indexURL.startsWith('/')) return new URL(file, `file://${indexURL}`).href;
  return new URL(file, indexURL).href;
}

/**
 * Whether the page can run JavaScript cells in a process of their own: a shared worker (Chromium
 * gives it a renderer process apart from the page's) and Web Locks, which tell the page when that
 * process is gone. Without them the engine is a dedicated worker in the page's process.
 */
export function canIsolateJsProcess(): boolean {
  if (isNode || typeof SharedWorker !== 'function' || typeof navigator === 'undefined') return false;
  return typeof (navigator as { locks?: LockManager }).locks?.request === 'function';
}

/** True inside a shared worker (the JavaScript engine in its own process). */
export function inSharedWorker(): boolean {
  const scope = (globalThis as { SharedWorkerGlobalScope?: abstract new () => unknown }).SharedWorkerGlobalScope;
  return typeof scope === 'function' && globalThis instanceof scope;
}
