/**
 * What `npm run new:chapter` writes: a chapter's English and Chinese files with starter cells that
 * show each feature a chapter can use, and its entry in heapbook.config.json's chapter list. Pure:
 * names in, file texts out; every problem is an error that says what to change, raised before
 * anything is written (scripts/new-chapter.ts only writes).
 */

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class NewChapterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NewChapterError';
  }
}

export interface NewChapter {
  slug: string;
  title: string;
  /** The Chinese title; the English one stands in (and the sidebar says so) when absent. */
  zhTitle?: string;
}

/** Checks the slug and titles; returns them trimmed. */
export function checkChapter({ slug, title, zhTitle }: NewChapter): Required<NewChapter> {
  if (!SLUG.test(slug)) {
    throw new NewChapterError(
      `"${slug}" is not a chapter slug: use lowercase letters, digits and single hyphens, such as memory-pools (it becomes the file name and the URL /en/${
        slug
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'memory-pools'
      }/)`,
    );
  }
  const clean = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  if (!clean(title)) throw new NewChapterError('the chapter needs an English title: npm run new:chapter -- SLUG "Title" ["中文标题"]');
  return { slug, title: clean(title), zhTitle: clean(zhTitle) || clean(title) };
}

const fence = (lang: string, lines: string[]) => ['```' + lang + ' run', ...lines, '```'].join('\n');

/** The starter cells, identical in both languages (the twins must have the same cells). */
function cells(slug: string) {
  const id = (name: string) => `${slug}-${name}`.slice(0, 64);
  return {
    python: fence('python', [
      `#| id: ${id('list')}`,
      '#| check: grown > empty',
      'import sys',
      'empty = sys.getsizeof([])',
      'numbers = list(range(1000))',
      'grown = sys.getsizeof(numbers)',
      'empty, grown',
    ]),
    picture: fence('python', [
      `#| id: ${id('picture')}`,
      'from heapbook import deep_sizeof',
      'record = {"name": "Ada", "scores": [90, 85, 77]}',
      'deep_sizeof(record)',
    ]),
    native: fence('python', [
      `#| id: ${id('native')}`,
      '#| native: true',
      '#| check: pointer in (4, 8)',
      'import struct, sys',
      'pointer = struct.calcsize("P")',
      'pointer, sys.getsizeof([None] * 100)',
    ]),
    js: fence('js', [
      `#| id: ${id('js')}`,
      '#| check: text.length > items.length',
      'const items = Array.from({ length: 1000 }, (_, i) => i);',
      'const text = JSON.stringify(items);',
      'text.length',
    ]),
    predict: fence('python', [
      `#| id: ${id('predict')}`,
      '#| predict: sys.getsizeof(words) within 10%',
      '#| check: sys.getsizeof(words) < sum(map(sys.getsizeof, words))',
      'import sys',
      'words = ["alpha", "beta", "gamma"]',
    ]),
    exercise: fence('python', [
      `#| id: ${id('try')}`,
      '#| exercise: sys.getsizeof(pair) < sys.getsizeof([1, 2])',
      'import sys',
      'pair = [1, 2]',
      'sys.getsizeof(pair)',
    ]),
    solution: fence('python', [
      `#| id: ${id('try-solution')}`,
      '#| check: sys.getsizeof(pair) < sys.getsizeof([1, 2])',
      'import sys',
      'pair = (1, 2)',
      'sys.getsizeof(pair)',
    ]),
  };
}

export function englishChapter(chapter: Required<NewChapter>): string {
  const c = cells(chapter.slug);
  return `---
title: ${JSON.stringify(chapter.title)}
description: ${JSON.stringify(`${chapter.title}: what it costs in memory, measured cell by cell.`)}
---

import { Aside } from '@astrojs/starlight/components';

<Aside>
Starter text from \`npm run new:chapter\`. Every cell below already runs at build: replace the
prose and the cells with your own, keeping the same cells in \`content/docs/zh-cn/${chapter.slug}.mdx\`.
The reference is the chapter "Writing a chapter".
</Aside>

## A Python cell with a check

The check under \`#|\` fails the build if the claim in the prose stops holding.

${c.python}

An empty list takes \`{python} empty\` bytes here, and a list of a thousand integers
\`{python} grown\`: the inline figures are measured at build, never typed.

## A helper's picture

${c.picture}

## The 64-bit figure, measured

This engine is wasm32. With \`#| native: true\` the same cell also runs on the build machine's
64-bit CPython, and its figures show below the engine's, labelled with its version.

${c.native}

Here a pointer takes \`{python} pointer\` bytes; the 64-bit figures above are measured, not derived.

## A JavaScript cell

${c.js}

A thousand numbers as JSON take \`{js} text.length\` characters.

## Predict, then measure

How many bytes does \`sys.getsizeof\` report for a list of three short strings? Type a number
before you run the cell; the page then compares it with the measurement.

${c.predict}

<Explain>
\`{python} sys.getsizeof(words)\` bytes: \`sys.getsizeof\` counts the list and its array of
pointers, not the strings the pointers lead to.
</Explain>

## Try it

Make \`pair\` smaller than a two-item list without losing either item.

${c.exercise}

<details>
<summary>Solution</summary>

${c.solution}

</details>
`;
}

export function chineseChapter(chapter: Required<NewChapter>): string {
  const c = cells(chapter.slug);
  return `---
title: ${JSON.stringify(chapter.zhTitle)}
description: ${JSON.stringify(`${chapter.zhTitle}：逐个单元格实测它的内存开销。`)}
---

import { Aside } from '@astrojs/starlight/components';

<Aside>
这是 \`npm run new:chapter\` 生成的起始内容。下面的每个单元格在构建时都已经能运行：把文字和单元格换成你自己的，
并让 \`content/docs/en/${chapter.slug}.mdx\` 保持相同的单元格。完整说明见“编写章节”一章。
</Aside>

## 带检查的 Python 单元格

\`#|\` 下的检查会在正文的结论不再成立时让构建失败。

${c.python}

在这里，一个空列表占 \`{python} empty\` 字节，一千个整数的列表占 \`{python} grown\` 字节：行内数字都是构建时测出来的，而不是手写的。

## 辅助函数的图

${c.picture}

## 实测的 64 位数字

本引擎是 wasm32。加上 \`#| native: true\` 后，同一个单元格还会在构建机器的 64 位 CPython 上运行，结果显示在引擎结果下方，并标明其版本。

${c.native}

在这里一个指针占 \`{python} pointer\` 字节；上面的 64 位数字是实测的，不是推算的。

## JavaScript 单元格

${c.js}

一千个数字转成 JSON 后共有 \`{js} text.length\` 个字符。

## 先预测，再测量

\`sys.getsizeof\` 会说一个装着三个短字符串的列表占多少字节？运行之前先填一个数字，页面随后会把它和实测值对比。

${c.predict}

<Explain>
\`{python} sys.getsizeof(words)\` 字节：\`sys.getsizeof\` 只计算列表本身和它的指针数组，不包括指针所指向的那些字符串。
</Explain>

## 动手试试

在不丢掉任何一项的前提下，让 \`pair\` 比两项的列表更小。

${c.exercise}

<details>
<summary>参考答案</summary>

${c.solution}

</details>
`;
}

/** A JSON value on one line, spaced as heapbook.config.json writes its chapters. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** The configuration as the file writes it: one field a line, one chapter a line. */
export function formatConfig(config: Record<string, unknown>): string {
  const lines = Object.entries(config).map(([key, value]) => {
    if (key === 'chapters' && Array.isArray(value)) {
      return `  "chapters": [\n${value.map((c) => `    ${inline(c)}`).join(',\n')}\n  ]`;
    }
    return `  ${JSON.stringify(key)}: ${inline(value)}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

interface ConfigChapter {
  slug: string;
  label: Record<string, string>;
}

/**
 * heapbook.config.json's text with the chapter added to `chapters`: after the chapter `after`
 * when given, else at the end.
 */
export function addToConfig(text: string, chapter: Required<NewChapter>, after?: string): string {
  let config: { chapters?: ConfigChapter[] } & Record<string, unknown>;
  try {
    config = JSON.parse(text) as typeof config;
  } catch (err) {
    throw new NewChapterError(`heapbook.config.json is not valid JSON (${(err as Error).message}): fix it first`);
  }
  const chapters = config.chapters;
  if (!Array.isArray(chapters)) throw new NewChapterError('heapbook.config.json has no "chapters" list: add "chapters": [] first');
  if (chapters.some((c) => c.slug === chapter.slug)) {
    throw new NewChapterError(
      `heapbook.config.json already lists a chapter "${chapter.slug}": choose another slug, or remove that entry first`,
    );
  }
  const entry: ConfigChapter = { slug: chapter.slug, label: { en: chapter.title, 'zh-CN': chapter.zhTitle } };
  const at = after === undefined ? chapters.length : chapters.findIndex((c) => c.slug === after) + 1;
  if (at === 0) throw new NewChapterError(`heapbook.config.json lists no chapter "${after}" to put "${chapter.slug}" after`);
  chapters.splice(at, 0, entry);
  return formatConfig(config);
}

/** Everything new:chapter writes, by path from the repository root. */
export function scaffold(input: NewChapter, configText: string, after?: string): Record<string, string> {
  const chapter = checkChapter(input);
  return {
    [`content/docs/en/${chapter.slug}.mdx`]: englishChapter(chapter),
    [`content/docs/zh-cn/${chapter.slug}.mdx`]: chineseChapter(chapter),
    'heapbook.config.json': addToConfig(configText, chapter, after),
  };
}
