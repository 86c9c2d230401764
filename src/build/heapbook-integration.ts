/**
 * Astro integration for the book: serves Pyodide's files from the site itself (copied from
 * node_modules, never from a CDN) with the engine's memory snapshot beside them, sends the
 * cross-origin isolation headers in dev and preview, and writes them and precompressed copies of
 * the files into the build for static hosts.
 */
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { pyodideDir } from '../../workers/node-engine.ts';
import { precompress } from './precompress.ts';
import { ensureSnapshot } from './python-snapshot.ts';
import { headersFile, siteHeaders } from './site-headers.ts';

/** The files of Pyodide's core the browser loads. */
export const PYODIDE_FILES = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
] as const;

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

export function heapbook(options: { cacheDir: string }): AstroIntegration {
  return {
    name: 'heapbook',
    hooks: {
      async 'astro:config:setup'({ config, updateConfig, logger }) {
        const publicDir = fileURLToPath(config.publicDir).replace(/\/$/, '');
        await copyPyodide(publicDir);
        try {
          const t0 = performance.now();
          const manifest = await ensureSnapshot(`${publicDir}/pyodide`, options.cacheDir);
          logger.info(`engine snapshot ready: ${(manifest.bytes / 2 ** 20).toFixed(1)} MiB in ${Math.round(performance.now() - t0)} ms`);
        } catch (err) {
          // Readers still get a working engine, started normally; the build says why it is slower.
          logger.warn(`no engine snapshot, readers' first Run will start Python normally: ${err instanceof Error ? err.message : String(err)}`);
        }
        updateConfig({
          server: { headers: siteHeaders },
          vite: {
            worker: { format: 'es' },
            optimizeDeps: { exclude: ['pyodide'] },
            preview: { headers: siteHeaders },
          },
        });
      },
      async 'astro:build:done'({ dir, logger }) {
        const out = fileURLToPath(dir).replace(/\/$/, '');
        const existing = await readFile(`${out}/_headers`, 'utf8').catch(() => '');
        if (!existing) await writeFile(`${out}/_headers`, headersFile());
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
