/** The model of V8's generational heap that JavaScript cells drive (engine/js/v8-heap-model.ts). */
import { describe, expect, it } from 'vitest';
import type { HeapModelBlock, HeapModelData, HeapModelFrame, MimeBundle } from '../../engine/protocol.ts';
import { createHeapModel, type HeapModel, type HeapModelOptions } from '../../engine/js/v8-heap-model.ts';

/** Small spaces so a few objects fill them: 1 KiB semi-spaces and pages, large objects over 256 B. */
const SMALL: HeapModelOptions = { semiSpace: 1024, page: 1024, largeObject: 256 };

const lastFrame = (heap: HeapModel): HeapModelFrame => heap.frames.at(-1)!;

/** Every object of a frame with the space it is in. */
function blocksOf(frame: HeapModelFrame): Array<HeapModelBlock & { where: string }> {
  return [
    ...frame.newSpace.map((b) => ({ ...b, where: 'new' })),
    ...frame.oldSpace.flatMap((p) => p.objects.map((b) => ({ ...b, where: `old ${p.id}` }))),
    ...frame.largeObjects.flatMap((p) => p.objects.map((b) => ({ ...b, where: `large ${p.id}` }))),
  ];
}

/** The layout and the counters agree: no overlaps, everything inside its space, bytes add up. */
function checkInvariants(heap: HeapModel): void {
  const frame = lastFrame(heap);
  const c = heap.stats();
  expect(frame.counters).toEqual(c);
  const spaces: Array<{ size: number; top: number; objects: HeapModelBlock[] }> = [
    { size: heap.config.semiSpace, top: frame.newTop, objects: frame.newSpace },
    ...frame.oldSpace,
    ...frame.largeObjects,
  ];
  for (const space of spaces) {
    const sorted = [...space.objects].sort((a, b) => a.offset - b.offset);
    let end = 0;
    for (const o of sorted) {
      expect(o.offset, `#${o.id} overlaps the object before it`).toBeGreaterThanOrEqual(end);
      end = o.offset + o.size;
    }
    expect(end).toBeLessThanOrEqual(space.top);
    expect(space.top).toBeLessThanOrEqual(space.size);
  }
  const sum = (blocks: HeapModelBlock[]) => blocks.reduce((s, b) => s + b.size, 0);
  const live = (blocks: HeapModelBlock[]) => sum(blocks.filter((b) => b.live));
  const old = frame.oldSpace.flatMap((p) => p.objects);
  const large = frame.largeObjects.flatMap((p) => p.objects);
  expect(c.newSpace.usedBytes).toBe(sum(frame.newSpace));
  expect(c.newSpace.usedBytes).toBe(frame.newTop);
  expect(c.oldSpace.usedBytes).toBe(sum(old));
  expect(c.largeObjectSpace.usedBytes).toBe(sum(large));
  expect(c.newSpace.liveBytes).toBe(live(frame.newSpace));
  expect(c.oldSpace.liveBytes).toBe(live(old));
  expect(c.largeObjectSpace.liveBytes).toBe(live(large));
  expect(c.oldSpace.committedBytes).toBe(frame.oldSpace.length * heap.config.page);
  const bumpFree = frame.oldSpace.reduce((s, p) => s + p.size - p.top, 0);
  expect(c.oldSpace.gapBytes).toBe(c.oldSpace.committedBytes - bumpFree - c.oldSpace.usedBytes);
  // Every byte allocated is either still in a space or was freed by a collection.
  const used = c.newSpace.usedBytes + c.oldSpace.usedBytes + c.largeObjectSpace.usedBytes;
  expect(c.allocatedBytes).toBe(used + c.freedBytes);
  expect(c.allocations).toBe(blocksOf(frame).length + c.freed);
  // Roots are never freed.
  for (const root of frame.roots) expect(heap.locate(root.id), `root ${root.name}`).not.toBeNull();
}

describe('scavenge', () => {
  it('copies a survivor to the to-space with age 1, and promotes it when it survives a second scavenge', () => {
    const heap = createHeapModel(SMALL);
    const a = heap.allocate(100, { name: 'a', hold: true });
    expect(heap.locate(a)).toEqual({ space: 'new', page: null, offset: 0, size: 100, age: 0 });
    expect(lastFrame(heap).fromSpace).toBe(0);

    const first = heap.scavenge();
    expect(first).toMatchObject({ kind: 'scavenge', number: 1, copied: 1, bytesCopied: 100, promoted: 0, freed: 0 });
    expect(heap.locate(a)).toEqual({ space: 'new', page: null, offset: 0, size: 100, age: 1 });
    expect(lastFrame(heap).fromSpace).toBe(1);
    expect(lastFrame(heap).newSpace).toMatchObject([{ id: a.id, age: 1, event: 'copied' }]);

    const second = heap.scavenge();
    expect(second).toMatchObject({ number: 2, copied: 0, promoted: 1, bytesPromoted: 100 });
    expect(heap.locate(a)).toMatchObject({ space: 'old', page: 1, offset: 0, age: 2 });
    expect(lastFrame(heap).fromSpace).toBe(0);
    expect(lastFrame(heap).oldSpace[0]!.objects).toMatchObject([{ id: a.id, event: 'promoted' }]);
    expect(heap.stats()).toMatchObject({ scavenges: 2, copied: 1, bytesCopied: 100, promotions: 1, bytesPromoted: 100 });
    checkInvariants(heap);
  });

  it('leaves garbage behind: copied and promoted bytes are exactly the survivors', () => {
    const heap = createHeapModel(SMALL);
    const a = heap.allocate(100, { name: 'a', hold: true });
    const garbage = heap.allocate(200, { name: 'garbage' });
    const child = heap.allocate(50, { name: 'child' });
    heap.allocate(30, { name: 'b', refs: [child], hold: true });
    const orphan = heap.allocate(70, { name: 'orphan', refs: [a] });

    const first = heap.scavenge();
    // a (100), b (30) and child (50, reachable through b) survive; garbage and orphan do not.
    expect(first).toMatchObject({ copied: 3, bytesCopied: 180, promoted: 0, freed: 2, bytesFreed: 270 });
    expect(heap.locate(garbage)).toBeNull();
    expect(heap.locate(orphan)).toBeNull();
    expect(() => heap.link(a, garbage)).toThrow(
      'object #2 was freed by scavenge #1: nothing held it (hold it with heap.hold(name, handle))',
    );
    // Copies are packed from the start of the to-space, in the order the scavenger reached them.
    expect(lastFrame(heap).newSpace.map((b) => [b.name, b.offset])).toEqual([
      ['a', 0],
      ['b', 100],
      ['child', 130],
    ]);
    // The semi-space it left still shows where everything was, and what became of it.
    expect(lastFrame(heap).toSpace.map((s) => [s.name, s.offset, s.fate])).toEqual([
      ['a', 0, 'copied'],
      ['garbage', 100, 'freed'],
      ['child', 300, 'copied'],
      ['b', 350, 'copied'],
      ['orphan', 380, 'freed'],
    ]);

    const second = heap.scavenge();
    expect(second).toMatchObject({ copied: 0, promoted: 3, bytesPromoted: 180, freed: 0 });
    expect(heap.stats()).toMatchObject({ bytesCopied: 180, bytesPromoted: 180, freedBytes: 270, freed: 2 });
    checkInvariants(heap);
  });

  it('runs when an allocation does not fit in the from-space, keeping what the new object refers to', () => {
    const heap = createHeapModel(SMALL);
    heap.allocate(200, { name: 'kept', hold: true });
    for (let i = 0; i < 3; i++) heap.allocate(250, { name: `tmp${i}` });
    const tmp = heap.allocate(50, { name: 'tmp' }); // 1000 of 1024 bytes used
    expect(heap.stats().scavenges).toBe(0);

    const next = heap.allocate(100, { name: 'next', refs: [tmp], hold: true });
    const frames = heap.frames.slice(-2);
    expect(frames.map((f) => f.kind)).toEqual(['scavenge', 'allocate']);
    expect(frames[0]!.step).toBe(
      "scavenge #1 (allocation of 100 B 'next' did not fit): 2 copied (250 B), 0 promoted (0 B), 3 dead objects left behind",
    );
    // `tmp` was not held, but the allocation in progress refers to it: it survived.
    expect(heap.locate(tmp)).toMatchObject({ space: 'new', offset: 200, age: 1 });
    expect(heap.locate(next)).toMatchObject({ space: 'new', offset: 250, age: 0 });
    expect(heap.stats()).toMatchObject({ scavenges: 1, freed: 3, freedBytes: 750, newSpace: { usedBytes: 350 } });
    checkInvariants(heap);
  });

  it('puts an object in old space when the survivors still fill the semi-space', () => {
    const heap = createHeapModel(SMALL);
    for (let i = 0; i < 4; i++) heap.allocate(256, { name: `k${i}`, hold: true });
    const extra = heap.allocate(100, { name: 'extra', hold: true });
    expect(heap.stats().scavenges).toBe(1);
    expect(heap.locate(extra)).toMatchObject({ space: 'old', page: 1, offset: 0 });
    expect(lastFrame(heap).step).toBe(
      "allocate 100 B #5 'extra' in old space, page 1 (new space still full after the scavenge), held as 'extra'",
    );
    checkInvariants(heap);
  });

  it('treats old-to-new references as roots, even from old garbage, until a full collection', () => {
    const heap = createHeapModel(SMALL);
    const holder = heap.allocate(100, { name: 'holder', hold: true });
    heap.scavenge();
    heap.scavenge();
    expect(heap.locate(holder)?.space).toBe('old');
    const young = heap.allocate(60, { name: 'young' });
    heap.link(holder, young);
    expect(heap.stats().barrierRecords).toBe(1);
    heap.drop('holder');
    // The scavenger does not know the old object is garbage: its slot keeps `young` alive.
    expect(heap.scavenge()).toMatchObject({ copied: 1, freed: 0 });
    expect(heap.locate(young)).toMatchObject({ space: 'new', age: 1 });
    // Marking from the roots finds both unreachable.
    expect(heap.markSweep()).toMatchObject({ promoted: 0, freed: 2, bytesFreed: 160, pagesFreed: 1 });
    expect(heap.locate(young)).toBeNull();
    checkInvariants(heap);
  });
});

/** Four objects of 256 B held as k0…k3 in old page 1 (two scavenges promote them). */
function fullOldPage(heap: HeapModel, prefix: string) {
  const handles = [0, 1, 2, 3].map((i) => heap.allocate(256, { name: `${prefix}${i}`, hold: true }));
  heap.scavenge();
  heap.scavenge();
  return handles;
}

describe('mark-sweep and mark-compact', () => {
  it('frees unreachable old objects, a cycle among them, and leaves gaps that first-fit reuses', () => {
    const heap = createHeapModel(SMALL);
    const [k0, k1, k2, k3] = fullOldPage(heap, 'k');
    expect([k0, k1, k2, k3].map((k) => heap.locate(k!))).toMatchObject(
      [0, 256, 512, 768].map((offset) => ({ space: 'old', page: 1, offset })),
    );
    heap.link(k0!, k1!);
    heap.link(k1!, k0!);
    heap.drop('k0');
    heap.drop('k1');
    heap.drop('k2');

    const sweep = heap.markSweep();
    expect(sweep).toMatchObject({ kind: 'mark-sweep', number: 1, freed: 3, bytesFreed: 768, pagesFreed: 0, moved: 0 });
    expect(heap.locate(k0!)).toBeNull();
    expect(heap.locate(k1!)).toBeNull();
    expect(heap.locate(k3!)).toMatchObject({ space: 'old', page: 1, offset: 768 });
    const page = lastFrame(heap).oldSpace[0]!;
    expect(page).toMatchObject({ id: 1, size: 1024, top: 1024 });
    expect(heap.stats().oldSpace).toMatchObject({ objects: 1, usedBytes: 256, gapBytes: 768, pages: 1 });
    checkInvariants(heap);

    // The next promotion fills the gap from its start.
    const n = heap.allocate(200, { name: 'n', hold: true });
    heap.scavenge();
    heap.scavenge();
    expect(heap.locate(n)).toMatchObject({ space: 'old', page: 1, offset: 0 });
    expect(heap.stats().oldSpace.gapBytes).toBe(568);
    checkInvariants(heap);
  });

  it('promotes every live young object, whatever its age, and frees young garbage', () => {
    const heap = createHeapModel(SMALL);
    const a = heap.allocate(100, { name: 'a', hold: true });
    heap.allocate(100, { name: 'dead' });
    expect(heap.markSweep()).toMatchObject({ promoted: 1, bytesPromoted: 100, freed: 1, bytesFreed: 100 });
    expect(heap.locate(a)).toMatchObject({ space: 'old', age: 1 });
    expect(lastFrame(heap).newSpace).toEqual([]);
    expect(lastFrame(heap).toSpace.map((s) => s.fate)).toEqual(['promoted', 'freed']);
    checkInvariants(heap);
  });

  it('compaction moves live objects out of sparse pages and frees them', () => {
    const heap = createHeapModel(SMALL);
    const page1 = fullOldPage(heap, 'p');
    const page2 = fullOldPage(heap, 'q');
    expect(heap.stats().oldSpace.pages).toBe(2);
    for (const name of ['p0', 'p1', 'p2', 'q1', 'q2', 'q3']) heap.drop(name);
    heap.markSweep();
    // Each page keeps one object: page 1 at its end, page 2 at its start.
    expect(heap.locate(page1[3]!)).toMatchObject({ page: 1, offset: 768 });
    expect(heap.locate(page2[0]!)).toMatchObject({ page: 2, offset: 0 });
    expect(heap.stats().oldSpace).toMatchObject({ pages: 2, usedBytes: 512, gapBytes: 768 });

    const compact = heap.compact();
    expect(compact).toMatchObject({ kind: 'mark-compact', number: 1, moved: 1, bytesMoved: 256, pagesFreed: 1, freed: 0 });
    expect(heap.locate(page1[3]!)).toMatchObject({ space: 'old', page: 2, offset: 256 });
    expect(heap.locate(page2[0]!)).toMatchObject({ page: 2, offset: 0 });
    expect(heap.stats()).toMatchObject({
      compactions: 1,
      moved: 1,
      bytesMoved: 256,
      pagesFreed: 1,
      oldSpace: { pages: 1, gapBytes: 0, usedBytes: 512 },
    });
    expect(lastFrame(heap).oldSpace[0]!.objects.map((b) => [b.name, b.event])).toEqual([
      ['q0', null],
      ['p3', 'moved'],
    ]);
    checkInvariants(heap);
  });

  it('leaves pages filled to at least compactBelow where they are', () => {
    const heap = createHeapModel({ ...SMALL, compactBelow: 0.25 });
    fullOldPage(heap, 'p');
    fullOldPage(heap, 'q');
    for (const name of ['p0', 'p1', 'q1', 'q2', 'q3']) heap.drop(name);
    // Page 1 is half full, page 2 a quarter full: only page 2 would be a candidate, but nothing is below 25 %.
    expect(heap.compact()).toMatchObject({ moved: 0, pagesFreed: 0 });
    expect(heap.stats().oldSpace.pages).toBe(2);
  });
});

describe('large-object space', () => {
  it('takes objects over the threshold, one per page, and a full collection frees them when dropped', () => {
    const heap = createHeapModel(SMALL);
    const big = heap.allocate(5000, { name: 'big', hold: true });
    heap.allocate(257, { name: 'also-large' });
    expect(heap.locate(big)).toEqual({ space: 'large', page: 1, offset: 0, size: 5000, age: 0 });
    expect(lastFrame(heap).largeObjects.map((p) => [p.id, p.size, p.objects.length])).toEqual([
      [1, 5000, 1],
      [2, 257, 1],
    ]);
    expect(heap.stats().newSpace.usedBytes).toBe(0);
    heap.drop('big');
    // Scavenges never touch it.
    expect(heap.scavenge()).toMatchObject({ freed: 0 });
    expect(heap.locate(big)).not.toBeNull();
    expect(heap.markSweep()).toMatchObject({ freed: 2, bytesFreed: 5257, pagesFreed: 2 });
    expect(heap.locate(big)).toBeNull();
    expect(heap.stats().largeObjectSpace).toEqual({ objects: 0, usedBytes: 0, liveBytes: 0, pages: 0 });
    checkInvariants(heap);
  });
});

describe('the old-space limit', () => {
  it('runs a mark-compact before an allocation that would pass it, then raises it', () => {
    // Objects over 256 B go straight to the large-object space, part of the old generation.
    const heap = createHeapModel({ ...SMALL, oldSpaceLimit: 1000 });
    heap.allocate(400, { name: 'gone', hold: true });
    heap.allocate(400, { name: 'keep', hold: true });
    heap.drop('gone');
    expect(heap.stats().compactions).toBe(0);
    heap.allocate(300, { name: 'c', hold: true }); // 800 + 300 > 1000: collect first
    expect(heap.stats()).toMatchObject({ compactions: 1, freed: 1, largeObjectSpace: { objects: 2, usedBytes: 700 } });
    expect(heap.frames.at(-2)!.step).toBe(
      'mark-compact #1 (old generation 1.07 KiB would pass its limit 1000 B): 1 live, 1 freed (400 B), 0 young promoted, 0 moved (0 B), 1 page freed',
    );
    // The limit is now 1000 B again (1.5 × 400 B live is less): 700 + 300 fits, 1000 + 257 does not.
    heap.allocate(300, { name: 'd', hold: true });
    expect(heap.stats().compactions).toBe(1);
    heap.allocate(257, { name: 'e', hold: true });
    expect(heap.stats().compactions).toBe(2);
    // After it, 1.5 × 1000 B live: the limit grew to 1500 B, which 1257 + 257 passes.
    heap.allocate(257, { name: 'f', hold: true });
    expect(heap.stats().compactions).toBe(3);
    expect(heap.frames.at(-2)!.step).toMatch(/^mark-compact #3 \(old generation 1\.48 KiB would pass its limit 1\.46 KiB\)/);
    checkInvariants(heap);
  });

  it('is off by default', () => {
    const heap = createHeapModel(SMALL);
    for (let i = 0; i < 20; i++) heap.allocate(1000, { name: `big${i}` });
    expect(heap.stats()).toMatchObject({ markSweeps: 0, compactions: 0, largeObjectSpace: { objects: 20 } });
  });
});

describe('recording', () => {
  it('records a frame after every operation, with the step, the layout and the counters', () => {
    const heap = createHeapModel(SMALL);
    const a = heap.allocate(1024, { name: 'a' });
    heap.hold('a', a);
    const b = heap.allocate(16, { name: 'b' });
    heap.link(a, b);
    heap.unlink(a, b);
    heap.drop('a');
    expect(heap.frames.map((f) => `${f.kind}: ${f.step}`)).toEqual([
      'start: new heap: semi-spaces 2 × 1.00 KiB, old-space pages of 1.00 KiB, large objects over 256 B',
      "allocate: allocate 1.00 KiB #1 'a' in large-object space, page 1",
      "hold: hold 'a' → #1 'a'",
      "allocate: allocate 16 B #2 'b' in new space",
      "link: link #1 'a' → #2 'b'",
      "unlink: unlink #1 'a' → #2 'b'",
      "drop: drop 'a' (was #1 'a')",
    ]);
    expect(heap.frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(heap.frames[1]!.largeObjects[0]!.objects[0]).toEqual({
      id: 1,
      name: 'a',
      size: 1024,
      offset: 0,
      age: 0,
      live: false,
      event: 'allocated',
    });
    expect(heap.frames[2]!.largeObjects[0]!.objects[0]).toMatchObject({ live: true, event: null });
    expect(heap.frames[2]!.roots).toEqual([{ name: 'a', id: 1 }]);
    // The write barrier recorded the large object's reference to a young one.
    expect(heap.frames[4]!.counters.barrierRecords).toBe(1);
  });

  it('records one frame per cycle of run(), naming the collections it ran', () => {
    const heap = createHeapModel(SMALL);
    heap.run(5, (h, i) => {
      h.allocate(250, { name: `x${i}` });
    });
    const steps = heap.frames.slice(1).map((f) => f.step);
    expect(steps).toEqual([
      'cycle 1/5: 1 allocation (250 B)',
      'cycle 2/5: 1 allocation (250 B)',
      'cycle 3/5: 1 allocation (250 B)',
      'cycle 4/5: 1 allocation (250 B)',
      "cycle 5/5: 1 allocation (250 B); scavenge #1 (allocation of 250 B 'x4' did not fit): 0 copied (0 B), 0 promoted (0 B), 4 dead objects left behind",
    ]);
    expect(heap.frames.every((f) => f.kind === 'cycle' || f.kind === 'start')).toBe(true);
  });

  it('keeps the first and the last frames and counts the others', () => {
    const heap = createHeapModel({ ...SMALL, keepFirstFrames: 5, keepLastFrames: 3 });
    heap.run(50, (h, i) => {
      h.allocate(64, { name: `x${i}` });
    });
    expect(heap.frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 48, 49, 50]);
    expect(heap.omittedFrames).toBe(43);
    const data = mimeData(heap);
    expect(data).toMatchObject({ totalFrames: 51, omittedFrames: 43 });
    expect(data.frames.at(-1)!.counters).toEqual(data.counters);

    const many = createHeapModel(SMALL);
    many.run(500, (h) => {
      h.allocate(100);
      h.scavenge();
    });
    expect(many.frames).toHaveLength(60);
    expect(many.omittedFrames).toBe(441);
  });

  it('records the cycle an error stopped, and refuses nested runs', () => {
    const heap = createHeapModel(SMALL);
    expect(() =>
      heap.run(3, (h, i) => {
        h.allocate(10);
        if (i === 1) h.drop('nobody');
      }),
    ).toThrow("no root is named 'nobody' (roots: none)");
    expect(lastFrame(heap).step).toBe('cycle 2/3: 1 allocation (10 B); stopped by an error');
    expect(() => heap.run(1, (h) => h.run(1, () => {}))).toThrow('run() cannot be nested');
    heap.run(1, (h) => h.allocate(5));
    expect(lastFrame(heap).step).toBe('cycle 1/1: 1 allocation (5 B)');
  });
});

function mimeData(heap: HeapModel): HeapModelData {
  const bundle = (heap as unknown as Record<symbol, () => MimeBundle>)[Symbol.for('heapbook.mime')]!();
  return bundle['application/vnd.heapbook.v8heap+json']!;
}

describe('rich output', () => {
  it('offers a text summary and plain JSON data under Symbol.for("heapbook.mime")', () => {
    const heap = createHeapModel(SMALL);
    const a = heap.allocate(100, { name: 'a', hold: true });
    heap.allocate(600, { name: 'big' });
    heap.allocate(50, { refs: [a] });
    heap.scavenge();
    const bundle = (heap as unknown as Record<symbol, () => MimeBundle>)[Symbol.for('heapbook.mime')]!();
    expect(Object.keys(bundle)).toEqual(['text/plain', 'application/vnd.heapbook.v8heap+json']);
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(bundle);
    expect(bundle['text/plain']).toMatchInlineSnapshot(`
      "V8 heap model: a model of V8's published heap design, not V8 itself
      new space    1 object, 100 B used (100 B live) of a 1.00 KiB semi-space
      old space    0 pages of 1.00 KiB, 0 objects, 0 B used (0 B live)
      large space  1 object, 600 B used (0 B live)
      roots        a → #1 'a'
      scavenges    1: 1 copied (100 B), 0 promoted (0 B)
      full GCs     0 mark-sweeps, 0 mark-compacts: 0 moved (0 B), 0 pages freed
      allocated    3 objects (750 B), freed 1 (50 B)
      frames       5 recorded, 5 kept"
    `);
    const data = bundle['application/vnd.heapbook.v8heap+json']!;
    expect(data.config).toEqual({ semiSpace: 1024, page: 1024, largeObject: 256, oldSpaceLimit: null, compactBelow: 0.5 });
    expect(data.notes.join(' ')).toContain('--always-promote-young-mc');
    expect(String(heap)).toBe(bundle['text/plain']);
  });

  it('names the first roots in the summary and counts the others', () => {
    const heap = createHeapModel(SMALL);
    for (let i = 0; i < 10; i++) heap.allocate(8, { name: `r${i}`, hold: true });
    expect(String(heap).split('\n')[4]).toBe(
      "roots        r0 → #1 'r0', r1 → #2 'r1', r2 → #3 'r2', r3 → #4 'r3', r4 → #5 'r4', r5 → #6 'r5', r6 → #7 'r6', r7 → #8 'r7', and 2 more",
    );
  });

  it('has small defaults', () => {
    expect(createHeapModel().config).toEqual({ semiSpace: 16384, page: 16384, largeObject: 4096, oldSpaceLimit: null, compactBelow: 0.5 });
  });
});

describe('mistakes a cell can make', () => {
  it('says what is wrong', () => {
    const heap = createHeapModel(SMALL);
    expect(() => heap.allocate(0)).toThrow('size must be a whole number of bytes, at least 1 (got 0)');
    expect(() => heap.allocate(1.5)).toThrow(RangeError);
    expect(() => heap.allocate(8, { hold: true })).toThrow('needs a name');
    expect(() => heap.hold('x', 99)).toThrow('there is no object #99 in this heap');
    expect(() => heap.hold('x', {} as never)).toThrow('expected a handle returned by allocate()');
    const a = heap.allocate(8);
    const b = heap.allocate(8);
    expect(() => heap.unlink(a, b)).toThrow('#1 does not refer to #2');
    expect(() => createHeapModel({ semiSpace: 1024, largeObject: 2048 })).toThrow('largeObject (2048) must not exceed semiSpace (1024)');
    expect(() => createHeapModel({ compactBelow: 0 })).toThrow('compactBelow must be a fraction');
  });
});

describe('invariants over a long random script', () => {
  it('never overlaps objects, never frees what is reachable, and accounts for every byte', () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const heap = createHeapModel({ semiSpace: 2048, page: 2048, largeObject: 512, oldSpaceLimit: 6000 });
    const handles: number[] = [];
    for (let step = 0; step < 1500; step++) {
      const alive = handles.filter((id) => heap.locate(id) !== null);
      const reachable = blocksOf(lastFrame(heap))
        .filter((b) => b.live)
        .map((b) => b.id);
      const op = random(20);
      if (op < 10) {
        const refs = alive.length && random(2) ? [alive[random(alive.length)]!] : [];
        const size = random(10) === 0 ? 513 + random(1500) : 8 + random(300);
        const h = heap.allocate(size, { name: `o${step}`, refs });
        handles.push(h.id);
        if (random(3) === 0) heap.hold(`r${random(12)}`, h);
      } else if (op < 13 && alive.length > 1) {
        heap.link(alive[random(alive.length)]!, alive[random(alive.length)]!);
      } else if (op < 15) {
        const roots = lastFrame(heap).roots;
        if (roots.length) heap.drop(roots[random(roots.length)]!.name);
      } else if (op < 17) heap.scavenge();
      else if (op < 18) heap.markSweep();
      else if (op < 19) heap.compact();
      checkInvariants(heap);
      // Only drop() makes objects unreachable here: nothing reachable before the step may be gone.
      if (!(op >= 13 && op < 15)) for (const id of reachable) expect(heap.locate(id), `#${id} after step ${step}`).not.toBeNull();
    }
    const s = heap.stats();
    expect(s.scavenges).toBeGreaterThan(50);
    expect(s.promotions).toBeGreaterThan(10);
    expect(s.compactions).toBeGreaterThan(10);
    expect(s.moved).toBeGreaterThan(0);
  });
});
