import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { collectSteps } from '../../src/build/collect-cells.ts';
import { pageRequests, remarkCells, type ExecRequest, type PageRun, type RemarkCellsOptions } from '../../src/build/remark-cells.ts';
import { h } from '../../src/shared/view-node.ts';
import type { RunResult } from '../../engine/protocol.ts';
import { okResult } from './run-result.ts';

const parse = (mdx: string) => unified().use(remarkParse).use(remarkMdx).parse(mdx);

const ok = okResult;

/** Runs the plugin with results given per step; returns the requests it made, the tree and the warnings. */
async function transform(
  mdx: string,
  results: (req: ExecRequest) => RunResult,
  extra: { native?: PageRun['native']; drawValue?: RemarkCellsOptions['drawValue'] } = {},
) {
  const requests: ExecRequest[] = [];
  const execute = async (reqs: ExecRequest[]): Promise<PageRun> => {
    requests.push(...reqs);
    const run: PageRun = { engines: { python: 'test engine', javascript: 'test js engine' }, results: reqs.map(results) };
    if (extra.native) run.native = extra.native;
    return run;
  };
  const file = new VFile({ path: 'content/docs/en/demo.mdx', value: mdx });
  const options: RemarkCellsOptions = { execute, warn: () => undefined };
  if (extra.drawValue) options.drawValue = extra.drawValue;
  const processor = unified().use(remarkParse).use(remarkMdx).use(remarkCells, options);
  const tree = await processor.run(processor.parse(file), file);
  return { requests, tree: JSON.stringify(tree), warnings: file.messages.map((m) => m.reason) };
}

const CELLS = `# Demo

\`\`\`python
not_run = True
\`\`\`

\`\`\`python run
#| id: first
#| check: x == 1
x = 1
\`\`\`

Here \`{python} x + 1\` is measured, and \`plain code\` is not.

\`\`\`py run
x
\`\`\`
`;

describe('collectSteps', () => {
  it('finds runnable cells and inline measurements in document order', () => {
    const steps = collectSteps(parse(CELLS));
    expect(steps.map((s) => [s.kind, s.id, s.line])).toEqual([
      ['cell', 'first', 7],
      ['inline', 'inline-1', 13],
      ['cell', 'cell-2', 15],
    ]);
    const first = steps[0];
    expect(first?.kind === 'cell' && first.code).toBe('x = 1');
    expect(steps[1]?.kind === 'inline' && steps[1].expr).toBe('x + 1');
  });

  it.each([
    ['```ruby run\nputs 1\n```', 1, /unknown language "ruby": write ```python run/],
    ['text\n\n```python run\n#| timeout: later\nx\n```', 4, /"timeout" takes whole milliseconds/],
    ['```python run\n#| id: a\n```\n\n```python run\n#| id: a\n```', 5, /cell id "a" is already used by the cell at line 1/],
  ])('reports writer mistakes with their line: %j', (mdx, line, message) => {
    expect(() => collectSteps(parse(mdx))).toThrowError(message);
    try {
      collectSteps(parse(mdx));
    } catch (err) {
      expect((err as { line: number }).line).toBe(line);
    }
  });
});

describe('remarkCells', () => {
  it('sends each step to the engine with its options, and bakes outputs as text', async () => {
    const { requests, tree } = await transform(CELLS, (req) =>
      req.cellId === 'inline-1'
        ? ok(req.cellId, { stream: [{ stream: 'stdout', text: '2' }] })
        : ok(req.cellId, { stream: [{ stream: 'stdout', text: '<script>alert(1)</script>\n' }] }),
    );
    expect(requests).toEqual([
      { cellId: 'first', lang: 'python', code: 'x = 1', check: 'x == 1', timeoutMs: 60000 },
      { cellId: 'inline-1', lang: 'python', code: 'print(x + 1, end="")', timeoutMs: 60000 },
      { cellId: 'cell-2', lang: 'python', code: 'x', timeoutMs: 60000 },
      // Then the same steps again, shown Python cells reading their lines for the gutter, inline figures not.
      { cellId: 'first', lang: 'python', code: 'x = 1', check: 'x == 1', timeoutMs: 60000, lines: true },
      { cellId: 'inline-1', lang: 'python', code: 'print(x + 1, end="")', timeoutMs: 60000 },
      { cellId: 'cell-2', lang: 'python', code: 'x', timeoutMs: 60000, lines: true },
    ]);
    expect(tree).toContain('"name":"heapbook-cell"');
    expect(tree).toContain('"name":"data-source","value":"x = 1"');
    // Printed markup stays a text node.
    expect(tree).toContain('{"type":"heapbookExactText","value":"<script>alert(1)</script>\\n"}');
    expect(tree).toContain('"name":"title","value":"measured at build: x + 1"}],"children":[{"type":"heapbookExactText","value":"2"}]');
    expect(tree).toContain('measured at build, test engine');
  });

  it('fails the build with file, line and what to change when a cell raises', async () => {
    const raising = (req: ExecRequest) =>
      ok(req.cellId, {
        status: 'error',
        error: { type: 'NameError', message: "name 'y' is not defined", traceback: ['Traceback', "NameError: name 'y' is not defined"] },
      });
    await expect(transform('```python run\n#| id: bad\ny\n```', raising)).rejects.toThrow(
      /content\/docs\/en\/demo.mdx:1: cell "bad" raised NameError: name 'y' is not defined[\s\S]*add "#\| raises: NameError"/,
    );
  });

  it('fails when a check is false, and accepts an expected exception', async () => {
    const failed = (req: ExecRequest) =>
      ok(req.cellId, { status: 'check-failed', error: { type: 'CheckFailed', message: 'the check `x == 2` is false', traceback: [] } });
    await expect(transform('```python run\n#| check: x == 2\nx = 1\n```', failed)).rejects.toThrow(
      /demo.mdx:1: cell "cell-1": the check `x == 2` is false. The claim next to this cell no longer holds/,
    );
    const zero = (req: ExecRequest) =>
      ok(req.cellId, { status: 'error', error: { type: 'ZeroDivisionError', message: 'division by zero', traceback: [] } });
    await expect(transform('```python run\n#| raises: ZeroDivisionError\n1/0\n```', zero)).resolves.toBeTruthy();
    await expect(transform('```python run\n#| raises: KeyError\n1/0\n```', zero)).rejects.toThrow(
      /should raise KeyError \(#\| raises\) but raised ZeroDivisionError/,
    );
  });

  it("runs an exercise's starter with a check that it is still unsolved, and fails the build when it is not", async () => {
    const py = '```python run\n#| id: task\n#| exercise: answer == 42\nanswer = None\n```';
    const js = '```js run\n#| id: task\n#| exercise: answer === 42\nlet answer = 0;\n```';
    const { requests } = await transform(py, (r) => ok(r.cellId));
    expect(requests[0]?.check).toBe('not (answer == 42)');
    const { requests: jsRequests } = await transform(js, (r) => ok(r.cellId));
    expect(jsRequests[0]?.check).toBe('!(answer === 42)');
    const solved = (req: ExecRequest) =>
      ok(req.cellId, { status: 'check-failed', error: { type: 'CheckFailed', message: 'the check is false', traceback: [] } });
    await expect(transform(py, solved)).rejects.toThrow(
      /demo.mdx:1: cell "task": the untouched starter already satisfies its exercise `answer == 42`, so a reader would see "solved" before changing anything/,
    );
  });

  it('fails with the option line when an option is malformed', async () => {
    await expect(transform('intro\n\n```python run\n#| hidden: maybe\nx\n```', (r) => ok(r.cellId))).rejects.toThrow(
      /demo.mdx:4: "hidden" takes true or false, not "maybe"/,
    );
  });

  it('bakes drawn values, and the 64-bit companion of a cell marked native', async () => {
    const cell = '```python run\n#| native: true\nsizeof([])\n```';
    const withValue = (req: ExecRequest) => ok(req.cellId, { value: { 'text/plain': '56' } });
    const drawValue = async () => h('table', { class: 'drawn' });
    const native = { platform: 'CPython 3.11.2, x86_64 (64-bit, Linux)', results: [withValue({ cellId: 'cell-1' } as ExecRequest)] };
    const { requests, tree, warnings } = await transform(cell, withValue, { native, drawValue });
    expect(requests[0]?.native).toBe(true);
    expect(warnings).toEqual([]);
    expect(tree.match(/"name":"table"/g)).toHaveLength(2);
    expect(tree).toContain('The same cell on CPython 3.11.2, x86_64 (64-bit, Linux), measured when this page was built.');
    expect(tree).toContain('measured at build on CPython 3.11.2, x86_64 (64-bit, Linux)');
  });

  it('labels the 64-bit companion in the language of the chapter', async () => {
    const native = { platform: 'CPython 3.11.2', results: [ok('cell-1')] };
    const file = new VFile({ path: 'content/docs/zh-cn/demo.mdx', value: '```python run\n#| native: true\n1\n```' });
    const execute = async (reqs: ExecRequest[]): Promise<PageRun> => ({
      engines: { python: 'e' },
      results: reqs.map((r) => ok(r.cellId)),
      native,
    });
    const processor = unified().use(remarkParse).use(remarkMdx).use(remarkCells, { execute });
    const tree = JSON.stringify(await processor.run(processor.parse(file), file));
    expect(tree).toContain('同一个单元格在 CPython 3.11.2 上的结果，于构建本页时测得。');
  });

  it('warns with the line and leaves the 64-bit figures out when the native run is missing or failed', async () => {
    const cell = 'x\n\n```python run\n#| native: true\nimport js\n```';
    const unavailable = await transform(cell, (r) => ok(r.cellId), { native: { unavailable: 'cannot start "python3"' } });
    expect(unavailable.warnings).toEqual(['content/docs/en/demo.mdx:3: 64-bit figures left out: cannot start "python3"']);
    expect(unavailable.tree).not.toContain('hb-native');
    const failed = ok('cell-1', {
      status: 'error',
      error: { type: 'ModuleNotFoundError', message: "No module named 'js'", traceback: [] },
    });
    const broken = await transform(cell, (r) => ok(r.cellId), { native: { platform: 'CPython 3.11.2', results: [failed] } });
    expect(broken.warnings).toEqual([
      "content/docs/en/demo.mdx:3: 64-bit figures left out: on CPython 3.11.2 the cell ended with ModuleNotFoundError: No module named 'js'",
    ]);
  });

  it('sends JavaScript cells and inline {js} figures to the JavaScript engine, labelled as such', async () => {
    const mdx = '```js run\nconst n = 2\n```\n\nHere `{js} n * 21` is measured.\n\n```javascript run\nn\n```';
    const { requests, tree } = await transform(mdx, (req) => ok(req.cellId));
    expect(requests).toEqual([
      { cellId: 'cell-1', lang: 'javascript', code: 'const n = 2', timeoutMs: 60000 },
      { cellId: 'inline-1', lang: 'javascript', code: 'heapbook.write(String(n * 21))', timeoutMs: 60000 },
      { cellId: 'cell-2', lang: 'javascript', code: 'n', timeoutMs: 60000 },
    ]);
    expect(tree).toContain('"name":"data-lang","value":"javascript"');
    expect(tree).toContain('measured at build, test js engine');
  });

  it('names the known languages when a runnable fence has another', async () => {
    await expect(transform('```ruby run\nputs 1\n```', (r) => ok(r.cellId))).rejects.toThrow(
      /demo.mdx:1: runnable cell in unknown language "ruby": write ```python run or ```js run \(known: python, py, js, javascript\)/,
    );
  });
});

describe('remarkCells: the memory gutter and left behind', () => {
  it('bakes the gutter beside the code and the disclosures after the metrics line', async () => {
    const requests: ExecRequest[] = [];
    const source = '```python run\n#| id: keep\n#| left-behind: true\na = 1\nkeep = bytearray(10)\n```\n';
    const tree = unified().use(remarkParse).use(remarkMdx).parse(source);
    await remarkCells({
      execute: async (reqs) => {
        requests.push(...reqs);
        return {
          engines: { python: 'test' },
          results: reqs.map((r) => ({
            cellId: r.cellId,
            status: 'ok' as const,
            stream: [],
            value: null,
            error: null,
            metrics: {
              wallMs: 1,
              tracedNetBytes: 1100,
              tracedPeakBytes: 1100,
              gcPasses: 0,
              gcCollected: 0,
              wasmMemoryBytes: null,
              notes: [],
            },
            notice: null,
            lines: { lines: [[2, 1090, 1]] as [number, number, number][], total: 1090 },
            leftBehind: { 'text/plain': 'left_behind(): 1 object' },
          })),
        };
      },
      summary: () => {},
    })(tree, new VFile({ path: '/book/content/docs/en/x.mdx', value: source }));
    // Outputs come from a run without readings; the gutter from a second run that reads the lines.
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ cellId: 'keep', leftBehind: true });
    expect(requests[0]?.lines).toBeUndefined();
    expect(requests[1]).toMatchObject({ cellId: 'keep', lines: true, leftBehind: true });
    const html = JSON.stringify(tree);
    expect(html).toContain('"hb-code-row"');
    expect(html).toContain('"hb-gl hb-heat-4"');
    expect(html).toContain('"data-left-behind"');
    expect(html).toContain('Memory by line: the lines still hold 1.06 KiB (net +1.07 KiB)');
    expect(html).toContain('"hb-left-behind"');
  });
});

describe('pageRequests', () => {
  const cell = (code: string) => '```python run\n' + code + '\n```';
  const steps = (mdx: string) => collectSteps(unified().use(remarkParse).use(remarkMdx).parse(mdx), mdx);
  // Twins: the same cells and figures, the Chinese prose naming the figures in another order.
  const en = [cell('a = 1\nb = 2'), 'Here `{python} a` and then `{python} b`, and `{js} 1`.', cell('c = a + b'), 'So `{python} c`.'].join(
    '\n\n',
  );
  const zh = [cell('a = 1\nb = 2'), '先是 `{python} b`，`{js} 1`，再是 `{python} a`。', cell('c = a + b'), '所以 `{python} c`。'].join(
    '\n\n',
  );

  it('asks the figures between two cells in one order, so twins whose prose orders them otherwise ask the same', () => {
    const english = pageRequests(steps(en), 60_000);
    const chinese = pageRequests(steps(zh), 60_000);
    expect(chinese.requests).toEqual(english.requests);
    expect(english.requests.map((r) => [r.cellId, r.code])).toEqual([
      ['cell-1', 'a = 1\nb = 2'],
      ['inline-1', 'heapbook.write(String(1))'],
      ['inline-2', 'print(a, end="")'],
      ['inline-3', 'print(b, end="")'],
      ['cell-2', 'c = a + b'],
      ['inline-4', 'print(c, end="")'],
    ]);
  });

  it("maps each figure to its own expression's request", () => {
    for (const mdx of [en, zh]) {
      const found = steps(mdx);
      const { requests, at } = pageRequests(found, 60_000);
      expect(at).toHaveLength(found.length);
      for (const [n, step] of found.entries()) {
        const request = requests[at[n]!]!;
        if (step.kind === 'inline') expect(request.code).toContain(`(${step.expr}`);
        else expect(request.cellId).toBe(step.id);
      }
    }
  });
});
