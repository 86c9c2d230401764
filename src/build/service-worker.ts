/**
 * Writes the book's service worker (`src/sw/heapbook-sw.js`) into the built site as
 * `<base>heapbook-sw.js`, with its configuration: the build id, the base path, and the files a
 * reader keeps for offline reading once a chapter has run (the engines and the site's hashed
 * assets). The build id is a hash of every built file, so a new build with any change is a new
 * worker, and a new worker deletes the caches of the builds before it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const SERVICE_WORKER_FILE = 'heapbook-sw.js';
const TEMPLATE = fileURLToPath(new URL('../sw/heapbook-sw.js', import.meta.url));
const PLACEHOLDER = '__HEAPBOOK_SW_CONFIG__';
/** Precompressed twins and the headers files: not served as files of their own to a browser. */
const NOT_SITE_FILES = /(?:\.br|\.gz)$|^_headers$|^heapbook-headers\.nginx\.conf$/;

export interface ServiceWorkerConfig {
  /** Hash of the built site: names the worker's cache. */
  build: string;
  /** The base path, ending in `/`. */
  base: string;
  /** Paths from the host's root that a page asks the worker to keep once its engines are up. */
  engineFiles: string[];
}

/** The worker's text: the template with its configuration line filled in. */
export function serviceWorkerSource(template: string, config: ServiceWorkerConfig): string {
  const at = template.indexOf(PLACEHOLDER);
  if (at < 0 || template.indexOf(PLACEHOLDER, at + 1) >= 0) {
    throw new Error(`${TEMPLATE} must hold ${PLACEHOLDER} exactly once (where the build writes the worker's configuration)`);
  }
  if (!/^[0-9a-f]{16}$/.test(config.build)) throw new Error(`the service worker's build id must be 16 hex digits, not "${config.build}"`);
  return template.replace(PLACEHOLDER, JSON.stringify(config));
}

/** The built site's files, as paths relative to `out`, sorted. */
async function siteFiles(out: string): Promise<string[]> {
  const entries = await readdir(out, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath}/${entry.name}`.slice(out.length + 1))
    .filter((path) => !NOT_SITE_FILES.test(path) && path !== SERVICE_WORKER_FILE)
    .sort();
}

/** A hash of every file of the built site (names and contents), 16 hex digits. */
export async function buildId(out: string): Promise<string> {
  const hash = createHash('sha256');
  for (const path of await siteFiles(out)) {
    hash.update(`${path}\0`);
    hash.update(
      createHash('sha256')
        .update(await readFile(`${out}/${path}`))
        .digest(),
    );
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * What a reader keeps for running cells offline: the Python engine's files (its loader, wasm,
 * snapshot and lock, the stand-in standard library) and the vendored wheels, and the site's hashed
 * assets (the page scripts, the JavaScript engine's worker, the editor and the renderers, loaded
 * on demand). Not python_stdlib.zip: the snapshot carries every module the chapters import, and a
 * cell that imports another one fetches it when online.
 */
export function offlineFiles(files: string[], base: string, assetsDir: string): string[] {
  const root = base.replace(/\/?$/, '/');
  return files
    .filter(
      (path) =>
        (/^pyodide\/[^/]+$/.test(path) && path !== 'pyodide/python_stdlib.zip') ||
        /^pyodide\/packages\/[^/]+\.whl$/.test(path) ||
        (path.startsWith(`${assetsDir}/`) && !path.endsWith('.map')),
    )
    .map((path) => `${root}${path}`);
}

/** Writes the worker into `out`; returns its configuration and the bytes of the files it keeps. */
export async function writeServiceWorker(
  out: string,
  site: { base: string; assetsDir: string },
): Promise<ServiceWorkerConfig & { engineBytes: number }> {
  const files = await siteFiles(out);
  const base = site.base.replace(/\/?$/, '/');
  const config: ServiceWorkerConfig = { build: await buildId(out), base, engineFiles: offlineFiles(files, base, site.assetsDir) };
  await writeFile(`${out}/${SERVICE_WORKER_FILE}`, serviceWorkerSource(await readFile(TEMPLATE, 'utf8'), config));
  let engineBytes = 0;
  for (const path of config.engineFiles) engineBytes += (await stat(`${out}/${path.slice(base.length)}`)).size;
  return { ...config, engineBytes };
}
