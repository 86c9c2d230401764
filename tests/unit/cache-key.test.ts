/**
 * The build's cache keys (src/build/cache-key.ts) are derived from what execution depends on, so
 * an edit to any engine file, the Python package, the native driver, the package lock or a version
 * runs the chapters again, and an edit elsewhere does not.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dependencyGraph,
  executionKey,
  EXECUTION_ENTRIES,
  EXECUTION_FOLDERS,
  moduleReferences,
  ROOT,
  snapshotKey,
  SNAPSHOT_ENTRIES,
  type ReadFile,
} from '../../src/build/cache-key.ts';
import { nativeIdentity } from '../../src/build/execute-steps.ts';

/** Files as read once (the machine is shared and slow; keys are computed many times here). */
const stored = new Map<string, Promise<Uint8Array>>();
const disk: ReadFile = (path) => {
  let bytes = stored.get(path);
  if (!bytes) stored.set(path, (bytes = readFile(path)));
  return bytes;
};
const abs = (file: string) => resolve(ROOT, file);

/** One byte of the file changed: its last newline becomes a space (or a newline is added). */
function changedByte(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes);
  if (copy.at(-1) === 0x0a) {
    copy[copy.length - 1] = 0x20;
    return copy;
  }
  return new Uint8Array([...copy, 0x0a]);
}

/** A reader that changes one file and records every path it was asked for. */
function readerChanging(target: string | null, seen: Set<string> = new Set()): ReadFile {
  return async (path) => {
    seen.add(path);
    const bytes = await disk(path);
    return path === target ? changedByte(bytes) : bytes;
  };
}

describe('the graph of what execution depends on', () => {
  it('follows imports, worker URLs and the Python package from the entry, and leaves out type-only imports', async () => {
    const { files, packages, dynamic } = await dependencyGraph(EXECUTION_ENTRIES, EXECUTION_FOLDERS);
    // The files the old hand-written list missed, and those it had.
    for (const file of [
      'engine/host/engine-host.ts',
      'src/i18n/en.ts', // the engine's notices are worded here (engine-notices.ts holds only their types)
      'engine/python/boot.ts',
      'engine/python/runtime.ts',
      'engine/worker/stream-batcher.ts',
      'engine/python/node-worker.ts', // named by new URL(…, import.meta.url), not imported
      'engine/js/node-worker.ts',
      'engine/js/runtime.ts',
      'engine/python/heapbook/_runner.py', // through engine/python/node-files.ts's folder URL
      'engine/python/native/run_native.py',
      'packages.lock.json',
      'src/build/execute-steps.ts',
      'src/build/native-python.ts',
      'src/build/cache-key.ts',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.includes('__pycache__') || f.endsWith('.pyc'))).toEqual([]);
    // remark-cells.ts is imported for its types only; the renderers and the page never run at build.
    expect(files.filter((f) => f.startsWith('src/shared/render/') || f.startsWith('src/page/') || f.startsWith('content/'))).toEqual([]);
    expect(files).not.toContain('src/build/remark-cells.ts');
    // Pyodide is loaded by URL from its folder, so its version is part of the key by name (next test).
    expect(Object.keys(packages)).toEqual(expect.arrayContaining(['acorn', 'comlink', 'object-inspect']));
    expect(packages['acorn']).toMatch(/^\d+\.\d+\.\d+$/);
    // Every reference that is not a literal is known: a new one must be made a literal or covered.
    // (Line numbers left out: other edits move them.)
    expect(dynamic.map((d) => d.replace(/:\d+:/, ':'))).toEqual([
      // packages.lock.json, which package-lock.ts imports.
      'src/build/vendor-packages.ts: new URL(`../../${LOCK_FILE}`, import.meta.url)',
      // Pyodide's own files, from its folder: Pyodide's version is in the key.
      "engine/python/runtime.ts: import(/* @vite-ignore */ moduleUrl(options.indexURL, 'pyodide.mjs'))",
      'engine/python/snapshot/delta.ts: import(/* @vite-ignore */ asmUrl)',
    ]);
  });

  it('parses TypeScript: static, re-exported, dynamic and URL references, not types', () => {
    const source = [
      "import type { A } from './types.ts';",
      "import { b, type C } from './b.ts';",
      "export * from './c.ts';",
      "export type { D } from './d.ts';",
      "const e: typeof import('./e.ts') = await import('./f.ts');",
      "const worker = new Worker(new URL('./g-worker.ts', import.meta.url));",
      "const folder = new URL('./python/', import.meta.url);",
      'const other = new URL(name, import.meta.url);',
      "const site = new URL('./h.ts', 'https://example.com/');",
      "import lock from '../lock.json' with { type: 'json' };",
      "import * as Comlink from 'comlink';",
    ].join('\n');
    const refs = moduleReferences(source, 'x.ts');
    expect(refs.specifiers).toEqual(['./b.ts', './c.ts', './f.ts', './g-worker.ts', './python/', '../lock.json', 'comlink']);
    expect(refs.dynamic).toEqual(['x.ts:8: new URL(name, import.meta.url)']);
  });
});

describe('the execution key', () => {
  it('changes when any one byte of any file in the graph changes', async () => {
    const { files } = await dependencyGraph(EXECUTION_ENTRIES, EXECUTION_FOLDERS);
    expect(files.length).toBeGreaterThan(40);
    const base = await executionKey({ read: readerChanging(null) });
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const unchanged: string[] = [];
    for (const file of files) {
      if ((await executionKey({ read: readerChanging(abs(file)) })) === base) unchanged.push(file);
    }
    expect(unchanged).toEqual([]);
  }, 120_000);

  it("changes with Pyodide's version and Node's", async () => {
    const base = await executionKey({ read: disk });
    const pyodideJson = abs('node_modules/pyodide/package.json');
    const olderPyodide: ReadFile = async (path) => {
      const bytes = await disk(path);
      if (path !== pyodideJson) return bytes;
      const json = JSON.parse(new TextDecoder().decode(bytes)) as { version: string };
      return new TextEncoder().encode(JSON.stringify({ ...json, version: '313.0.0' }));
    };
    expect(await executionKey({ read: olderPyodide })).not.toBe(base);
    expect(await executionKey({ read: disk, node: 'v24.0.0' })).not.toBe(base);
    expect(await executionKey({ read: disk, node: process.version })).toBe(base);
  });

  it('does not read, or change with, files outside the graph: prose, styles, renderers, the README', async () => {
    const seen = new Set<string>();
    const base = await executionKey({ read: readerChanging(null, seen) });
    for (const file of [
      'content/docs/en/gc.mdx',
      'content/docs/zh-cn/gc.mdx',
      'src/styles/cells.css',
      'src/shared/render/chart-view.ts',
      'README.md',
    ]) {
      expect(seen.has(abs(file))).toBe(false);
      expect(await executionKey({ read: readerChanging(abs(file)) })).toBe(base);
    }
  });
});

describe('the snapshot key', () => {
  it('changes with the boot code, the snapshot format, the helpers and the snapshot maker', async () => {
    const base = await snapshotKey({ read: disk });
    const { files } = await dependencyGraph(SNAPSHOT_ENTRIES);
    for (const file of [
      'engine/python/boot.ts',
      'engine/python/snapshot/delta.ts',
      'engine/python/snapshot/sparse.ts',
      'src/build/wasm-data.ts',
      'src/build/python-snapshot.ts',
      'engine/python/heapbook/_runner.py',
      'engine/python/heapbook/_stdlib_on_demand.py',
    ]) {
      expect(files).toContain(file);
      expect(await snapshotKey({ read: readerChanging(abs(file)) })).not.toBe(base);
    }
    expect(await snapshotKey({ read: readerChanging(abs('content/docs/en/gc.mdx')) })).toBe(base);
  }, 60_000);
});

describe("the native interpreter's identity", () => {
  it('names its version and installed packages, or why it could not', async () => {
    const identity = await nativeIdentity(process.env['HEAPBOOK_NATIVE_PYTHON'] || 'python3');
    const [version, machine, distributions] = JSON.parse(identity) as [string, string, string[]];
    expect(version).toMatch(/^3\.\d+\.\d+/);
    expect(machine).not.toBe('');
    expect(distributions.every((d) => /^[^=]+==\S+$/.test(d))).toBe(true);
    expect(await nativeIdentity('/nonexistent/python3')).toMatch(/^unavailable: .*ENOENT/);
  });
});
