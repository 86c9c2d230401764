import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CellOptionError, parseCellSource } from '../../src/shared/cell-options.ts';
import { BOOK_LOCK } from '../../src/shared/package-lock.ts';
import { collectSteps } from '../../src/build/collect-cells.ts';
import { toRequest } from '../../src/build/remark-cells.ts';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import {
  checkLock,
  formatSize,
  importedModules,
  LockError,
  packageRequest,
  packagesForCell,
  parseLock,
  type LockedPackage,
} from '../../engine/packages.ts';

const objgraph: LockedPackage = {
  name: 'objgraph',
  version: '3.7.0',
  file: 'objgraph-3.7.0-py3-none-any.whl',
  sha256: '1f0e1d80a0c8e81862b8400cda6ace1357fc04e9d0f380e820e78cd92f0ac34d',
  size: 17951,
  imports: ['objgraph'],
  source: 'pypi',
  url: 'https://files.pythonhosted.org/packages/ab/5a/dbc1526e7010618727c4835c3d36b77a4fd874b3db9d7e28192c0c805401/objgraph-3.7.0-py3-none-any.whl',
};
const yaml: LockedPackage = { ...objgraph, name: 'PyYAML', version: '6.0.2', file: 'PyYAML-6.0.2-py3-none-any.whl', imports: ['yaml'] };
const lock = checkLock({ lockVersion: 1, packages: [objgraph, yaml] });

const lockWith = (change: Partial<Record<keyof LockedPackage, unknown>>) =>
  JSON.stringify({ lockVersion: 1, packages: [{ ...objgraph, ...change }] });

describe('the package lock', () => {
  it("is the repository's packages.lock.json, with objgraph 3.7.0 from PyPI and NumPy from Pyodide", async () => {
    const text = await readFile(new URL('../../packages.lock.json', import.meta.url), 'utf8');
    expect(parseLock(text)).toEqual(BOOK_LOCK);
    expect(BOOK_LOCK.packages.map((p) => [p.name, p.source])).toEqual([
      ['objgraph', 'pypi'],
      ['numpy', 'pyodide'],
    ]);
    expect(BOOK_LOCK.packages[0]).toEqual(objgraph);
  });

  it.each([
    ['{', /packages\.lock\.json: is not valid JSON/],
    ['[]', /must be a JSON object with "lockVersion": 1/],
    ['{"lockVersion": 2, "packages": []}', /"lockVersion" must be 1, not 2/],
    [lockWith({ sha256: 'ABC' }), /package 1 \("objgraph"\): "sha256" must be 64 lowercase hex digits, not "ABC"/],
    [lockWith({ sha256: objgraph.sha256.toUpperCase() }), /"sha256" must be 64 lowercase hex digits/],
    [lockWith({ file: 'numpy-3.7.0-py3-none-any.whl' }), /"file" must be the wheel's file name, starting with the package's name/],
    [lockWith({ file: 'objgraph-3.6.0-py3-none-any.whl' }), /"file" objgraph-3\.6\.0-py3-none-any\.whl is not version 3\.7\.0/],
    [lockWith({ file: 'objgraph-3.7.0.tar.gz' }), /"file" must be the wheel's file name/],
    [lockWith({ size: 0 }), /"size" must be the wheel's size in bytes/],
    [lockWith({ imports: [] }), /"imports" must list the top-level modules the package provides, e\.g\. \["objgraph"\]/],
    [lockWith({ imports: ['objgraph.sub'] }), /"imports" must list the top-level modules/],
    [lockWith({ source: 'conda' }), /"source" must be "pypi"/],
    [lockWith({ url: 'http://x/objgraph.whl' }), /"url" must be the https URL/],
    [lockWith({ name: '' }), /"name" must be a non-empty string/],
    [JSON.stringify({ lockVersion: 1, packages: [objgraph, { ...objgraph, name: 'ObjGraph' }] }), /"ObjGraph" is locked twice/],
    [
      JSON.stringify({ lockVersion: 1, packages: [objgraph, { ...yaml, imports: ['objgraph'] }] }),
      /module "objgraph" is provided by "objgraph" too/,
    ],
  ])('refuses %s', (text, message) => {
    expect(() => parseLock(text)).toThrow(LockError);
    expect(() => parseLock(text)).toThrow(message);
  });
});

describe('which packages a cell needs', () => {
  it('finds the top-level modules a cell imports', () => {
    expect(
      importedModules(
        [
          'import objgraph',
          'import os.path, yaml as y',
          'from collections.abc import Mapping',
          'def f():',
          '    import json',
          'from . import sibling',
          'x = 1; import re',
          '# import commented',
          'print("import")',
          'important = 1',
        ].join('\n'),
      ).sort(),
    ).toEqual(['collections', 'json', 'objgraph', 'os', 're', 'yaml']);
  });

  it('matches imports and declared names against the lock, by module and by normalised name', () => {
    expect(packagesForCell(lock, 'import objgraph').map((p) => p.name)).toEqual(['objgraph']);
    expect(packagesForCell(lock, 'from yaml import safe_load').map((p) => p.name)).toEqual(['PyYAML']);
    expect(packagesForCell(lock, 'import gc\nimport objgraphics').map((p) => p.name)).toEqual([]);
    expect(packagesForCell(lock, 'x = 1', ['pyyaml']).map((p) => p.name)).toEqual(['PyYAML']);
    expect(packagesForCell(lock, 'import yaml', ['objgraph']).map((p) => p.name)).toEqual(['objgraph', 'PyYAML']);
  });

  it('resolves the wheel against a URL or a directory', () => {
    expect(packageRequest(objgraph, 'https://books.example/sub/pyodide/packages/').url).toBe(
      'https://books.example/sub/pyodide/packages/objgraph-3.7.0-py3-none-any.whl',
    );
    expect(packageRequest(objgraph, 'https://cdn.example/wheels').url).toBe('https://cdn.example/wheels/objgraph-3.7.0-py3-none-any.whl');
    expect(packageRequest(objgraph, '/repo/.heapbook-cache/wheels/').url).toBe(
      '/repo/.heapbook-cache/wheels/objgraph-3.7.0-py3-none-any.whl',
    );
    expect(formatSize(17951)).toBe('17.5 KiB');
  });
});

describe('the packages option', () => {
  it('takes locked names, spelled as the lock has them', () => {
    expect(parseCellSource('#| packages: objgraph\nimport gc', lock).options).toEqual({ packages: ['objgraph'] });
    expect(parseCellSource('#| packages: objgraph, pyyaml\nx', lock).options).toEqual({ packages: ['objgraph', 'PyYAML'] });
    expect(parseCellSource('#| packages: objgraph\nx').options).toEqual({ packages: ['objgraph'] });
  });

  it.each([
    [
      '#| packages: numpy\nx',
      'package "numpy" is not in packages.lock.json (locked: objgraph, PyYAML): add it there with its wheel\'s file name, size and sha256, then run npm run vendor:packages',
    ],
    [
      '#| packages: objgraph,\nx',
      '"packages" takes package names separated by commas, for example: #| packages: objgraph (not "objgraph,")',
    ],
    ['#| packages: objgraph, ObjGraph\nx', 'package "ObjGraph" is named twice in "packages"'],
  ])('refuses %j', (source, message) => {
    let error: unknown;
    try {
      parseCellSource(source, lock);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CellOptionError);
    expect((error as Error).message).toBe(message);
  });

  it('reaches the engine request and is refused on a JavaScript cell', () => {
    const parse = (text: string) => collectSteps(unified().use(remarkParse).use(remarkMdx).parse(text), text);
    const [step] = parse('```python run\n#| packages: objgraph\nimport gc\n```\n');
    expect(step && toRequest(step, 1000)).toMatchObject({ packages: ['objgraph'], code: 'import gc' });
    expect(() => parse('```js run\n#| packages: objgraph\n1\n```\n')).toThrow(
      '"packages" are Python packages for the Python engine: remove it from this JavaScript cell',
    );
  });
});
