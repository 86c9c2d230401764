/** The in-engine Python package as text, read from disk: for Node's worker and the snapshot maker. */
import { readdir, readFile } from 'node:fs/promises';
import type { PythonFiles } from './protocol.ts';

export async function readPythonFiles(): Promise<PythonFiles> {
  const root = new URL('./python/', import.meta.url);
  const entries = await readdir(root, { recursive: true });
  const files: PythonFiles = {};
  for (const entry of entries.filter((e) => e.endsWith('.py')).sort()) {
    files[entry.replaceAll('\\', '/')] = await readFile(new URL(entry, root), 'utf8');
  }
  return files;
}
