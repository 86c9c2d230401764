/** The in-engine Python package as text, read from disk: for Node's worker and the snapshot maker. */
import { readdir, readFile } from 'node:fs/promises';
import type { PythonFiles } from '../protocol.ts';

export async function readPythonFiles(): Promise<PythonFiles> {
  // Keyed by the path under engine/python/ (heapbook/_runner.py), as the web worker keys them.
  const root = new URL('./heapbook/', import.meta.url);
  const entries = await readdir(root, { recursive: true });
  const files: PythonFiles = {};
  for (const entry of entries.filter((e) => e.endsWith('.py')).sort()) {
    files[`heapbook/${entry.replaceAll('\\', '/')}`] = await readFile(new URL(entry, root), 'utf8');
  }
  return files;
}
