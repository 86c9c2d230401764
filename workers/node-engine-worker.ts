/** Node worker-thread entry: the same engine, for the build executor and the tests. */
import { readdir, readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createEngine } from './engine.ts';
import type { PythonFiles } from './protocol.ts';

async function readPythonFiles(): Promise<PythonFiles> {
  const root = new URL('./python/', import.meta.url);
  const entries = await readdir(root, { recursive: true });
  const files: PythonFiles = {};
  for (const entry of entries.filter((e) => e.endsWith('.py')).sort()) {
    files[entry.replaceAll('\\', '/')] = await readFile(new URL(entry, root), 'utf8');
  }
  return files;
}

if (!parentPort) throw new Error('node-engine-worker.ts must run as a worker thread');
Comlink.expose(createEngine(await readPythonFiles()), nodeEndpoint(parentPort));
