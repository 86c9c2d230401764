/**
 * A chapter made by `npm run new:chapter` builds at once: its cells run on the real engines and
 * every check, figure and exercise keeps its promise, in both languages.
 */
import { readFileSync } from 'node:fs';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { executeSteps } from '../../src/build/execute-steps.ts';
import { withoutFrontmatter } from '../../src/build/chapter-source.ts';
import { collectSteps } from '../../src/build/collect-cells.ts';
import { judgeResult } from '../../src/build/judge-result.ts';
import { scaffold } from '../../src/build/new-chapter.ts';
import { toRequest } from '../../src/build/remark-cells.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const files = scaffold(
  { slug: 'starter-check', title: 'Starter check', zhTitle: '起始检查' },
  readFileSync(`${ROOT}heapbook.config.json`, 'utf8'),
);

describe('the scaffolded chapter', () => {
  for (const lang of ['en', 'zh-cn']) {
    it(`runs clean in ${lang}`, async () => {
      const source = withoutFrontmatter(files[`content/docs/${lang}/starter-check.mdx`]!);
      const steps = collectSteps(unified().use(remarkParse).use(remarkMdx).parse(source), source);
      const run = await executeSteps(
        steps.map((s) => toRequest(s, 60_000)),
        { cacheDir: `${ROOT}.heapbook-cache` },
      );
      expect(steps.map((s, i) => judgeResult(s, run.results[i]!)).filter(Boolean)).toEqual([]);
      const figures = steps.flatMap((s, i) => (s.kind === 'inline' ? [run.results[i]!.stream.map((c) => c.text).join('')] : []));
      expect(figures.map(Number).every((n) => Number.isInteger(n) && n > 0)).toBe(true);
    }, 120_000);
  }
});
