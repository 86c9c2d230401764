/**
 * Pages whose cells need a Pyodide-built wheel the build could not vendor (NumPy's): which steps
 * need it, what the build says when nothing can verify them, and that the lock's entry is the one
 * Pyodide's own lock names, so `--from` a real distribution accepts it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { stepsNeedingAbsent, unverifiedMessage } from '../../src/build/native-substitute.ts';
import type { ExecRequest } from '../../src/build/remark-cells.ts';
import { BOOK_LOCK } from '../../src/shared/package-lock.ts';
import { checkLock, findPackage } from '../../engine/packages.ts';

const step = (cellId: string, code: string, lang: 'python' | 'javascript' = 'python'): ExecRequest => ({
  cellId,
  lang,
  code,
  timeoutMs: 1,
});

describe('a page that needs a wheel the build could not vendor', () => {
  it('finds the steps that import it or declare it, and no others', () => {
    const steps = [
      step('first', 'import numpy as np\na = np.zeros(3)'),
      step('views', 'm = memoryview(bytearray(8))'),
      { ...step('declared', 'x = 1'), packages: ['numpy'] },
      step('js', 'import("numpy")', 'javascript'),
      step('graph', 'import objgraph'),
    ];
    expect(stepsNeedingAbsent(steps, BOOK_LOCK, new Set(['numpy']))).toEqual([
      { cellId: 'first', names: ['numpy'] },
      { cellId: 'declared', names: ['numpy'] },
    ]);
    expect(stepsNeedingAbsent(steps, BOOK_LOCK, new Set())).toEqual([]);
  });

  it('fails the build naming every unverified cell and both ways to fix it', () => {
    const message = unverifiedMessage(
      [
        { cellId: 'a', names: ['numpy'] },
        { cellId: 'b', names: ['numpy'] },
      ],
      "python3: No module named 'numpy'",
    );
    expect(message).toBe(
      "2 cell(s) need numpy, which the engine cannot load at build (not vendored: npm run vendor:packages -- --from <Pyodide distribution>) and the native CPython could not run either (python3: No module named 'numpy'): install it there (python3 -m pip install -r requirements-native.txt) or vendor the wheel. Unverified: a, b.",
    );
  });

  it("locks NumPy's wheel with the sha256 that Pyodide's own lock gives it", () => {
    const require = createRequire(import.meta.url);
    const pyodideLock = JSON.parse(readFileSync(require.resolve('pyodide/pyodide-lock.json'), 'utf8')) as {
      packages: Record<string, { file_name: string; sha256: string; version: string }>;
    };
    const numpy = findPackage(BOOK_LOCK, 'numpy');
    expect(numpy?.source).toBe('pyodide');
    const theirs = pyodideLock.packages['numpy'];
    expect([numpy?.file, numpy?.sha256, numpy?.version]).toEqual([theirs?.file_name, theirs?.sha256, theirs?.version]);
  });

  it('refuses a Pyodide wheel with a URL, and a PyPI wheel without a size', () => {
    const base = {
      name: 'numpy',
      version: '2.4.6',
      file: 'numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl',
      sha256: 'a'.repeat(64),
      imports: ['numpy'],
    };
    expect(() => checkLock({ lockVersion: 1, packages: [{ ...base, size: null, source: 'pyodide', url: 'https://x/y.whl' }] })).toThrow(
      /"url" must be null for a "pyodide" wheel/,
    );
    expect(() => checkLock({ lockVersion: 1, packages: [{ ...base, size: null, source: 'pypi', url: 'https://x/y.whl' }] })).toThrow(
      /"size" must be the wheel's size in bytes$/,
    );
    expect(() => checkLock({ lockVersion: 1, packages: [{ ...base, size: null, source: 'conda', url: null }] })).toThrow(
      /"source" must be "pypi" .* or "pyodide"/,
    );
  });
});
