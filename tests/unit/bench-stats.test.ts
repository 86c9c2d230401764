import { describe, expect, it } from 'vitest';
import { measured, median, pairRatios, summarize } from '../../scripts/bench/stats.ts';

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
