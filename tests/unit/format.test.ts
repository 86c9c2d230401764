import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatValue } from '../../src/shared/format.ts';
import { formatMetrics } from '../../src/shared/metrics-line.ts';
import type { RunMetrics } from '../../engine/protocol.ts';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [1536, '1.50 KiB'],
    [8 * 1024 * 1024, '8.00 MiB'],
    [123 * 1024 * 1024, '123 MiB'],
    [-2048, '-2.00 KiB'],
    [4 * 1024 ** 3, '4.00 GiB'],
  ])('%d -> %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('formatDuration', () => {
  it.each([
    [0.042, '0.04 ms'],
    [2.54, '2.5 ms'],
    [38.4, '38 ms'],
    [2345, '2.35 s'],
  ])('%d -> %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('formatMetrics', () => {
  const base: RunMetrics = {
    wallMs: 38.2,
    tracedNetBytes: 8 * 1024 * 1024,
    tracedPeakBytes: 9 * 1024 * 1024,
    gcPasses: 1,
    gcCollected: 4,
    wasmMemoryBytes: 30 * 1024 * 1024,
    notes: [],
  };

  it('shows every measured figure', () => {
    expect(formatMetrics(base)).toBe('+8.00 MiB net · peak 9.00 MiB · 1 GC pass (4 collected) · 38 ms · wasm 30.0 MiB');
  });

  it('pluralises passes and leaves out what was not measured', () => {
    expect(formatMetrics({ ...base, gcPasses: 0, tracedNetBytes: null, tracedPeakBytes: null, wasmMemoryBytes: null })).toBe(
      '0 GC passes · 38 ms',
    );
    expect(formatMetrics({ ...base, gcPasses: 3, gcCollected: 10 })).toContain('3 GC passes (10 collected)');
  });

  it('shows a negative net without a plus sign', () => {
    expect(formatMetrics({ ...base, tracedNetBytes: -1024 })).toMatch(/^-1.00 KiB net/);
  });
});

describe('formatValue', () => {
  it('reads a number by its column format and leaves text alone', () => {
    expect(formatValue(1536, 'bytes')).toBe('1.50 KiB');
    expect(formatValue(2048, 'signed-bytes')).toBe('+2.00 KiB');
    expect(formatValue(12345, 'int')).toBe('12,345');
    expect(formatValue(100, 'signed-int')).toBe('+100');
    expect(formatValue(-3, 'signed-int')).toBe('-3');
    expect(formatValue(0, 'signed-int')).toBe('0');
    expect(formatValue(0.5, 'ms')).toBe('0.50 ms');
    expect(formatValue('52.2%', 'bytes')).toBe('52.2%');
    expect(formatValue(null, 'int')).toBe('—');
  });
});

describe('JavaScript metrics', () => {
  it('shows the heap change and the heap in use, and nothing Python-only', () => {
    const js: RunMetrics = {
      wallMs: 3,
      tracedNetBytes: null,
      tracedPeakBytes: null,
      gcPasses: null,
      gcCollected: null,
      wasmMemoryBytes: null,
      heapNetBytes: 8 * 1024 * 1024,
      heapUsedBytes: 20 * 1024 * 1024,
      heapSource: 'v8.getHeapStatistics() after a forced full GC',
      notes: [],
    };
    expect(formatMetrics(js)).toBe('heap +8.00 MiB · heap 20.0 MiB used · 3.0 ms');
    expect(formatMetrics({ ...js, heapNetBytes: null, heapUsedBytes: null })).toBe('3.0 ms');
  });
});
