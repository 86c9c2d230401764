import { describe, expect, it } from 'vitest';
import { editStore } from '../../src/page/edit-store.ts';
import { runPlan } from '../../src/page/run-plan.ts';
import { deferred } from '../../engine/host/deferred.ts';
import { StreamBatcher } from '../../engine/worker/stream-batcher.ts';
import { longestRuns } from '../../src/build/build-prerun.ts';
import { isFlagMessage, LIFE_LOCK_HELD, LIFE_LOCK_LOST, WORKER_CLOSING, type StreamChunk } from '../../engine/protocol.ts';
import { isLifeLockHeld, isLifeLockLost } from '../../engine/worker/life-lock.ts';
import { isWorkerClosing } from '../../engine/worker/worker-close.ts';

describe('isFlagMessage', () => {
  it('is true only for { [name]: true }', () => {
    expect(isFlagMessage({ [WORKER_CLOSING]: true }, WORKER_CLOSING)).toBe(true);
    expect(isFlagMessage({ [WORKER_CLOSING]: 'true' }, WORKER_CLOSING)).toBe(false);
    expect(isFlagMessage({ [LIFE_LOCK_HELD]: true }, LIFE_LOCK_LOST)).toBe(false);
    for (const data of [null, undefined, true, WORKER_CLOSING, 1]) expect(isFlagMessage(data, WORKER_CLOSING)).toBe(false);
  });
  it('serves the three named checks', () => {
    expect(isLifeLockHeld({ [LIFE_LOCK_HELD]: true })).toBe(true);
    expect(isLifeLockHeld({ [LIFE_LOCK_LOST]: true })).toBe(false);
    expect(isLifeLockLost({ [LIFE_LOCK_LOST]: true })).toBe(true);
    expect(isWorkerClosing({ [WORKER_CLOSING]: true })).toBe(true);
    expect(isWorkerClosing({ id: 'comlink' })).toBe(false);
  });
});

describe('runPlan', () => {
  const order = ['a', 'b', 'c', 'd'];
  it('runs the earlier cells that have not run, then the target', () => {
    expect(runPlan(order, 'c', new Set(['a']))).toEqual(['b', 'c']);
    expect(runPlan(order, 'a', new Set())).toEqual(['a']);
    expect(runPlan(order, 'b', new Set(['a', 'b', 'c']))).toEqual(['b']);
  });
  it('refuses a cell that is not on the page', () => {
    expect(() => runPlan(order, 'z', new Set())).toThrow('cell "z" is not on this page');
  });
});

describe('StreamBatcher', () => {
  it('keeps order, merges neighbours of one stream and flushes by interval', () => {
    let now = 0;
    const sent: StreamChunk[][] = [];
    const b = new StreamBatcher(
      (c) => sent.push(c),
      () => now,
      50,
    );
    b.push('stdout', 'a\n');
    b.push('stdout', 'b\n');
    b.push('stderr', 'oops\n');
    expect(sent).toEqual([]);
    now = 60;
    b.push('stdout', 'c\n');
    expect(sent).toEqual([
      [
        { stream: 'stdout', text: 'a\nb\n' },
        { stream: 'stderr', text: 'oops\n' },
        { stream: 'stdout', text: 'c\n' },
      ],
    ]);
    expect(b.kept).toHaveLength(3);
  });
});

describe('deferred', () => {
  it('settles once', async () => {
    const d = deferred<number>();
    d.resolve(1);
    d.resolve(2);
    d.reject(new Error('late'));
    expect(d.settled).toBe(true);
    await expect(d.promise).resolves.toBe(1);
  });
});

describe('editStore', () => {
  function memoryStorage() {
    const map = new Map<string, string>();
    return {
      map,
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
  }

  it('saves edits per page and cell and forgets them when they equal the original', () => {
    const storage = memoryStorage();
    const gc = editStore(storage, '/en/gc/');
    const zh = editStore(storage, '/zh-cn/gc/');
    gc.save('cycle', 'x = 2', 'x = 1');
    expect(gc.load('cycle')).toBe('x = 2');
    expect(zh.load('cycle')).toBeNull();
    gc.save('cycle', 'x = 1', 'x = 1');
    expect(gc.load('cycle')).toBeNull();
  });

  it('keeps working when storage throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {},
    };
    const store = editStore(broken, '/p/');
    expect(() => store.save('a', 'x', 'y')).not.toThrow();
    expect(store.load('a')).toBeNull();
  });
});

describe('longestRuns', () => {
  it('names the longest runs for the build log, the gutter runs as such', () => {
    const runs = [
      { chapter: 'en/pymalloc.mdx', gutter: false, ms: 41_049 },
      { chapter: 'en/numpy.mdx', gutter: true, ms: 30_150 },
      { chapter: 'zh-cn/gc.mdx', gutter: false, ms: 2_000 },
      { chapter: 'en/intro.mdx', gutter: false, ms: 900 },
    ];
    expect(longestRuns(runs)).toBe('en/pymalloc.mdx 41.0 s, en/numpy.mdx (gutter) 30.1 s, zh-cn/gc.mdx 2.0 s');
    expect(longestRuns(runs, 1)).toBe('en/pymalloc.mdx 41.0 s');
    expect(longestRuns([])).toBe('');
  });
});
