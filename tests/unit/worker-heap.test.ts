import { describe, expect, it } from 'vitest';
import { workerShare, type MemoryMeasurement } from '../../src/page/worker-heap.ts';

// The shape Chromium 156 returned here for a page with the JavaScript worker running (bytes rounded).
const measured: MemoryMeasurement = {
  bytes: 2_958_837,
  breakdown: [
    {
      bytes: 1_354_530,
      attribution: [{ scope: 'DedicatedWorkerGlobalScope', url: 'http://127.0.0.1:43057/_astro/js-engine-worker-Bl8mdxVv.js' }],
      types: ['JavaScript'],
    },
    { bytes: 120_360, attribution: [], types: ['DOM'] },
    { bytes: 1_048_034, attribution: [], types: ['Shared'] },
    { bytes: 435_913, attribution: [{ scope: 'Window', url: 'http://127.0.0.1:43057/en/js-closures/' }], types: ['JavaScript'] },
    {
      bytes: 2_000_000,
      attribution: [{ scope: 'DedicatedWorkerGlobalScope', url: 'http://127.0.0.1:43057/_astro/engine-worker-X.js' }],
      types: ['JavaScript'],
    },
  ],
};

describe('workerShare', () => {
  it("sums only the JavaScript worker's entries, not the page's or the Python worker's", () => {
    expect(workerShare(measured, 'js-engine-worker')).toBe(1_354_530);
  });

  it('is null when the report has no entry for the worker', () => {
    expect(workerShare({ ...measured, breakdown: measured.breakdown.slice(1, 4) }, 'js-engine-worker')).toBeNull();
  });
});
