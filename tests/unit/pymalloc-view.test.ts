/** The pymalloc renderer: the model's arenas and pools, measured size classes, banner, tables. */
import { describe, expect, it } from 'vitest';
import type { MimeBundle, PymallocData, PymallocFrame } from '../../engine/protocol.ts';
import { drawValueAtBuild } from '../../src/build/build-render-tools.ts';
import { framesToDraw, modelPicture, poolBars, renderPymalloc, statsPicture } from '../../src/shared/render/pymalloc-view.ts';
import { renderText } from '../../src/i18n/index.ts';
import { svgToView } from '../../src/shared/render/svg-to-view.ts';
import { asDom, findAll, textOf } from './view-html.ts';

const en = renderText('en');
const zh = renderText('zh-CN');
const config = { alignment: 16, threshold: 512, poolSize: 16384, arenaSize: 1048576, poolOverhead: 48, poolsPerArena: 64 };

function frame(index: number, step: string, arenas: PymallocFrame['arenas'], extra: Partial<PymallocFrame> = {}): PymallocFrame {
  return {
    index,
    step,
    kind: 'alloc',
    arenas,
    classes: [{ index: 31, size: 512, pools: 1, used: 20, free: 11 }],
    counters: {
      allocatedBlocks: 20,
      blocksInUse: 20,
      freeBlocks: 5,
      untouchedBlocks: 6,
      poolsUsed: 1,
      poolsFull: 0,
      poolsEmpty: 1,
      poolsNeverUsed: 62,
      arenas: 1,
      arenaBytes: 1048576,
      arenasReleased: 1,
    },
    ...extra,
  };
}

/** Arena 0 with a pool of 512-byte blocks (20 in use, 5 freed, 6 never used) and an empty pool; arena 1 released. */
function model(frames = 2): PymallocData {
  const arenas = [
    {
      id: 0,
      released: false,
      pools: [
        { size: 512, used: 20, free: 5, untouched: 6 },
        { size: 0, used: 0, free: 0, untouched: 0 },
      ],
    },
    { id: 1, released: true, pools: [] },
  ];
  const all = Array.from({ length: frames }, (_, i) =>
    i === 0 ? frame(0, 'a new model: no arenas yet', [], { kind: 'start' }) : frame(i, `step ${i}`, arenas),
  );
  return { source: 'model', label: 'CPython 3.14, 64-bit', config, frames: all, totalFrames: frames, omittedFrames: 0, notes: ['a note'] };
}

describe('pymalloc model picture', () => {
  it('fills a pool from the bottom: in use, freed, never used, adding up to its height', () => {
    expect(poolBars({ size: 512, used: 20, free: 5, untouched: 6 }, 31)).toEqual({ used: 20, free: 5, untouched: 6 });
    const bars = poolBars({ size: 16, used: 1, free: 0, untouched: 1020 }, 24);
    expect(bars.used + bars.free + bars.untouched).toBeCloseTo(24);
    expect(poolBars({ size: 0, used: 0, free: 0, untouched: 0 }, 24)).toEqual({ used: 0, free: 0, untouched: 24 });
  });

  it('draws every pool of an arena: used, empty and not yet carved, and a released arena dashed', () => {
    const data = model();
    const picture = modelPicture(data.frames[1]!, data, en);
    const rects = findAll(picture, 'rect');
    const count = (cls: string) => rects.filter((r) => r.attrs?.['class'] === cls).length;
    // Each kind of pool rectangle is one path of closed subpaths, "Mx yhWvHh-Wz" per pool.
    const paths = findAll(picture, 'path');
    const boxes = (cls: string) =>
      paths
        .filter((p) => p.attrs?.['class'] === cls)
        .flatMap((p) => [...p.attrs!['d']!.matchAll(/M(-?[\d.]+) (-?[\d.]+)h(-?[\d.]+)v(-?[\d.]+)h(-?[\d.]+)z/g)])
        .map((m) => ({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]), back: Number(m[5]) }));
    for (const cls of ['hb-pool', 'hb-pool-used', 'hb-pool-free', 'hb-pool-empty']) {
      expect(paths.filter((p) => p.attrs?.['class'] === cls)).toHaveLength(1);
      expect(boxes(cls)).toHaveLength(1);
      expect(boxes(cls)[0]!.back).toBe(-boxes(cls)[0]!.width);
    }
    // Pool 0 (512-byte blocks) and pool 1 (empty) side by side, 584/32 wide each, outlines inset by half a pixel.
    expect(boxes('hb-pool')[0]).toMatchObject({ x: 112.5, width: 17.3, height: 25 });
    expect(boxes('hb-pool-empty')[0]).toMatchObject({ x: 130.8, width: 17.3, height: 25 });
    expect(count('hb-pool')).toBe(0);
    // Pools 2 to 63 were never carved: one dashed strip for the rest of each row of 32.
    const never = rects.filter((r) => r.attrs?.['class'] === 'hb-pool-never');
    expect(never).toHaveLength(2);
    expect(never.map((r) => Math.round(Number(r.attrs!['width']) / (584 / 32)))).toEqual([30, 32]);
    expect(count('hb-arena-released')).toBe(1);
    const used = boxes('hb-pool-used')[0]!;
    const free = boxes('hb-pool-free')[0]!;
    // 20 of 31 blocks in use: the dark bar is four times the freed one (5 blocks), the freed one right above it.
    expect(used.height / free.height).toBeCloseTo(4, 0);
    expect(free.y + free.height).toBeCloseTo(used.y, 1);
    const texts = findAll(picture, 'text').map(textOf);
    expect(texts).toEqual(
      expect.arrayContaining([
        'arena 0',
        '1 of 64 pools in use',
        '1 empty',
        '512',
        'arena 1',
        'released to the OS: all its pools were empty',
      ]),
    );
    expect(texts).not.toContain('empty');
    expect(texts[0]).toBe('Step 1: step 1');
    expect(picture.attrs?.['aria-label']).toBe(
      'Step 1: step 1. 20 blocks in use, 5 freed, 6 never used; 1 arena (1.00 MiB), 1 released to the OS.',
    );
  });

  it('says when there are no arenas yet, and counts the arenas it does not draw', () => {
    const data = model();
    expect(findAll(modelPicture(data.frames[0]!, data, en), 'text').map(textOf)).toContain('no arenas yet');
    const many = frame(
      1,
      'many',
      Array.from({ length: 6 }, (_, id) => ({ id, released: false, pools: [] })),
    );
    const texts = findAll(modelPicture(many, data, en), 'text').map(textOf);
    expect(texts.filter((t) => t.startsWith('arena '))).toEqual(['arena 0', 'arena 1', 'arena 2', 'arena 3']);
    expect(texts).toContain('+2 more arenas not drawn');
  });

  it('uses only elements and attributes the SVG sanitiser keeps, and no style', () => {
    const view = renderPymalloc(model(), { text: en });
    const svgs = findAll(view, 'svg');
    // The empty start is not drawn once a step follows it.
    expect(svgs.map((s) => s.attrs?.['class'])).toEqual(['hb-pymalloc-legend', 'hb-pymalloc-frame']);
    for (const svg of svgs) {
      expect(svgToView(asDom(svg))).toEqual(svg);
      expect(JSON.stringify(svg)).not.toContain('style');
    }
  });
});

describe('pymalloc figure', () => {
  it('says it is a model of CPython, not this engine, with a legend, the tables and the notes', () => {
    const view = renderPymalloc(model(), { text: en });
    expect(view.attrs).toEqual({ class: 'hb-figure hb-pymalloc' });
    expect(textOf(view.children[0]!)).toBe("A model of CPython's small-object allocator (CPython 3.14, 64-bit), not this engine");
    expect(textOf(view.children[1]!)).toBe(
      'Requests up to 512 B in size classes 16 B apart, pools of 16.0 KiB, arenas of 1.00 MiB. 2 steps recorded, 1 drawn.',
    );
    expect(findAll(findAll(view, 'svg')[0]!, 'text').map(textOf)).toEqual([
      'blocks in use',
      'freed (on the free list)',
      'never used',
      'empty pool',
      'pool not carved yet',
      'arena released',
    ]);
    expect(findAll(view, 'caption').map(textOf)).toEqual(['Counters at each drawn step', 'Size classes in use at step 1 (step 1)']);
    const rows = findAll(findAll(view, 'table')[0]!, 'tr').map((tr) => findAll(tr, 'td').map(textOf));
    expect(rows[1]).toEqual(['a new model: no arenas yet', '20', '20', '5', '6', '1', '0', '1', '1', '1', '1.00 MiB']);
    expect(findAll(view, 'li').map(textOf)).toEqual(['a note']);
  });

  it("uses Chinese for the renderer's own words on a Chinese page", () => {
    const view = renderPymalloc(model(), { text: zh });
    expect(textOf(view.children[0]!)).toBe('这是 CPython 小对象分配器的模型（CPython 3.14, 64-bit），不是本引擎');
    const texts = findAll(findAll(view, 'svg').at(-1)!, 'text').map(textOf);
    expect(texts).toEqual(expect.arrayContaining(['64 个池中 1 个在用', '已还给操作系统：它的池全部空了']));
  });

  it('draws measured snapshots as size-class bars on one scale, so before and after compare', () => {
    const snapshot = (index: number, step: string, pools: number, used: number, free: number): PymallocFrame => ({
      index,
      step,
      kind: 'measured',
      arenas: null,
      classes: [{ index: 1, size: 32, pools, used, free }],
      counters: { blocksInUse: used, availableBlocks: free, pools, arenas: 2, arenaBytes: 2097152, allocatedBlocks: used + 7 },
    });
    const data: PymallocData = {
      source: 'measured',
      label: 'CPython 3.11.7, x86_64',
      config,
      frames: [snapshot(0, 'before', 10, 5000, 100), snapshot(1, 'after', 40, 20000, 400)],
      totalFrames: 2,
      omittedFrames: 0,
      notes: [],
    };
    const view = renderPymalloc(data, { text: en });
    expect(textOf(view.children[0]!)).toBe('pymalloc measured with sys._debugmallocstats() on CPython 3.11.7, x86_64');
    const widths = findAll(view, 'rect')
      .filter((r) => r.attrs?.['class'] === 'hb-class-available')
      .map((r) => Number(r.attrs!['width']));
    expect(widths[1]! / widths[0]!).toBeCloseTo(4, 1);
    const texts = findAll(statsPicture(data.frames[1]!, 40, en), 'text').map(textOf);
    expect(texts).toEqual(expect.arrayContaining(['32 B', '20,000 in use · 400 available · 40 pools']));
    expect(texts[1]).toBe('20,000 blocks in use, 400 available, 40 pools in use, 2 arenas (2.00 MiB); sys.getallocatedblocks() 20,007');
  });

  it('draws at most 12 steps, the first and the last ones, and says which are left out', () => {
    const data = model(30);
    expect(framesToDraw(data.frames).map((f) => f.index)).toEqual([1, 2, 3, 4, 22, 23, 24, 25, 26, 27, 28, 29]);
    const view = renderPymalloc(data, { text: en });
    const gaps = findAll(view, 'p')
      .map(textOf)
      .filter((t) => t.startsWith('…'));
    expect(gaps).toEqual(['… 17 steps not drawn (#5–#21) …']);
    // The table lists the start too, though it is not drawn.
    expect(findAll(findAll(view, 'table')[0]!, 'tbody')[0]!.children).toHaveLength(13);
  });

  it('is what the bundle draws at build, and refuses data without steps', async () => {
    const bundle = { 'text/plain': 'pymalloc_model', 'application/vnd.heapbook.pymalloc+json': model() } as MimeBundle;
    const view = await drawValueAtBuild(bundle, 'content/docs/zh-cn/pymalloc.mdx');
    expect(view.attrs?.['class']).toBe('hb-figure hb-pymalloc');
    const empty = { 'text/plain': 'pymalloc_model', 'application/vnd.heapbook.pymalloc+json': { ...model(), frames: [] } } as MimeBundle;
    expect(textOf(await drawValueAtBuild(empty))).toMatch(/the pymalloc data has no steps\. The value as text:pymalloc_model$/);
  });
});
