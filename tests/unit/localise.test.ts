/** A helper's payload worded for the page's language from the Chinese it carries (`Worded.words`). */
import { describe, expect, it } from 'vitest';
import { localise } from '../../src/shared/render/localise.ts';
import type { ChartData } from '../../engine/protocol.ts';

const chart: ChartData = {
  mark: 'bar',
  caption: 'compare(a, b): 1 run each',
  x: { key: 'bytes', label: 'traced bytes', format: 'bytes' },
  y: { key: 'candidate', label: 'candidate', format: 'text' },
  facet: { key: 'metric', label: 'measure', format: 'text' },
  rows: [
    { candidate: 'a', metric: 'net', bytes: 10 },
    { candidate: 'net', metric: 'peak', bytes: 20 },
  ],
  notes: ['Measured on X.'],
  words: {
    'zh-CN': {
      'compare(a, b): 1 run each': 'compare(a, b)：各运行 1 次',
      net: '净增',
      peak: '峰值',
      measure: '度量',
      'Measured on X.': '测量平台：X。',
    },
  },
};

describe('localise', () => {
  it('words captions, labels, notes and legend values on a Chinese page, and leaves keys and formats alone', () => {
    const zh = localise(chart, 'zh-CN');
    expect(zh.caption).toBe('compare(a, b)：各运行 1 次');
    expect(zh.facet).toEqual({ key: 'metric', label: '度量', format: 'text' });
    expect(zh.x).toEqual({ key: 'bytes', label: 'traced bytes', format: 'bytes' });
    expect(zh.rows[0]).toEqual({ candidate: 'a', metric: '净增', bytes: 10 });
    expect(zh.notes).toEqual(['测量平台：X。']);
    expect('words' in zh).toBe(false);
    // The known limit: a value the reader chose that equals one of the helper's words is worded too.
    expect(zh.rows[1]?.['candidate']).toBe('净增');
  });

  it('drops the words and changes nothing else on an English page, or when there are none', () => {
    const { words: _, ...english } = chart;
    expect(localise(chart, 'en')).toEqual(english);
    expect(localise(english, 'zh-CN')).toBe(english);
  });
});
