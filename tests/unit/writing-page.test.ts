/**
 * The "Writing a chapter" page quotes the tools' messages; each quote is produced here from the
 * input the page shows, so a changed message fails this test until the page is updated. (The
 * page's runnable examples are verified by the build itself.)
 */
import { readFileSync } from 'node:fs';
import { docsSchema } from '@astrojs/starlight/schema';
import { z } from 'astro/zod';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { compareTwins } from '../../src/build/chapter-twins.ts';
import { collectSteps } from '../../src/build/collect-cells.ts';
import { chapterFrontmatter } from '../../src/build/frontmatter-schema.ts';
import { judgeResult } from '../../src/build/judge-result.ts';
import { scaffold } from '../../src/build/new-chapter.ts';
import { okResult } from './run-result.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
// Table cells escape "|" as "\|"; the reader sees "|".
const pages = ['en', 'zh-cn'].map(
  (lang) => [lang, readFileSync(`${ROOT}content/docs/${lang}/writing.mdx`, 'utf8').replaceAll('\\|', '|')] as const,
);
const parse = (mdx: string) => unified().use(remarkParse).use(remarkMdx).parse(mdx);

function messageOf(mdx: string): string {
  try {
    collectSteps(parse(mdx), mdx);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`no error for ${mdx}`);
}

const cell = (options: string, code = 'n = 3', lang = 'python') => `\`\`\`${lang} run\n${options}\n${code}\n\`\`\``;
const CASES = [
  cell('#| check n == 3'),
  cell('#| checks: n == 3'),
  cell('#| id: a\n#| id: a'),
  cell('#| id: 3rd'),
  cell('#| check:'),
  cell('#| hidden: yes'),
  cell('#| timeout: 5s'),
  cell('#| exercise:'),
  cell('#| raises: division by zero'),
  cell('#| packages: numpyy'),
  cell('#| packages: objgraph, objgraph'),
  cell('#| packages: objgraph,'),
  cell('#| check: n == 3\n#| raises: ValueError'),
  '```ruby run\nn = 3\n```',
  cell('#| native: true', 'const n = 3;', 'js'),
  cell('#| left-behind: true', 'const n = 3;', 'js'),
  cell('#| packages: objgraph', 'const n = 3;', 'js'),
  `${cell('#| id: a')}\n\n${cell('#| id: a', 'n = 4')}`,
  'Text.\n\n```python run\nn = 3\n\nMore text.',
];

describe.each(pages)('writing.mdx (%s) quotes the messages exactly', (_lang, page) => {
  it.each(CASES.map((mdx) => [messageOf(mdx)]))('%s', (message) => {
    expect(page).toContain(message);
  });

  it('quotes new:chapter, the frontmatter schema and the twin warning', () => {
    const config = readFileSync(`${ROOT}heapbook.config.json`, 'utf8');
    for (const input of [
      { slug: 'gc', title: 'T' },
      { slug: 'Memory Pools', title: 'T' },
    ]) {
      let said = '';
      try {
        scaffold(input, config);
      } catch (err) {
        said = `new:chapter: ${(err as Error).message}\nNothing was changed.`;
      }
      expect(page).toContain(said);
    }
    const schema = docsSchema({ extend: chapterFrontmatter })({ image: () => z.string() } as never);
    const issues = (data: object) => schema.safeParse(data).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(page).toContain(issues({ title: 'Using this book', description: '', sidebar: { order: '1' } }).join('\n  '));
    expect(page).toContain(schema.safeParse({ description: 'd' }).error?.issues[0]?.message);
    const en = 'Prose.\n\n```python run\n#| id: a\nx = 1\n```\n\nMore.\n\n```python run\n#| id: b\ny = x + 1\nprint(y)\n```\n';
    const zh = '中文。\n\n更多。\n\n```python run\n#| id: a\nx = 1\n```\n\n```python run\n#| id: b\ny = x + 2\nprint(y)\n```\n';
    expect(page).toContain(
      compareTwins(collectSteps(parse(en)), collectSteps(parse(zh)), {
        mine: 'content/docs/en/demo.mdx',
        twin: 'content/docs/zh-cn/demo.mdx',
      }),
    );
  });

  it("quotes the judge's fixed sentences", () => {
    const [step] = collectSteps(parse(cell('#| id: x\n#| raises: ZeroDivisionError')));
    expect(page).toContain(judgeResult(step!, okResult('x')));
    const [exercise] = collectSteps(parse(cell('#| id: x\n#| exercise: n == 3')));
    const solved = judgeResult(exercise!, okResult('x', { status: 'check-failed' }))!;
    expect(page).toContain(solved.slice(solved.indexOf('so a reader')));
    const [slow] = collectSteps(parse(cell('#| id: x')));
    const timeout = judgeResult(slow!, okResult('x', { status: 'timeout', notice: 'stopped' }))!;
    expect(page).toContain(timeout.slice(timeout.indexOf('Make it faster')));
  });
});
