/**
 * Astro integration for the book: serves Pyodide's files from the site itself (copied from
 * node_modules, never from a CDN) with the engine's memory snapshot beside them, sends the
 * cross-origin isolation headers in dev, and writes them with the Content-Security-Policy, and
 * precompressed copies of the files, into the build for static hosts.
 *
 * The dev server sends no Content-Security-Policy: it serves every stylesheet as an inline `<style>`
 * element that it rewrites on each change, and Astro's dev toolbar adds an inline script, none of
 * which a build-time hash can know. The policy is exercised where it ships: `npm run preview` and
 * the browser tests.
 */
import { access, copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { LOCK_FILE, PACKAGES_DIR } from '../../engine/packages.ts';
import { vendorPackages, wheelDir, type VendorResult } from './vendor-packages.ts';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { pyodideDir } from '../../engine/python/node-engine.ts';
import { compressAhead, precompress } from './precompress.ts';
import { longestRuns, prerunChapters, type PrerunSummary } from './build-prerun.ts';
import { buildJobs } from './execute-steps.ts';
import { ensureSnapshot } from './python-snapshot.ts';
import { CSP, siteHeaders } from './site-headers.ts';
import { NGINX_INCLUDE, writeSiteHeaders } from './write-headers.ts';
import { SERVICE_WORKER_FILE, writeServiceWorker } from './service-worker.ts';
import { addModulePreloads } from './module-preload.ts';

/** The files of Pyodide's core the browser loads. */
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'] as const;

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    return sa.size === sb.size && sa.mtimeMs <= sb.mtimeMs;
  } catch {
    return false;
  }
}

/** Copies Pyodide's core into `public/pyodide/`, skipping files already up to date. */
export async function copyPyodide(publicDir: string): Promise<void> {
  const from = pyodideDir();
  const to = `${publicDir}/pyodide`;
  await mkdir(to, { recursive: true });
  for (const file of PYODIDE_FILES) {
    if (!(await sameFile(`${from}${file}`, `${to}/${file}`))) await copyFile(`${from}${file}`, `${to}/${file}`);
  }
}

/**
 * Copies the vendored wheels into `public/pyodide/packages/` (git-ignored, like Pyodide's files), so
 * the dev server serves them and the build puts them in `dist/pyodide/packages/`, where the engine
 * loads them from by default; wheels no longer in the lock are removed. They are zip archives,
 * already compressed, so they get no .br/.gz twins.
 */
export async function copyWheels(vendored: VendorResult, publicDir: string): Promise<number> {
  const to = `${publicDir}/pyodide/${PACKAGES_DIR}`;
  await mkdir(to, { recursive: true });
  const present = vendored.lock.packages.filter((p) => !vendored.missing.some((m) => m.file === p.file));
  const files = new Set(present.map((p) => p.file));
  for (const old of await readdir(to)) if (!files.has(old)) await rm(`${to}${old}`, { force: true });
  let bytes = 0;
  for (const pkg of present) {
    if (!(await sameFile(`${vendored.dir}${pkg.file}`, `${to}${pkg.file}`)))
      await copyFile(`${vendored.dir}${pkg.file}`, `${to}${pkg.file}`);
    bytes += (await stat(`${to}${pkg.file}`)).size;
  }
  return bytes;
}

/**
 * `serviceWorker` ("serviceWorker" of heapbook.config.json): whether the build writes the book's
 * service worker (offline reading, and isolation where the host sends no headers) and the pages
 * register it; when false, pages unregister one an earlier build installed.
 */
export function heapbook(options: { cacheDir: string; serviceWorker: boolean }): AstroIntegration {
  const site = { base: '/', assetsDir: '_astro', publicDir: '' };
  // Work the build starts early, in the background, and reports on when it is done.
  const ahead: { runs: Promise<PrerunSummary> | null; compressed: Promise<number> | null } = { runs: null, compressed: null };
  return {
    name: 'heapbook',
    hooks: {
      async 'astro:config:setup'({ command, config, updateConfig, logger }) {
        const publicDir = fileURLToPath(config.publicDir).replace(/\/$/, '');
        site.publicDir = publicDir;
        site.base = config.base;
        site.assetsDir = config.build.assets;
        await copyPyodide(publicDir);
        // Before any chapter runs: its cells may load these packages (from the cache, in Node).
        const vendored = await vendorPackages({ cacheDir: options.cacheDir, log: (line) => logger.info(line) });
        const wheelBytes = await copyWheels(vendored, publicDir);
        const served = vendored.lock.packages.length - vendored.missing.length;
        logger.info(
          `${served} package(s) of ${LOCK_FILE} vendored in ${wheelDir(options.cacheDir)} and served from pyodide/${PACKAGES_DIR} (${wheelBytes} bytes)`,
        );
        // A fresh clone cannot have the Pyodide-built wheels (not on PyPI): the writer's dev server
        // says so as information, the build that makes a site to serve warns.
        for (const gap of vendored.missing) {
          if (command === 'build') logger.warn(gap.reason);
          else logger.info(gap.reason);
        }
        if (command === 'build') {
          // Every chapter's runs start now in the engine pool, while Astro sets up on one core.
          ahead.runs = prerunChapters(fileURLToPath(new URL('content/docs/', config.root)), { cacheDir: options.cacheDir });
        }
        const packageBase = process.env['HEAPBOOK_PACKAGE_BASE_URL'] ?? '';
        if (packageBase && !/^(https?:\/\/|\/)/.test(packageBase)) {
          throw new Error(
            `HEAPBOOK_PACKAGE_BASE_URL must be an absolute URL (https://...) or a path from the host's root (/...), not "${packageBase}"`,
          );
        }
        try {
          const t0 = performance.now();
          const manifest = await ensureSnapshot(`${publicDir}/pyodide`, options.cacheDir);
          logger.info(
            `engine snapshot ready: ${(manifest.bytes / 2 ** 20).toFixed(1)} MiB of memory in a ${(manifest.fileBytes / 2 ** 20).toFixed(1)} MiB file, in ${Math.round(performance.now() - t0)} ms`,
          );
          // The two biggest files' brotli (minutes of CPU when not cached) overlaps the build.
          if (command === 'build')
            ahead.compressed = compressAhead(
              [`${publicDir}/pyodide/pyodide.asm.wasm`, `${publicDir}/pyodide/${manifest.file}`],
              options.cacheDir,
            );
        } catch (err) {
          // Readers still get a working engine, started normally; the build says why it is slower.
          logger.warn(
            `no engine snapshot, readers' first Run will start Python normally: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
        updateConfig({
          server: { headers: siteHeaders },
          vite: {
            worker: { format: 'es' },
            // The two chunks over Vite's 500 kB are loaded only when needed: Graphviz (viz, 1.4 MB,
            // its WebAssembly inlined by @viz-js/viz) for a graph, and the CodeMirror editor (0.55 MB)
            // when a reader edits a cell. The page's own JavaScript has its budget in the bench (pageJs).
            build: { chunkSizeWarningLimit: 1500 },
            optimizeDeps: { exclude: ['pyodide'] },
            // Where the page's engine loads the wheels from; empty means the site's own copy.
            define: {
              'import.meta.env.HEAPBOOK_PACKAGE_BASE_URL': JSON.stringify(packageBase),
              'import.meta.env.HEAPBOOK_SERVICE_WORKER': JSON.stringify(options.serviceWorker ? SERVICE_WORKER_FILE : ''),
            },
            preview: { headers: siteHeaders },
          },
        });
      },
      async 'astro:build:done'({ dir, logger }) {
        const out = fileURLToPath(dir).replace(/\/$/, '');
        // Before anything reads the pages back (headers, service worker, compression).
        const preloading = await addModulePreloads(out, site);
        logger.info(`named the script chunks of ${preloading} pages as modulepreload links in their heads`);
        const ownHeaders = await access(`${site.publicDir}/_headers`).then(
          () => true,
          () => false,
        );
        if (ownHeaders) {
          logger.warn(
            `public/_headers replaces the site's headers: it must carry the ${CSP} and cross-origin isolation (see README, Hosting)`,
          );
        } else {
          const rules = await writeSiteHeaders(out, site);
          const hashes = rules[0]?.set[CSP]?.match(/'sha256-/g)?.length ?? 0;
          logger.info(`wrote _headers and ${NGINX_INCLUDE}: ${CSP} with ${hashes} inline hashes`);
        }
        if (options.serviceWorker) {
          const worker = await writeServiceWorker(out, site);
          logger.info(
            `wrote ${SERVICE_WORKER_FILE} for build ${worker.build}: it keeps ${worker.engineFiles.length} engine and asset files (${(worker.engineBytes / 2 ** 20).toFixed(1)} MiB) and the pages a reader opens`,
          );
        } else {
          logger.info(
            `"serviceWorker": false in heapbook.config.json: no ${SERVICE_WORKER_FILE}; pages unregister one an earlier build installed`,
          );
        }
        if (ahead.runs) {
          const runs = await ahead.runs;
          logger.info(
            `chapters: ${runs.ran} of ${runs.planned} runs executed (the rest cached or a twin's) by ${buildJobs()} engines at once (HEAPBOOK_BUILD_JOBS), all done ${(runs.ms / 1000).toFixed(1)} s after they began${runs.longest.length ? `; ${(runs.longest.reduce((sum, r) => sum + r.ms, 0) / 1000).toFixed(1)} s of engine time, longest: ${longestRuns(runs.longest)}` : ''}`,
          );
        }
        const early = ahead.compressed ? await ahead.compressed : 0;
        if (early) logger.info(`compressed ${early} engine file(s) with brotli during the build (cached for the next)`);
        const t0 = performance.now();
        const packed = await precompress(out, options.cacheDir);
        const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
        logger.info(
          `precompressed ${packed.files} files: ${mib(packed.rawBytes)} to ${mib(packed.brotliBytes)} brotli in ${Math.round(performance.now() - t0)} ms`,
        );
      },
    },
  };
}
