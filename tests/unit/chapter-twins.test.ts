import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { compareTwins, twinPath } from '../../src/build/chapter-twins.ts';
import { collectSteps } from '../../src/build/collect-cells.ts';

const steps = (mdx: string) => collectSteps(unified().use(remarkParse).use(remarkMdx).parse(mdx), mdx);
const paths = { mine: 'content/docs/en/demo.mdx', twin: 'content/docs/zh-cn/demo.mdx' };
const EN = 'Prose.\n\n```python run\n#| id: a\nx = 1\n```\n\nMore.\n\n```python run\n#| id: b\ny = x + 1\nprint(y)\n```\n';

describe('twins', () => {
  it('maps a chapter to its other-language file', () => {
    expect(twinPath('/r/content/docs/en/gc.mdx')).toBe('/r/content/docs/zh-cn/gc.mdx');
    expect(twinPath('/r/content/docs/zh-cn/gc.mdx')).toBe('/r/content/docs/en/gc.mdx');
    expect(twinPath('/r/README.md')).toBeNull();
  });

  it('is quiet when only the prose differs', () => {
    expect(compareTwins(steps(EN), steps(EN.replace('Prose.', '中文。\n\n多一段。')), paths)).toBeNull();
  });

  it('names both files and the first differing cell with its line in each', () => {
    const zh = '中文。\n\n更多。\n\n```python run\n#| id: a\nx = 1\n```\n\n```python run\n#| id: b\ny = x + 2\nprint(y)\n```\n';
    expect(compareTwins(steps(EN), steps(zh), paths)).toBe(
      'cell "b" at content/docs/en/demo.mdx:10 differs from cell "b" at content/docs/zh-cn/demo.mdx:10 (code line 1: `y = x + 1` against `y = x + 2`): the twins must have the same cells, with the same code and options',
    );
    const options = EN.replace('#| id: b', '#| id: b\n#| check: y == 2');
    expect(compareTwins(steps(options), steps(EN), paths)).toBe(
      'cell "b" at content/docs/en/demo.mdx:10 differs from cell "b" at content/docs/zh-cn/demo.mdx:10 (options {"id":"b","check":"y == 2"} against {"id":"b"}): the twins must have the same cells, with the same code and options',
    );
  });

  it('names the first cell without a counterpart, on either side', () => {
    const one = 'Only.\n\n```python run\n#| id: a\nx = 1\n```\n';
    expect(compareTwins(steps(EN), steps(one), paths)).toBe(
      'cell "b" at content/docs/en/demo.mdx:10 has no counterpart in content/docs/zh-cn/demo.mdx, which has 1 cells against 2: the twins must have the same cells',
    );
    expect(compareTwins(steps(one), steps(EN), paths)).toBe(
      'content/docs/zh-cn/demo.mdx has 1 more cells than content/docs/en/demo.mdx (2 against 1), from cell "b" at content/docs/zh-cn/demo.mdx:10: the twins must have the same cells',
    );
  });
});
