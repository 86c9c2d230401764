/**
 * A writer's mistakes in a chapter: each stops the build (or warns, where the page still works)
 * with the file, the line and a sentence saying what to change.
 */
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { remarkCells, type ExecRequest, type PageRun, type RemarkCellsOptions } from '../../src/build/remark-cells.ts';
import { okResult } from './run-result.ts';

const FILE = 'content/docs/en/demo.mdx';

const result = okResult;

async function build(mdx: string, options: Partial<RemarkCellsOptions> = {}, results = (r: ExecRequest) => result(r.cellId)) {
  const execute = async (reqs: ExecRequest[]): Promise<PageRun> => ({ engines: { python: 'e' }, results: reqs.map(results) });
  const file = new VFile({ path: FILE, value: mdx });
  const processor = unified()
    .use(remarkParse)
    .use(remarkMdx)
    .use(remarkCells, { execute, warn: () => undefined, ...options });
  await processor.run(processor.parse(file), file);
  return file.messages.map((m) => m.reason);
}

const fails = (mdx: string, message: RegExp) => expect(build(mdx)).rejects.toThrow(message);

describe('bad MDX stops the build with file, line and what to change', () => {
  it('an unclosed fence', () =>
    fails(
      '# T\n\n```python run\nx = 1\n\nprose that would be swallowed\n',
      /demo\.mdx:3: the ```python run fence opened here is never closed.*add a line with ``` after the cell's code/,
    ));

  it('a runnable fence in an unknown language', () =>
    fails('```ruby run\nputs 1\n```', /demo\.mdx:1: runnable cell in unknown language "ruby": write ```python run or ```js run/));

  it('an option line that is not "#| name: value"', () =>
    fails('```python run\n#| hidden\nx = 1\n```', /demo\.mdx:2: cell option line "#\| hidden" is not of the form "#\| name: value"/));

  it('an unknown option, naming the known ones', () =>
    fails(
      '```python run\n#| timeotu: 5\nx = 1\n```',
      /demo\.mdx:2: unknown cell option "timeotu": use one of id, check, hidden, native, timeout, exercise, raises, packages, predict, varies/,
    ));

  it('a predict cell without its <Explain>', () =>
    fails(
      '# T\n\n```python run\n#| predict: n within 1\nn = 3\n```\n\nProse.\n',
      /demo\.mdx:3: cell "cell-1" asks the reader to predict `n` but has no explanation: add <Explain>/,
    ));

  it('a predict expression that is not a number', async () => {
    const probe = (r: ExecRequest) =>
      r.cellId.endsWith('/predict')
        ? { ...result(r.cellId), stream: [{ stream: 'stdout' as const, text: 'HEAPBOOK-NOT-A-NUMBER:str' }] }
        : result(r.cellId);
    await expect(
      build('# T\n\n```python run\n#| predict: s within 1\ns = "x"\n```\n\n<Explain>It is a str.</Explain>\n', {}, probe),
    ).rejects.toThrow(
      /demo\.mdx:3: cell "cell-1": its prediction `s` is str, not a number \(int or float; a bool does not count\)\. Write an expression that gives an int or float/,
    );
  });

  it('an option given twice', () => fails('```python run\n#| id: a\n#| id: b\nx = 1\n```', /demo\.mdx:3: cell option "id" is given twice/));

  it('a timeout that is not whole milliseconds', () =>
    fails(
      '```python run\n#| timeout: soon\nx = 1\n```',
      /demo\.mdx:2: "timeout" takes whole milliseconds from 1 to 600000, not "soon" \(for example: #\| timeout: 5000\)/,
    ));

  it('an id that is not a name', () =>
    fails('```python run\n#| id: 1st cell\nx = 1\n```', /demo\.mdx:2: cell id "1st cell" must start with a letter/));

  it('two cells with one id', () =>
    fails(
      '```python run\n#| id: same\nx = 1\n```\n\n```python run\n#| id: same\ny = 2\n```',
      /demo\.mdx:6: cell id "same" is already used by the cell at line 1: ids must be unique/,
    ));

  it('a check together with raises', () =>
    fails(
      '```python run\n#| check: x == 1\n#| raises: ValueError\nx = 1\n```',
      /demo\.mdx:2: a cell takes only one of "check", "raises" and "exercise", not check and raises: split it in two/,
    ));

  it('native on a JavaScript cell', () =>
    fails(
      '```js run\n#| native: true\n1\n```',
      /demo\.mdx:1: "native: true" measures Python cells on 64-bit CPython: remove it from this JavaScript cell/,
    ));

  it('a check that refers to a name no cell defines', () => {
    const checkError = (r: ExecRequest) =>
      result(r.cellId, {
        status: 'check-failed',
        error: { type: 'CheckError', message: "the check `totl == 3` raised NameError: name 'totl' is not defined", traceback: [] },
      });
    return expect(build('```python run\n#| check: totl == 3\ntotal = 3\n```', {}, checkError)).rejects.toThrow(
      /demo\.mdx:1: cell "cell-1": the check `totl == 3` raised NameError: name 'totl' is not defined\. The claim next to this cell no longer holds: fix the prose or the check\./,
    );
  });
});

describe('twins: the page still builds, with a warning', () => {
  const cell = '```python run\n#| id: a\nx = 1\n```';

  it('a chapter without its other-language twin', async () => {
    const warnings = await build(cell, { readTwin: async () => null });
    expect(warnings).toEqual([
      `${FILE}: this chapter has no twin at content/docs/zh-cn/demo.mdx: readers of that language get no page for it; add one with the same cells`,
    ]);
  });

  it('twins whose cells differ, naming both files, the cell and its line in each', async () => {
    const twin = '# 标题\n\n```python run\n#| id: a\nx = 2\n```';
    const warnings = await build(cell, { readTwin: async () => twin });
    expect(warnings).toEqual([
      `cell "a" at ${FILE}:1 differs from cell "a" at content/docs/zh-cn/demo.mdx:3 (code line 1: \`x = 1\` against \`x = 2\`): the twins must have the same cells, with the same code and options`,
    ]);
  });

  it('twins with the same cells and different prose pass quietly', async () => {
    expect(await build(`English prose.\n\n${cell}`, { readTwin: async () => `中文。\n\n${cell}` })).toEqual([]);
  });
});
