/** The V8 heap model's renderer: hand-drawn pictures of each step, a banner, and the counters. */
import { describe, expect, it } from 'vitest';
import type { HeapModelData, MimeBundle } from '../../engine/protocol.ts';
import { createHeapModel, type HeapModel } from '../../engine/js/v8-heap-model.ts';
import { drawValueAtBuild } from '../../src/build/build-render-tools.ts';
import { framePicture, framesToDraw, pageGaps, renderHeapModel } from '../../src/shared/render/heap-model-view.ts';
import { legend, wrapText } from '../../src/shared/render/drawing.ts';
import { renderText } from '../../src/i18n/index.ts';
import { svgToView } from '../../src/shared/render/svg-to-view.ts';
import { h, type ViewNode } from '../../src/shared/view-node.ts';
import { asDom, findAll, textOf, viewToHtml } from './view-html.ts';

const en = renderText('en');
const zh = renderText('zh-CN');

function dataOf(heap: HeapModel): HeapModelData {
  const bundle = (heap as unknown as Record<symbol, () => MimeBundle>)[Symbol.for('heapbook.mime')]!();
  return JSON.parse(JSON.stringify(bundle['application/vnd.heapbook.v8heap+json'])) as HeapModelData;
}

/** A tiny heap: 'a' is held, 'tmp' is garbage, then one scavenge. Pages and semi-spaces of 1 KiB. */
function tiny(): HeapModelData {
  const heap = createHeapModel({ semiSpace: 1024, page: 1024, largeObject: 256 });
  heap.allocate(256, { name: 'a', hold: true });
  heap.allocate(128, { name: 'tmp' });
  heap.scavenge();
  return dataOf(heap);
}

describe('heap model picture', () => {
  it('draws the semi-spaces, the survivor, and what the scavenge left in the to-space', () => {
    const data = tiny();
    const scavenge = data.frames.at(-1)!;
    expect(scavenge.kind).toBe('scavenge');
    expect(viewToHtml(framePicture(scavenge, data, en))).toMatchInlineSnapshot(`
      "<svg viewBox="0 0 700 124" width="700" class="hb-heap-frame" role="img" aria-label="Step 3: scavenge #1 (requested): 1 copied (256 B), 0 promoted (0 B), 1 dead object left behind. New space: 1 objects, 256 B of 1.00 KiB. Old space: 0 pages, 0 objects, 0 B used, 0 B in gaps. Large-object space: 0 objects, 0 B." font-family="system-ui, sans-serif" fill="#18181b">
        <path class="hb-space" fill="#fafafa" stroke="#71717a" d="M112 21h584v26h-584zM112 53h584v26h-584z"></path>
        <path class="hb-stale hb-stale-copied" fill="#ffffff" stroke="#15803d" stroke-dasharray="4 3" d="M112.5 23h145v22h-145z"></path>
        <path class="hb-stale hb-stale-freed" fill="#ffffff" stroke="#a1a1aa" stroke-dasharray="4 3" d="M258.5 23h72v22h-72z"></path>
        <path class="hb-obj" fill="#818cf8" stroke="#15803d" stroke-width="2" d="M112.5 55h145v22h-145z"></path>
        <text x="0" y="12" font-size="12" font-weight="600">Step 3: scavenge #1 (requested): 1 copied (256 B), 0 promoted (0 B), 1 dead object left behind</text>
        <text x="0" y="32" font-size="11">to-space (A)</text>
        <text x="0" y="44" font-size="9" fill="#52525b">0 B / 1.00 KiB</text>
        <text x="185" y="38" font-size="10" text-anchor="middle" fill="#71717a">a</text>
        <text x="294.5" y="38" font-size="10" text-anchor="middle" fill="#71717a">tmp</text>
        <text x="0" y="64" font-size="11">from-space (B)</text>
        <text x="0" y="76" font-size="9" fill="#52525b">256 B / 1.00 KiB</text>
        <text x="185" y="70" font-size="10" text-anchor="middle">a</text>
        <text x="112" y="95" font-size="10" fill="#52525b">old space: no pages</text>
        <text x="112" y="115" font-size="10" fill="#52525b">large-object space: empty</text>
        <path class="hb-root" fill="#18181b" d="M114.5 52H121.5L118 57z"></path>
        <path class="hb-top" fill="none" stroke="#18181b" stroke-width="1.5" d="M258 51V81"></path>
      </svg>"
    `);
  });

  it('uses only elements and attributes the SVG sanitiser keeps, and no style', async () => {
    const heap = createHeapModel({ semiSpace: 1024, page: 1024, largeObject: 256 });
    heap.allocate(5000, { name: 'big', hold: true });
    const a = heap.allocate(200, { name: 'a', hold: true });
    heap.allocate(200, { name: 'b', refs: [a], hold: true });
    heap.scavenge();
    heap.scavenge();
    heap.drop('a');
    heap.compact();
    const view = renderHeapModel(dataOf(heap), { text: en });
    const svgs = findAll(view, 'svg');
    expect(svgs.length).toBeGreaterThan(5);
    for (const svg of svgs) {
      expect(svgToView(asDom(svg))).toEqual(svg);
      expect(JSON.stringify(svg)).not.toContain('style');
    }
  });

  it('labels the blocks that have room, garbage in grey, and cuts a large object wider than the picture', () => {
    const heap = createHeapModel({ semiSpace: 1024, page: 1024, largeObject: 256 });
    heap.allocate(5000, { name: 'big', hold: true });
    heap.allocate(200, { name: 'garbage' });
    heap.allocate(4, { name: 'too-small-for-a-label' });
    const data = dataOf(heap);
    const picture = framePicture(data.frames.at(-1)!, data, en);
    const texts = findAll(picture, 'text').map(textOf);
    expect(texts).toEqual(expect.arrayContaining(['big', 'garbage', 'large page 1', '4.88 KiB']));
    expect(texts).not.toContain('too-small-for-a-label');
    // Garbage is grey and dashed: 'garbage' (200 B of a 1 KiB semi-space) and the 4 B block just
    // allocated, in two paths because the new one is outlined as allocated.
    const garbage = findAll(picture, 'path').filter((p) => p.attrs?.['fill'] === '#e4e4e7');
    expect(garbage.map((p) => [p.attrs?.['class'], p.attrs?.['stroke'], p.attrs?.['stroke-dasharray'], p.attrs?.['d']])).toEqual([
      ['hb-obj', '#52525b', '3 2', 'M112.5 23h113.1v22h-113.1z'],
      ['hb-obj', '#18181b', '3 2', 'M226.6 23h1.3v22h-1.3z'],
    ]);
    const kinds = findAll(picture, 'path').map((p) => p.attrs?.['class']);
    expect(kinds.filter((k) => k === 'hb-cut')).toHaveLength(1);
    // Shapes first, labels over them: no rectangle or polygon is left as an element of its own.
    expect(findAll(picture, 'rect').length + findAll(picture, 'polygon').length + findAll(picture, 'line').length).toBe(0);
  });

  it('marks the gaps sweeping leaves, and what compaction moved', () => {
    const heap = createHeapModel({ semiSpace: 1024, page: 1024, largeObject: 256 });
    for (const prefix of ['p', 'q']) {
      for (let i = 0; i < 4; i++) heap.allocate(256, { name: `${prefix}${i}`, hold: true });
      heap.scavenge();
      heap.scavenge();
    }
    for (const name of ['p0', 'p1', 'p2', 'q1', 'q2', 'q3']) heap.drop(name);
    heap.markSweep();
    let data = dataOf(heap);
    let frame = data.frames.at(-1)!;
    expect(frame.oldSpace.map(pageGaps)).toEqual([[{ offset: 0, size: 768 }], []]);
    const gaps = findAll(framePicture(frame, data, en), 'path').filter((r) => r.attrs?.['class'] === 'hb-gap');
    expect(gaps.map((r) => [r.attrs?.['d'], r.attrs?.['fill']])).toEqual([['M112 85h438v26h-438z', '#fee2e2']]);
    heap.compact();
    data = dataOf(heap);
    frame = data.frames.at(-1)!;
    const paths = findAll(framePicture(frame, data, en), 'path');
    // p3 (#4) moved out of page 1 into page 2, and page 1 was freed: one block outlined as moved.
    const moved = paths.filter((r) => r.attrs?.['stroke'] === '#b91c1c');
    expect(moved.map((r) => [r.attrs?.['class'], r.attrs?.['stroke-width'], r.attrs?.['d']?.match(/M/g)?.length])).toEqual([
      ['hb-obj', '2', 1],
    ]);
    expect(findAll(framePicture(frame, data, en), 'text').map(textOf)).toEqual(expect.arrayContaining(['old page 2', '512 B / 1.00 KiB']));
    expect(frame.oldSpace.map((p) => p.id)).toEqual([2]);
  });
});

describe('heap model figure', () => {
  it('says it is a model of V8, not V8, above the pictures, with a legend, the counters and the notes', () => {
    const view = renderHeapModel(tiny(), { text: en });
    expect(view.attrs).toEqual({ class: 'hb-figure hb-heap-model' });
    const first = view.children[0] as ViewNode;
    expect(first).toEqual({
      tag: 'p',
      attrs: { class: 'hb-banner', role: 'note' },
      children: ["A model of V8's published heap design, not V8 itself"],
    });
    expect(textOf(view.children[1]!)).toBe(
      'Two semi-spaces of 1.00 KiB, old-space pages of 1.00 KiB, objects over 256 B in the large-object space. 4 steps recorded, 4 drawn.',
    );
    expect(findAll(view, 'svg').map((s) => s.attrs?.['class'])).toEqual([
      'hb-heap-legend',
      'hb-heap-frame',
      'hb-heap-frame',
      'hb-heap-frame',
      'hb-heap-frame',
    ]);
    expect(findAll(findAll(view, 'svg')[0]!, 'text').map(textOf)).toEqual([
      'new (age 0)',
      'survived a scavenge',
      'old space',
      'large object',
      'garbage, not yet freed',
      'free gap',
      'held (root)',
      'just allocated',
      'copied',
      'promoted',
      'moved by compaction',
      'left in to-space',
    ]);
    expect(findAll(view, 'summary').map(textOf)).toEqual(['Counters at each drawn step']);
    expect(findAll(view, 'tr').map(textOf)).toMatchInlineSnapshot(`
      [
        "#stepscavengescopiednew space",
        "0new heap: semi-spaces 2 × 1.00 KiB, old-space pages of 1.00 KiB, large objects over 256 B000 B",
        "1allocate 256 B #1 'a' in new space, held as 'a'00256 B",
        "2allocate 128 B #2 'tmp' in new space00384 B",
        "3scavenge #1 (requested): 1 copied (256 B), 0 promoted (0 B), 1 dead object left behind11256 B",
      ]
    `);
    expect(findAll(view, 'li').length).toBeGreaterThanOrEqual(4);
    // The counters that stayed 0 have no column; the line under the table names them.
    const details = findAll(view, 'details')[0]!;
    expect(findAll(details, 'li').map(textOf)).toEqual([
      '0 at every drawn step, so not given a column: promoted, mark-sweeps, mark-compacts, moved, pages freed, old space, gaps, large objects.',
    ]);
    expect(
      findAll(renderHeapModel(tiny(), { text: zh }), 'details')
        .flatMap((d) => findAll(d, 'li'))
        .map(textOf),
    ).toEqual(['以下各项在每个已画出的步骤中都是 0，不单列：晋升、标记-清除、标记-整理、移动、释放的页、老生代、空隙、大对象。']);
  });

  it("uses Chinese for the renderer's own words on a Chinese page", () => {
    const view = renderHeapModel(tiny(), { text: zh });
    expect(textOf(view.children[0]!)).toBe('这是按 V8 公开设计搭建的堆模型，不是 V8 本身');
    expect(textOf(view.children[1]!)).toBe(
      '两个半空间各 1.00 KiB，老生代页大小 1.00 KiB，大于 256 B 的对象放入大对象空间。共记录 4 步，画出其中 4 步。',
    );
    const frame = findAll(view, 'svg').at(-1)!;
    const texts = findAll(frame, 'text').map(textOf);
    expect(texts).toEqual(expect.arrayContaining(['to 空间 (A)', 'from 空间 (B)', '老生代：还没有页', '大对象空间：空']));
    expect(texts[0]).toMatch(/^第 3 步：scavenge #1/);
    expect(frame.attrs?.['aria-label']).toMatch(/新生代：1 个对象/);
    expect(findAll(view, 'summary').map(textOf)).toEqual(['每个已画出步骤的计数']);
    expect(findAll(findAll(view, 'svg')[0]!, 'text').map(textOf)).toContain('熬过一次 Scavenge');
  });

  it('draws at most 12 steps, the first and the last ones, and says which are left out', () => {
    const heap = createHeapModel({ keepFirstFrames: 10, keepLastFrames: 10 });
    heap.run(100, (h, i) => {
      h.allocate(1000, { name: `x${i}` });
    });
    const data = dataOf(heap);
    expect(data.frames).toHaveLength(20);
    expect(framesToDraw(data.frames).map((f) => f.index)).toEqual([0, 1, 2, 3, 93, 94, 95, 96, 97, 98, 99, 100]);
    const view = renderHeapModel(data, { text: en });
    expect(findAll(view, 'svg')).toHaveLength(13);
    const gaps = view.children.filter((c) => typeof c !== 'string' && c.attrs?.['class'] === 'hb-summary hb-heap-gap').map(textOf);
    expect(gaps).toEqual(['… 89 steps not drawn (#4–#92) …']);
    expect(textOf(view.children[1]!)).toMatch(/101 steps recorded, 12 drawn\.$/);
  });

  it('says so when the last steps were not kept', () => {
    const heap = createHeapModel({ keepFirstFrames: 3, keepLastFrames: 0 });
    heap.run(5, (h) => h.allocate(8));
    const gaps = findAll(renderHeapModel(dataOf(heap), { text: en }), 'p')
      .map(textOf)
      .filter((t) => t.startsWith('…'));
    expect(gaps).toEqual(['… 3 steps not drawn (#3–#5) …']);
  });

  it('wraps a long step over several title lines', () => {
    expect(wrapText('aaaa bbbb cccc', 60, 10)).toEqual(['aaaa bbbb', 'cccc']);
    const heap = createHeapModel({ semiSpace: 1024, page: 1024, largeObject: 256 });
    heap.run(1, (h) => {
      for (let i = 0; i < 5; i++) h.allocate(250);
      h.scavenge();
      h.markSweep();
    });
    const data = dataOf(heap);
    const titles = findAll(framePicture(data.frames.at(-1)!, data, en), 'text').filter((t) => t.attrs?.['font-weight'] === '600');
    expect(titles.length).toBeGreaterThan(1);
  });

  it('lays a legend out in rows that fit, each swatch with its words and any mark over it', () => {
    const mark = (x: number, y: number) => h('circle', { cx: String(x), cy: String(y), r: '2' });
    // Each item is 16 + 6 + 6 × 11 × 0.6 + 14 = 75.6 wide: two fit in 160, the third starts a row.
    const items = ['aaaaaa', 'bbbbbb', 'cccccc'].map((text, i) => ({ text, rect: { fill: '#fff' }, ...(i === 1 ? { mark } : {}) }));
    const svg = legend(items, 160, 'hb-test-legend', 'Key');
    expect(viewToHtml(svg)).toMatchInlineSnapshot(`
      "<svg viewBox="0 0 160 40" width="160" class="hb-test-legend" role="img" aria-label="Key: aaaaaa, bbbbbb, cccccc" font-family="system-ui, sans-serif" fill="#18181b">
        <rect x="1" y="4" width="16" height="12" fill="#fff"></rect>
        <text x="22" y="14" font-size="11">aaaaaa</text>
        <rect x="76.6" y="4" width="16" height="12" fill="#fff"></rect>
        <circle cx="75.6" cy="2" r="2"></circle>
        <text x="97.6" y="14" font-size="11">bbbbbb</text>
        <rect x="1" y="24" width="16" height="12" fill="#fff"></rect>
        <text x="22" y="34" font-size="11">cccccc</text>
      </svg>"
    `);
  });

  it('is what the bundle draws, at build', async () => {
    const heap = createHeapModel();
    heap.allocate(64, { name: 'a', hold: true });
    const bundle = (heap as unknown as Record<symbol, () => MimeBundle>)[Symbol.for('heapbook.mime')]!();
    const view = await drawValueAtBuild(bundle, 'content/docs/zh-cn/v8-heap.mdx');
    expect(view.attrs?.['class']).toBe('hb-figure hb-heap-model');
    expect(textOf(view.children[0]!)).toBe('这是按 V8 公开设计搭建的堆模型，不是 V8 本身');
  });

  it('refuses data without frames, so the value falls back to its text', async () => {
    const bundle = { 'text/plain': 'V8 heap model', 'application/vnd.heapbook.v8heap+json': { frames: [] } } as unknown as MimeBundle;
    expect(textOf(await drawValueAtBuild(bundle))).toMatch(
      /^Could not draw application\/vnd\.heapbook\.v8heap\+json: the heap model sent no frames\. The value as text:V8 heap model$/,
    );
  });
});
