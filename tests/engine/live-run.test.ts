/**
 * check-chapter --watch: after an edit only the steps from the first changed one run, on an
 * engine whose state is the unchanged prefix's (real Pyodide in Node).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LiveSession } from '../../src/build/live-run.ts';
import type { ExecRequest } from '../../src/build/remark-cells.ts';

const cell = (cellId: string, code: string): ExecRequest => ({ cellId, lang: 'python', code, timeoutMs: 30_000 });
const page = (third: string, fourth = 'c + 1') => [cell('a', 'a = 1'), cell('b', 'b = a + 1'), cell('c', third), cell('d', fourth)];

describe('LiveSession', () => {
  const session = new LiveSession(null);
  afterAll(() => session.dispose());

  it('runs everything first, then only from the first changed step, with the prefix state rebuilt', async () => {
    const first = await session.update(page('c = b * 10'));
    expect([first.reused, first.replayed, first.executed]).toEqual([0, 0, 4]);
    expect(first.run.results.map((r) => r.value?.['text/plain'] ?? null)).toEqual([null, null, null, '21']);
    expect(await session.settled()).toBe(3); // standby prepared before the last step

    // An edit before the standby's point: a fresh engine replays the two unchanged steps.
    const second = await session.update(page('c = b * 100'));
    expect([second.reused, second.replayed, second.executed, second.standby]).toEqual([2, 2, 2, false]);
    expect(second.run.results[0]).toBe(first.run.results[0]);
    expect(second.run.results[3]?.value?.['text/plain']).toBe('201');
    expect(await session.settled()).toBe(2);

    // The same cell again: the standby engine has replayed the prefix already, nothing is replayed now.
    const third = await session.update(page('c = b * 1000'));
    expect([third.reused, third.replayed, third.executed, third.standby]).toEqual([2, 0, 2, true]);
    expect(third.run.results[3]?.value?.['text/plain']).toBe('2001');
    await session.settled();

    // A later cell: the standby (at step 2) replays the one step between, then runs the last.
    const fourth = await session.update(page('c = b * 1000', 'c + 2'));
    expect([fourth.reused, fourth.replayed, fourth.executed, fourth.standby]).toEqual([3, 1, 1, true]);
    expect(fourth.run.results[3]?.value?.['text/plain']).toBe('2002');

    // Saving without changing a cell runs nothing.
    const same = await session.update(page('c = b * 1000', 'c + 2'));
    expect([same.reused, same.executed]).toEqual([4, 0]);
    expect(same.run.results[3]?.value?.['text/plain']).toBe('2002');
  }, 240_000);

  it('keeps the 64-bit figures of native cells before the edit, and runs them again after one', async () => {
    const native = new LiveSession(null);
    const withNative = (last: string): ExecRequest[] => [
      { ...cell('n', 'import random\nr = random.random()\nr'), native: true },
      cell('m', last),
    ];
    const figure = (run: Awaited<ReturnType<LiveSession['update']>>['run']) =>
      run.native && 'results' in run.native ? (run.native.results[0]?.value?.['text/plain'] ?? null) : null;
    try {
      const first = await native.update(withNative('r + 1'));
      const drawn = figure(first.run);
      expect(drawn).toMatch(/^0\.\d+$/);
      // An edit after the native cell: its native figure still holds and is kept, not re-run.
      const later = await native.update(withNative('r + 2'));
      expect(figure(later.run)).toBe(drawn);
      // An edit of the native cell itself runs the companion again (a new random number).
      const edited = await native.update([
        { ...withNative('r + 2')[0]!, code: 'import random\nr = random.random() + 1\nr' },
        cell('m', 'r + 2'),
      ]);
      expect(figure(edited.run)).not.toBe(drawn);
      expect(Number(figure(edited.run))).toBeGreaterThan(1);
    } finally {
      native.dispose();
    }
  }, 240_000);
});
