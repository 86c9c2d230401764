/**
 * Astro integration for the book: serves Pyodide's files from the site itself (copied from
 * node_modules, never from a CDN), sends the cross-origin isolation headers in dev and preview,
 * and writes them into the build for static hosts.
 */
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { pyodideDir } from '../../workers/node-engine.ts';
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

export function heapbook(): AstroIntegration {
  return {
    name: 'heapbook',
    hooks: {
      async 'astro:config:setup'({ config, updateConfig }) {
        await copyPyodide(fileURLToPath(config.publicDir).replace(/\/$/, ''));
        updateConfig({
          server: { headers: siteHeaders },
          vite: {
            worker: { format: 'es' },
            optimizeDeps: { exclude: ['pyodide'] },
            preview: { headers: siteHeaders },
          },
        });
      },
      async 'astro:build:done'({ dir }) {
        const out = fileURLToPath(dir);
        const existing = await readFile(`${out}/_headers`, 'utf8').catch(() => '');
        if (!existing) await writeFile(`${out}/_headers`, headersFile());
      },
    },
  };
}
