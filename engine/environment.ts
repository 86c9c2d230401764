/**
 * The one place that knows which environment the engine runs in. Everything else asks here.
 */

/** True in Node (build executor and tests), false in a browser worker or page. */
export const isNode: boolean = typeof process !== 'undefined' && typeof process.versions === 'object' && !!process.versions.node;

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
 * Reads a file synchronously: a blocking request in a browser worker (allowed there, and what
 * Python's import needs, since it cannot wait), the file system in Node (a path or a file: URL).
 */
export function readBytesSync(url: string): Uint8Array {
  if (isNode) {
    const fs = process.getBuiltinModule('node:fs');
    return new Uint8Array(fs.readFileSync(url.startsWith('file:') ? new URL(url) : url));
  }
  const request = new XMLHttpRequest();
  request.open('GET', url, false);
  request.responseType = 'arraybuffer';
  request.send();
  if (request.status !== 200) throw new Error(`${url} could not be fetched (${request.status} ${request.statusText})`);
  return new Uint8Array(request.response as ArrayBuffer);
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
