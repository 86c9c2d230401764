import { describe, expect, it } from 'vitest';
import { chapterPages, earlierPage, pagePath, selectPages } from '../../scripts/bench/chapters.ts';
import { formatTable } from '../../scripts/bench/report.ts';
import { loadRefusal, measured, waitForQuiet, median, pairRatios, ratioTarget, summarize } from '../../scripts/bench/stats.ts';

describe('benchmark statistics', () => {
  it('takes the middle value, or the mean of the middle two, without reordering its input', () => {
    const runs = [30, 10, 20];
    expect(median(runs)).toBe(20);
    expect(runs).toEqual([30, 10, 20]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow('median of no values');
  });

  it('summarises min, median and max', () => {
    expect(summarize([5, 1, 9, 3])).toEqual({ min: 1, median: 4, max: 9 });
  });

  it('pairs runs with baseline runs in order, and refuses unequal counts', () => {
    expect(pairRatios([100, 300], [200, 300])).toEqual([0.5, 1]);
    expect(() => pairRatios([1, 2], [1])).toThrow('cannot pair 2 runs with 1 baseline runs');
  });

  it('reports the ratio as the median of the pair ratios, not the ratio of the medians', () => {
    // Pairs: 1/4, 2/2, 9/3 -> ratios 0.25, 1, 3; the medians alone would give 2/3.
    const figure = measured([1, 2, 9], [4, 2, 3]);
    expect(figure).toMatchObject({ min: 1, median: 2, max: 9, samples: [1, 2, 9] });
    expect(figure.baseline).toEqual({ min: 2, median: 3, max: 4, samples: [4, 2, 3] });
    expect(figure.ratio).toEqual({ min: 0.25, median: 1, max: 3, samples: [0.25, 1, 3] });
    expect(measured([3]).ratio).toBeUndefined();
  });
});

describe('refusing ratios on a busy machine', () => {
  it('allows a ratio up to a load average equal to the core count, and refuses one above it, saying why', () => {
    expect(loadRefusal(0, 2)).toBeNull();
    expect(loadRefusal(2, 2)).toBeNull();
    expect(loadRefusal(2.01, 2)).toBe(
      'no ratio: the load average was 2.01 at the start, more than the 2 cores (other work was waiting for the CPU); rerun on a quiet machine',
    );
    expect(loadRefusal(7.5, 8)).toBeNull();
  });

  it('refuses nonsense rather than judge with it', () => {
    expect(() => loadRefusal(1, 0)).toThrow('the core count must be a whole number of at least 1, not 0');
    expect(() => loadRefusal(Number.NaN, 2)).toThrow('a load average is a number of at least 0, not NaN');
    expect(() => loadRefusal(-1, 2)).toThrow('not -1');
  });

  it('keeps the runs and the baseline but gives the refusal in place of the ratio', () => {
    const refusal = loadRefusal(5.5, 2);
    const figure = measured([1, 2, 9], [4, 2, 3], refusal);
    expect(figure.ratio).toBeUndefined();
    expect(figure.ratioRefused).toBe(refusal);
    expect(figure.samples).toEqual([1, 2, 9]);
    expect(figure.baseline).toEqual({ min: 2, median: 3, max: 4, samples: [4, 2, 3] });
    // Without a baseline there is no ratio to refuse.
    expect(measured([1], undefined, refusal).ratioRefused).toBeUndefined();
    expect(measured([1, 2], [4, 4], null).ratio?.median).toBe(0.375);
  });

  it('judges a ratio target on the median ratio, and does not judge a refused one', () => {
    expect(ratioTarget(measured([1, 2, 9], [4, 2, 3]), 1)).toBe(true);
    expect(ratioTarget(measured([1, 2, 9], [4, 2, 3]), 0.99)).toBe(false);
    expect(ratioTarget(measured([1, 2, 9], [4, 2, 3], 'busy'), 1)).toBeNull();
  });

  it('says "refused" and "not judged" in the table, and why', () => {
    const figure = measured([1200, 1300, 1100], [3000, 3100, 2900], loadRefusal(4.2, 2));
    const table = formatTable({
      'cold /en/gc/': {
        what: 'navigation to output',
        unit: 'ms',
        ...figure,
        target: { text: '≤ 0.4 × baseline', pass: null },
        loadAverage: [4.2, 3, 2],
      },
      'cold /en/hosting/': { skipped: '/en/hosting/ has no runnable cell', loadAverage: [4.2, 3, 2] },
    });
    const row = table.split('\n').find((line) => line.startsWith('cold /en/gc/'));
    expect(row).toMatch(/1\.20 s\s+1\.30 s\s+3\.00 s\s+refused\s+≤ 0\.4 × baseline\s+not judged$/);
    expect(table).toContain('cold /en/gc/: no ratio: the load average was 4.20 at the start, more than the 2 cores');
    expect(table).toContain('cold /en/hosting/: skipped, /en/hosting/ has no runnable cell');
    expect(table).toContain('cold: navigation to output');
  });
});

describe('the pages the benchmark measures', () => {
  const book = chapterPages({
    chapters: [
      { slug: 'intro', label: { en: 'Intro', 'zh-CN': '介绍' } },
      { slug: 'gc', label: { en: 'GC', 'zh-CN': '回收' } },
    ],
  });

  it('lists every chapter of heapbook.config.json in both languages, in reading order', () => {
    expect(book).toEqual(['/en/intro/', '/zh-cn/intro/', '/en/gc/', '/zh-cn/gc/']);
  });

  it('takes all, one page, or a comma-separated list, written with or without slashes', () => {
    expect(selectPages('all', book)).toEqual(book);
    expect(selectPages('en/gc', book)).toEqual(['/en/gc/']);
    expect(selectPages('/en/gc/, /zh-cn/gc/,/en/gc/', book)).toEqual(['/en/gc/', '/zh-cn/gc/']);
    expect(pagePath('//zh-cn/v8-heap//')).toBe('/zh-cn/v8-heap/');
  });

  it('refuses an empty choice or a URL, saying how to write a page', () => {
    expect(() => selectPages(' , ', book)).toThrow('an empty --chapter: name a page such as /en/gc/, or all');
    expect(() => selectPages('/en/gc/?x=1', book)).toThrow('--chapter "/en/gc/?x=1" is not a page path: write it as /en/gc/');
    expect(() => selectPages('all', [])).toThrow('--chapter all: heapbook.config.json lists no chapters');
  });

  it('opens the first chapter of the same language before a repeat visit, or the second when the page is the first', () => {
    expect(earlierPage('/en/gc/', book)).toBe('/en/intro/');
    expect(earlierPage('/zh-cn/gc/', book)).toBe('/zh-cn/intro/');
    expect(earlierPage('/en/intro/', book)).toBe('/en/gc/');
    expect(() => earlierPage('/fr/gc/', book)).toThrow('no other chapter page in /fr/ to visit before /fr/gc/');
  });
});

describe('waitForQuiet', () => {
  const fakeSleep = (slept: number[]) => async (ms: number) => {
    slept.push(ms);
  };

  it('waits while the load is over the cores, and stops once it has fallen', async () => {
    const loads = [3.9, 3.1, 2.4, 1.8, 1.0];
    const slept: number[] = [];
    const quiet = await waitForQuiet(() => loads.shift() ?? 0, 2, 120_000, fakeSleep(slept));
    expect(quiet).toEqual({ load: 1.8, waitedMs: 15_000 });
    expect(slept).toEqual([5_000, 5_000, 5_000]);
  });

  it('does not wait on a quiet machine', async () => {
    const slept: number[] = [];
    expect(await waitForQuiet(() => 0.4, 2, 120_000, fakeSleep(slept))).toEqual({ load: 0.4, waitedMs: 0 });
    expect(slept).toEqual([]);
  });

  it('gives up at the limit on a machine busy with other work, still over the cores', async () => {
    const quiet = await waitForQuiet(() => 9, 2, 20_000, fakeSleep([]));
    expect(quiet).toEqual({ load: 9, waitedMs: 20_000 });
    expect(loadRefusal(quiet.load, 2)).toMatch(/no ratio: the load average was 9\.00/);
  });
});
