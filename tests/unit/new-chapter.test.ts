import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { docsSchema } from '@astrojs/starlight/schema';
import { z } from 'astro/zod';
import yaml from 'js-yaml';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../src/build/site-config.ts';
import { withoutFrontmatter } from '../../src/build/chapter-source.ts';
import { compareTwins } from '../../src/build/chapter-twins.ts';
import { collectSteps } from '../../src/build/collect-cells.ts';
import { chapterFrontmatter } from '../../src/build/frontmatter-schema.ts';
import { addToConfig, formatConfig, scaffold } from '../../src/build/new-chapter.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CONFIG = readFileSync(`${ROOT}heapbook.config.json`, 'utf8');
const schema = docsSchema({ extend: chapterFrontmatter })({ image: () => z.string() } as never);
const steps = (text: string) => {
  const source = withoutFrontmatter(text);
  return collectSteps(unified().use(remarkParse).use(remarkMdx).parse(source), source);
};
const frontmatter = (text: string) => yaml.load(/^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '') as Record<string, unknown>;

describe('scaffold (pure)', () => {
  const files = scaffold({ slug: 'memory-pools', title: 'Memory pools: arenas', zhTitle: '内存池' }, CONFIG);
  const en = files['content/docs/en/memory-pools.mdx']!;
  const zh = files['content/docs/zh-cn/memory-pools.mdx']!;

  it('writes both languages with valid frontmatter, even with a colon in the title', () => {
    expect(Object.keys(files)).toEqual(['content/docs/en/memory-pools.mdx', 'content/docs/zh-cn/memory-pools.mdx', 'heapbook.config.json']);
    expect(schema.parse(frontmatter(en))).toMatchObject({
      title: 'Memory pools: arenas',
      description: 'Memory pools: arenas: what it costs in memory, measured cell by cell.',
    });
    expect(schema.parse(frontmatter(zh))).toMatchObject({ title: '内存池' });
  });

  it('gives both languages the same cells, one of each feature', () => {
    const a = steps(en);
    expect(compareTwins(a, steps(zh), { mine: 'en', twin: 'zh' })).toBeNull();
    const cells = a.filter((s) => s.kind === 'cell');
    expect(cells.map((s) => s.lang)).toContain('javascript');
    expect(cells.filter((s) => s.options.check)).toHaveLength(5);
    expect(cells.filter((s) => s.options.exercise)).toHaveLength(1);
    expect(cells.filter((s) => s.options.predict)).toHaveLength(1);
    expect(cells.filter((s) => s.options.native)).toHaveLength(1);
    expect(cells.some((s) => s.code.includes('from heapbook import'))).toBe(true);
    expect(a.filter((s) => s.kind === 'inline').map((s) => s.lang)).toEqual(['python', 'python', 'python', 'javascript', 'python']);
    expect(steps(zh).filter((s) => s.kind === 'inline')).toHaveLength(5);
  });

  it('adds the chapter to the list, keeping the file one chapter a line, and the list stays valid', () => {
    expect(formatConfig(JSON.parse(CONFIG) as Record<string, unknown>)).toBe(CONFIG);
    const config = files['heapbook.config.json']!;
    expect(
      config
        .split('\n')
        .filter((l) => l.includes('"slug"'))
        .at(-1),
    ).toBe('    { "slug": "memory-pools", "label": { "en": "Memory pools: arenas", "zh-CN": "内存池" } }');
    expect(parseSiteConfig(config, () => true).chapters.at(-1)).toEqual({
      slug: 'memory-pools',
      label: { en: 'Memory pools: arenas', 'zh-CN': '内存池' },
    });
    const afterIntro = addToConfig(CONFIG, { slug: 'style-guide', title: 'Style guide', zhTitle: '风格指南' }, 'intro');
    expect(
      parseSiteConfig(afterIntro, () => true)
        .chapters.map((c) => c.slug)
        .slice(0, 3),
    ).toEqual(['intro', 'style-guide', 'writing']);
  });

  it('uses the English title for Chinese when none is given', () => {
    const f = scaffold({ slug: 'x1', title: 'Pools' }, CONFIG);
    expect(frontmatter(f['content/docs/zh-cn/x1.mdx']!).title).toBe('Pools');
  });

  it('refuses a bad slug, a listed slug and a missing title, saying what to change', () => {
    expect(() => scaffold({ slug: 'Memory Pools', title: 'T' }, CONFIG)).toThrow(
      '"Memory Pools" is not a chapter slug: use lowercase letters, digits and single hyphens, such as memory-pools (it becomes the file name and the URL /en/memory-pools/)',
    );
    expect(() => scaffold({ slug: 'gc', title: 'T' }, CONFIG)).toThrow(
      'heapbook.config.json already lists a chapter "gc": choose another slug, or remove that entry first',
    );
    expect(() => scaffold({ slug: 'ok', title: '  ' }, CONFIG)).toThrow('the chapter needs an English title');
  });
});

describe('npm run new:chapter (the script, in a copy of the repository)', () => {
  const root = mkdtempSync(`${tmpdir()}/heapbook-new-chapter-`);
  cpSync(`${ROOT}heapbook.config.json`, `${root}/heapbook.config.json`);
  cpSync(`${ROOT}content`, `${root}/content`, { recursive: true });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        [`${ROOT}scripts/new-chapter.ts`, ...args],
        { env: { ...process.env, HEAPBOOK_ROOT: root } },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, out: stdout + stderr }),
      );
    });
  const snapshot = () => {
    const hash = createHash('sha256');
    for (const dir of ['content/docs/en', 'content/docs/zh-cn']) {
      for (const f of readdirSync(`${root}/${dir}`).sort()) hash.update(f).update(readFileSync(`${root}/${dir}/${f}`));
    }
    return hash.update(readFileSync(`${root}/heapbook.config.json`)).digest('hex');
  };

  it('creates both files and the list entry, then refuses to run twice or on a bad slug, changing nothing', async () => {
    const first = await run('memory-pools', 'Memory pools', '内存池');
    expect(first.out).toContain('Created content/docs/en/memory-pools.mdx and content/docs/zh-cn/memory-pools.mdx');
    expect(first.code).toBe(0);
    expect(existsSync(`${root}/content/docs/en/memory-pools.mdx`) && existsSync(`${root}/content/docs/zh-cn/memory-pools.mdx`)).toBe(true);
    expect(readFileSync(`${root}/heapbook.config.json`, 'utf8')).toContain('"slug": "memory-pools"');
    const before = snapshot();

    const again = await run('memory-pools', 'Memory pools', '内存池');
    expect(again.code).toBe(1);
    expect(again.out).toBe(
      'new:chapter: heapbook.config.json already lists a chapter "memory-pools": choose another slug, or remove that entry first\nNothing was changed.\n',
    );
    expect(snapshot()).toBe(before);

    const bad = await run('Memory_Pools', 'Memory pools');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('"Memory_Pools" is not a chapter slug');
    expect(snapshot()).toBe(before);

    // A file left behind without a list entry is not overwritten either.
    rmSync(`${root}/heapbook.config.json`);
    cpSync(`${ROOT}heapbook.config.json`, `${root}/heapbook.config.json`);
    const orphan = await run('memory-pools', 'Other');
    expect(orphan.code).toBe(1);
    expect(orphan.out).toContain('content/docs/en/memory-pools.mdx and content/docs/zh-cn/memory-pools.mdx already exist');
    expect(readFileSync(`${root}/content/docs/en/memory-pools.mdx`, 'utf8')).toContain('title: "Memory pools"');

    const usage = await run('only-slug');
    expect([usage.code, usage.out.split('\n')[0]]).toEqual([
      1,
      'new:chapter: usage: npm run new:chapter -- <slug> "<English title>" ["<中文标题>"] (quote titles that contain spaces)',
    ]);
  }, 60_000);
});
