/**
 * The build's engine pool (HEAPBOOK_BUILD_JOBS): chapters executed ahead of their pages with one
 * engine at a time and with two give the same baked results, figures included (each page keeps
 * its own fresh engine and runs its steps in order), and pages take the runs started for them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { chapterRuns, planRuns, prerunChapters } from '../../src/build/build-prerun.ts';
import { buildJobs, enginePeak, executeSteps, readCachedRun, setBuildJobs } from '../../src/build/execute-steps.ts';
import type { PageRun } from '../../src/build/remark-cells.ts';

const root = mkdtempSync(`${tmpdir()}/heapbook-jobs-`);
afterAll(() => {
  setBuildJobs(buildJobs());
  rmSync(root, { recursive: true, force: true });
});

const fence = (lang: string, body: string) => `\`\`\`${lang} run\n${body}\n\`\`\`\n`;
/** Small chapters whose figures depend on what ran before in the same engine. */
const chapters: Record<string, string> = {
  'en/alloc.mdx': [
    '---\ntitle: Alloc\ndescription: `{python} 1 + 1` in front matter is not a step\n---\n',
    fence('python', '#| id: grow\nitems = [bytearray(1000) for _ in range(200)]\nlen(items)'),
    fence(
      'python',
      '#| id: cycle\nimport gc\nclass Node:\n    pass\na, b = Node(), Node()\na.other, b.other = b, a\ndel a, b\ngc.collect()',
    ),
    'The list holds `{python} len(items)` buffers.\n',
    fence('python', '#| id: drop\n#| check: len(items) == 0\nitems.clear()\nsum(len(x) for x in items)'),
  ].join('\n'),
  'en/mixed.mdx': [
    '---\ntitle: Mixed\n---\n',
    fence('js', '#| id: arr\nconst big = new Array(10000).fill(0).map((_, i) => ({ i }));\nbig.length'),
    fence('python', '#| id: text\ns = "ü" * 5000\nimport sys\nsys.getsizeof(s)'),
    fence('js', '#| id: keep\nbig.slice(0, 3).map((o) => o.i).join(",")'),
  ].join('\n'),
  'zh-cn/alloc.mdx': '', // filled below: the twin, the same cells
};
chapters['zh-cn/alloc.mdx'] = chapters['en/alloc.mdx']!.replace('The list holds', '列表里有');

for (const [path, text] of Object.entries(chapters)) {
  mkdirSync(`${root}/docs/${path.split('/')[0]}`, { recursive: true });
  writeFileSync(`${root}/docs/${path}`, text);
}

/**
 * What a baked page shows, without the figures that vary between any two runs, one engine at a
 * time too: wall times, and V8's heap after a cell (measured with jobs=1, three runs of the same
 * two JavaScript cells: heap in use 11,729,200 / 11,048,920 / 11,049,808 B and its change
 * 399,736 / 399,688 / 399,456 B, as V8 collects when it will). Every Python figure must match.
 */
function baked(run: PageRun | null): unknown {
  if (!run) return null;
  return run.results.map(({ metrics, ...rest }) => ({
    ...rest,
    metrics: metrics ? { ...metrics, wallMs: 0, ...(metrics.heapSource ? { heapUsedBytes: 0, heapNetBytes: 0 } : {}) } : null,
  }));
}

describe('the build engine pool', () => {
  it('reads HEAPBOOK_BUILD_JOBS and refuses what is not a count of engines', () => {
    expect(buildJobs({ HEAPBOOK_BUILD_JOBS: '3' })).toBe(3);
    expect(buildJobs({})).toBeGreaterThanOrEqual(1);
    expect(() => buildJobs({ HEAPBOOK_BUILD_JOBS: 'two' })).toThrow(
      'HEAPBOOK_BUILD_JOBS must be a whole number of engines from 1 up (e.g. HEAPBOOK_BUILD_JOBS=2), not "two"',
    );
    expect(() => buildJobs({ HEAPBOOK_BUILD_JOBS: '0' })).toThrow('not "0"');
    expect(() => setBuildJobs(0)).toThrow('at least one engine, not 0');
  });

  it('plans each chapter’s outputs run and gutter run, biggest first, front matter left out', () => {
    const alloc = chapterRuns('alloc', chapters['en/alloc.mdx']!);
    expect(alloc.map((r) => r.requests.map((q) => q.cellId))).toEqual([
      ['grow', 'cycle', 'inline-1', 'drop'],
      ['grow', 'cycle', 'inline-1', 'drop'],
    ]);
    expect(alloc[0]!.requests.some((q) => q.lines)).toBe(false);
    expect(alloc[1]!.requests.filter((q) => q.lines).map((q) => q.cellId)).toEqual(['grow', 'cycle', 'drop']);
    const mixed = chapterRuns('mixed', chapters['en/mixed.mdx']!);
    expect(mixed).toHaveLength(2);
    const plan = planRuns([
      { path: 'mixed', text: chapters['en/mixed.mdx']! },
      { path: 'alloc', text: chapters['en/alloc.mdx']! },
      { path: 'broken', text: '```python run\nx = 1\n' }, // unclosed: left to its page to report
    ]);
    expect(plan.map((r) => `${r.chapter}:${r.requests.length}`)).toEqual(['alloc:4', 'alloc:4', 'mixed:3', 'mixed:3']);
  });

  it('bakes the same results with one engine at a time as with two', async () => {
    const runs: Record<number, Map<string, unknown>> = {};
    const plan = planRuns(Object.entries(chapters).map(([path, text]) => ({ path, text })));
    expect(plan).toHaveLength(6); // twins plan the same runs; they run once
    for (const jobs of [1, 2]) {
      setBuildJobs(jobs);
      enginePeak(true);
      const cacheDir = `${root}/cache-${jobs}`;
      const summary = await prerunChapters(`${root}/docs`, { cacheDir });
      expect(summary).toMatchObject({ planned: 6, ran: 4 });
      // Every executed run timed, longest first, named by its chapter under the docs folder.
      expect(summary.longest).toHaveLength(4);
      expect(summary.longest.map((r) => r.ms)).toEqual(summary.longest.map((r) => r.ms).sort((a, b) => b - a));
      expect(summary.longest.every((r) => r.ms > 0 && /^(en|zh-cn)\/\w+\.mdx$/.test(r.chapter))).toBe(true);
      expect(summary.longest.filter((r) => r.gutter)).toHaveLength(2);
      expect(enginePeak()).toBe(jobs);
      // Each page takes the run started for it; its twin gets it as a shared (cached) run.
      const first = await executeSteps(plan[0]!.requests, { cacheDir });
      expect(first.cached).toBeUndefined();
      expect((await executeSteps(plan[0]!.requests, { cacheDir })).cached).toBe(true);
      runs[jobs] = new Map(
        await Promise.all(plan.map(async (r, i) => [`${i} ${r.chapter}`, baked(await readCachedRun(r.requests, { cacheDir }))] as const)),
      );
    }
    const one = runs[1]!;
    const two = runs[2]!;
    // Real figures, not empty runs: the first cell's traced bytes, and the gutter's readings.
    const grow = (one.get('0 en/alloc.mdx') as Array<{ cellId: string; metrics: { tracedNetBytes: number } }>)[0]!;
    expect(grow.cellId).toBe('grow');
    expect(grow.metrics.tracedNetBytes).toBeGreaterThan(200_000);
    const gutter = [...one.values()].flat() as Array<{ lines?: unknown }>;
    expect(gutter.some((r) => r.lines)).toBe(true);
    expect([...two.keys()]).toEqual([...one.keys()]);
    for (const [key, value] of one) expect(two.get(key), key).toEqual(value);
  }, 300_000);
});
