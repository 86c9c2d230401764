/** Turning a JavaScript cell into a script that shares the page's scope. */
import { describe, expect, it } from 'vitest';
import { cellStack, prepareCell } from '../../engine/js/cell-source.ts';

function script(code: string): string {
  const prepared = prepareCell(code, 'demo');
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.script;
}

describe('prepareCell', () => {
  it('turns top-level declarations into shared globals, keeping every line where it was', () => {
    expect(script('let a = 1, b\nconst { c } = { c: 3 }\nclass K {}\nfunction f() { return a }\n(f())')).toMatchInlineSnapshot(`
      "(async () => {globalThis.f = f;;(a = 1, b = undefined)
      ;({ c } = { c: 3 })
      ;K = class K {}
      function f() { return a }
      return ((f()))
      })()
      //# sourceURL=heapbook-cell-demo.js"
    `);
  });

  it('leaves declarations inside blocks and loops alone and returns nothing without a final expression', () => {
    const out = script('for (let i = 0; i < 2; i++) { const x = i }\nif (true) { let y = 1 }');
    expect(out).toContain('for (let i = 0; i < 2; i++) { const x = i }');
    expect(out).toContain('if (true) { let y = 1 }');
    expect(out).not.toContain('return');
  });

  it('reports a syntax error with the line, the column and a caret, and how to import modules', () => {
    const broken = prepareCell('let ok = 1\nlet bad = (', 'demo');
    expect(broken).toEqual({
      ok: false,
      error: {
        type: 'SyntaxError',
        message: 'Unexpected token',
        traceback: ['SyntaxError: Unexpected token', '    at cell demo, line 2:12', '    let bad = (', '               ^'],
      },
    });
    const imported = prepareCell('import fs from "node:fs"', 'demo');
    expect(!imported.ok && imported.error.message).toMatch(/load modules with `await import\(\.\.\.\)` in a cell/);
  });

  it("keeps only the reader's frames of a stack, by line", () => {
    const stack = [
      'Error: boom',
      '    at g (heapbook-cell-demo.js:2:9)',
      '    at eval (heapbook-cell-demo.js:1:40)',
      '    at eval (heapbook-cell-demo.js:5:3)',
      '    at JsRuntime.run (file:///work/engine/js/runtime.ts:120:5)',
    ].join('\n');
    const frames = cellStack(stack, (file) => (file === 'heapbook-cell-demo.js' ? { cellId: 'demo', lines: 4 } : undefined));
    expect(frames).toEqual(['    at g (cell demo:2)', '    at cell demo:1']);
  });
});
