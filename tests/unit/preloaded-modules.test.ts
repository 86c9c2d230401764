/**
 * The snapshot pre-imports the standard-library modules the chapters use (PRELOADED_MODULES), so a
 * reader's first Run does not wait for them. This fails when a chapter imports one that is missing,
 * naming the chapter, the cell's line and the module.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { withoutFrontmatter } from '../../src/build/chapter-source.ts';
import { collectSteps } from '../../src/build/collect-cells.ts';
import { BOOK_LOCK } from '../../src/shared/package-lock.ts';
import { PRELOADED_MODULES } from '../../engine/python/boot.ts';

/** Import names of the native companion's packages (requirements-native.txt), which the engine never loads. */
const NATIVE_ONLY = readFileSync(new URL('../../requirements-native.txt', import.meta.url), 'utf8')
  .split('\n')
  .map(
    (line) =>
      line
        .replace(/#.*/, '')
        .trim()
        .split(/[=<>~ ]/)[0]!,
  )
  .filter(Boolean)
  .map((name) => name.toLowerCase().replaceAll('-', '_'));

/**
 * Modules that are not the standard library's: the book's helpers, Pyodide's bridges to
 * JavaScript, the locked packages (packages.lock.json), which the engine loads when a cell needs
 * them, and the native companion's packages, which cells import only where they exist.
 */
const NOT_STDLIB = new Set(['heapbook', 'js', 'pyodide', 'pyodide_js', ...BOOK_LOCK.packages.flatMap((p) => p.imports), ...NATIVE_ONLY]);

/** Top-level module names imported by `import a, b.c as d` and `from a.b import c` lines. */
export function importedModules(code: string): string[] {
  const names: string[] = [];
  for (const line of code.split('\n')) {
    const from = /^\s*from\s+([A-Za-z_][\w.]*)\s+import\b/.exec(line);
    if (from) names.push(from[1]!.split('.')[0]!);
    const plain = /^\s*import\s+(.+)$/.exec(line);
    if (plain) {
      for (const part of plain[1]!.split('#')[0]!.split(',')) names.push(part.trim().split(/[\s.]/)[0]!);
    }
  }
  return names.filter(Boolean);
}

describe('modules preloaded into the snapshot', () => {
  it('reads imports from cell code', () => {
    expect(importedModules('import gc, sys as s\nfrom collections.abc import Mapping\n  import os.path  # x\nx = "import no"')).toEqual([
      'gc',
      'sys',
      'collections',
      'os',
    ]);
  });

  it('knows the native companion packages by their import names', () => {
    expect(NATIVE_ONLY).toEqual(expect.arrayContaining(['memory_profiler', 'psutil']));
  });

  it('covers every standard-library module a chapter imports', async () => {
    const root = new URL('../../content/docs/', import.meta.url);
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.mdx')).sort();
    expect(files.length).toBeGreaterThan(4);
    const missing: string[] = [];
    for (const file of files) {
      const source = withoutFrontmatter(await readFile(new URL(file, root), 'utf8'));
      const tree = unified().use(remarkParse).use(remarkMdx).parse(source);
      for (const step of collectSteps(tree, source)) {
        if (step.kind !== 'cell' || step.lang !== 'python') continue;
        for (const name of importedModules(step.code)) {
          if (!NOT_STDLIB.has(name) && !(PRELOADED_MODULES as readonly string[]).includes(name)) {
            missing.push(`content/docs/${file}:${step.line} imports ${name}: add "${name}" to PRELOADED_MODULES in engine/python/boot.ts`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
