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
