import { describe, expect, it } from 'vitest';
import { splitFatalDump } from '../../engine/python/fatal-dump.ts';

describe('splitFatalDump', () => {
  it("keeps the output before the dump and only the reader's frames from it", () => {
    const dump =
      'before\nStack (most recent call first):\n' +
      '  File "/lib/python314.zip/json/decoder.py", line 361 in raw_decode\n' +
      '  File "<cell f>", line 3 in <module>\n' +
      '  File "/home/pyodide/.heapbook/heapbook/_runner.py", line 278 in run_cell\n';
    expect(
      splitFatalDump([
        { stream: 'stderr', text: 'warned\n' },
        { stream: 'stdout', text: dump },
      ]),
    ).toEqual({
      stream: [
        { stream: 'stderr', text: 'warned\n' },
        { stream: 'stdout', text: 'before\n' },
      ],
      frames: ['  File "<cell f>", line 3 in <module>'],
    });
  });

  it('leaves output without a dump alone', () => {
    const chunks = [{ stream: 'stdout' as const, text: 'Stack overflow is a website\n' }];
    expect(splitFatalDump(chunks)).toEqual({ stream: chunks, frames: [] });
  });
});
