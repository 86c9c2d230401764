/**
 * The slots chapter in both languages: listed in curriculum order, a cell run live in the worker,
 * and an exercise that fails untouched and passes with its solution, as a reader would do it.
 */
import { describe, expect, it } from 'vitest';
import { replaceCode } from '../../scripts/chromium.ts';
import { cellById, useSite } from './browser.ts';

const site = useSite();

const CHAPTERS = [
  {
    path: '/en/slots/',
    run: 'Run',
    sidebar: ['References and the collector', '__slots__, genexps and memoryview', 'Closures and leaks in JavaScript'],
  },
  { path: '/zh-cn/slots/', run: '运行', sidebar: ['引用计数与回收器', '__slots__、生成器表达式与 memoryview', 'JavaScript 闭包与泄漏'] },
];

describe('the slots chapter in Chromium', () => {
  for (const chapter of CHAPTERS) {
    it(`${chapter.path}: sits between gc and js-closures and runs its first cell live`, async () => {
      const page = await site.open(chapter.path);
      const links = await page.locator('nav.sidebar a').allInnerTexts();
      const positions = chapter.sidebar.map((label) => links.findIndex((text) => text.trim() === label));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);

      const shapes = cellById(page, 'shapes');
      await shapes.getByRole('button', { name: chapter.run, exact: true }).click();
      const metrics = shapes.locator('.hb-metrics', { hasText: /measured live|现场测得/ });
      await metrics.waitFor({ timeout: 60_000 });
      const output = await shapes.locator('.hb-output').first().innerText();
      expect(output).toContain('pointer size: 4 bytes');
      expect(output).toMatch(/Point\s+getsizeof\s+\d+ B, deep\s+\d+ B/);
      expect(output).toContain('__dictoffset__: Point -1  SlotPoint 0');
      await page.context().close();
    });
  }

  it('an exercise fails untouched and passes with its solution, live', async () => {
    // Running a cell first runs the cells above it that have not run: the whole chapter, live.
    const page = await site.open('/en/slots/');
    const exercise = cellById(page, 'try-slim-reading');
    const run = () => exercise.getByRole('button', { name: 'Run', exact: true }).click();
    const costs = async () => {
      const text = await exercise.locator('.hb-output').first().innerText();
      const match = /\((\d+), (\d+)\)/.exec(text);
      expect(match, text).not.toBeNull();
      return [Number(match?.[1]), Number(match?.[2])] as const;
    };
    await exercise.scrollIntoViewIfNeeded();
    await run();
    await exercise.locator('.hb-not-yet').waitFor({ timeout: 100_000 });
    const [plain, alsoPlain] = await costs();
    expect(plain).toBe(alsoPlain);

    const solution = await cellById(page, 'try-slim-reading-solution').getAttribute('data-source');
    expect(solution).toContain('"__weakref__"');
    await replaceCode(page, exercise, solution ?? '');
    await run();
    await exercise.locator('.hb-solved').waitFor({ timeout: 60_000 });
    const [slim, unchanged] = await costs();
    expect(slim).toBeLessThan(unchanged);
    await page.context().close();
  }, 180_000);
});
