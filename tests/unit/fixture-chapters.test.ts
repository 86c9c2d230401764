import { describe, expect, it } from 'vitest';
import { docsId, docsLoaderOptions, fixturesWanted } from '../../src/build/fixture-chapters.ts';

describe('fixture chapters of the tests', () => {
  it('are read only with HEAPBOOK_FIXTURES=1, and a wrong value says what to write', () => {
    expect(fixturesWanted({})).toBe(false);
    expect(fixturesWanted({ HEAPBOOK_FIXTURES: '0' })).toBe(false);
    expect(fixturesWanted({ HEAPBOOK_FIXTURES: '1' })).toBe(true);
    expect(() => fixturesWanted({ HEAPBOOK_FIXTURES: 'yes' })).toThrow(
      'HEAPBOOK_FIXTURES must be 1 (build the test fixture chapters too) or 0/unset (a reader\'s build), not "yes"',
    );
  });

  it("leaves a reader's build reading content/docs/ alone", () => {
    expect(docsLoaderOptions({})).toEqual({ base: './content/docs', pattern: '**/[^_]*.{md,mdx}' });
  });

  it('gives book and fixture chapters the ids the default gives from content/docs', () => {
    const options = docsLoaderOptions({ HEAPBOOK_FIXTURES: '1' });
    expect(options.base).toBe('.');
    expect(options.pattern).toEqual(['content/docs/**/[^_]*.{md,mdx}', 'tests/fixtures/docs/**/fixture-*.{md,mdx}']);
    const id = (entry: string, data: Record<string, unknown> = {}) => options.generateId?.({ entry, data });
    expect(id('content/docs/en/gc.mdx')).toBe('en/gc');
    expect(id('content/docs/zh-cn/index.mdx')).toBe('zh-cn');
    expect(id('content/docs/en/index.mdx')).toBe('en');
    expect(id('tests/fixtures/docs/zh-cn/fixture-python.mdx')).toBe('zh-cn/fixture-python');
    expect(id('content/docs/en/gc.mdx', { slug: 'en/elsewhere' })).toBe('en/elsewhere');
    expect(() => docsId('src/pages/x.mdx')).toThrow('src/pages/x.mdx is neither in content/docs/ nor in tests/fixtures/docs/');
  });
});
