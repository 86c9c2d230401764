/**
 * The pymalloc renderer (`application/vnd.heapbook.pymalloc+json`), drawn by hand like the heap
 * model. Two sources share it:
 * - the helper's model (`pymalloc_model()`): one picture per recorded step, each arena a grid of
 *   its 64 pools, each pool a column filled from the bottom with blocks in use, then freed blocks,
 *   then blocks never used, its size class under it; under a banner saying it is a model;
 * - snapshots of `sys._debugmallocstats()` measured on a CPython with pymalloc: one picture per
 *   snapshot, a bar per size class as long as its pools, blocks in use dark, available light,
 *   all snapshots on one scale so that before and after compare.
 * The counters of each drawn step, and the size classes of the last one, are the tables behind.
 * Only elements and attributes that `svg-to-view.ts` allows are used; colours are attributes.
 */
import type { PymallocArena, PymallocClass, PymallocData, PymallocFrame, PymallocPool } from '../../../engine/protocol.ts';
import { formatBytes, formatValue } from '../format.ts';
import { h, type ViewNode } from '../view-node.ts';
import { drawing, label, legend, num, titleLines, type LegendItem } from './drawing.ts';
import type { PymallocText, RenderText } from '../../i18n/index.ts';
import type { RenderTools } from './render-tools.ts';
import { renderNotes, renderTable } from './table-view.ts';

/** Steps drawn at most: the first few and the last ones. */
export const MAX_DRAWN_FRAMES = 12;
export const FIRST_DRAWN = 4;
/** Arenas drawn per step; the others are counted. */
export const MAX_ARENAS = 4;
/** Pools per row of an arena's grid. */
export const POOLS_PER_ROW = 32;

const WIDTH = 700;
const LABEL_W = 112;
const GRID_W = WIDTH - LABEL_W - 4;
const CELL_H = 26;
const CELL_LABEL_H = 10;
const ROW_GAP = 4;
const LINE_H = 14;
const CLASS_LABEL_W = 56;
const CLASS_TEXT_W = 250;
const CLASS_ROW_H = 13;

export const FILL = {
  used: '#2563eb',
  free: '#fcd34d',
  untouched: '#ffffff',
  empty: '#e4e4e7',
  never: '#fafafa',
  available: '#bfdbfe',
} as const;

/**
 * Which kept frames are drawn: all when few, else the first few and the last ones. The model's
 * empty start is left out once a step follows it (the table still lists it).
 */
export function framesToDraw(frames: PymallocFrame[]): PymallocFrame[] {
  const steps = frames.length > 1 && frames[0]!.kind === 'start' ? frames.slice(1) : frames;
  if (steps.length <= MAX_DRAWN_FRAMES) return steps;
  return [...steps.slice(0, FIRST_DRAWN), ...steps.slice(steps.length - (MAX_DRAWN_FRAMES - FIRST_DRAWN))];
}

/** The heights of a pool's column, bottom up: blocks in use, freed, never used; they add up to `height`. */
export function poolBars(pool: PymallocPool, height: number): { used: number; free: number; untouched: number } {
  const total = pool.used + pool.free + pool.untouched;
  if (total === 0) return { used: 0, free: 0, untouched: height };
  const used = (pool.used / total) * height;
  const free = (pool.free / total) * height;
  return { used, free, untouched: height - used - free };
}

/**
 * The rectangles of one kind in an arena's grid (pool outlines, bars in use, freed bars, empty
 * pools), each kind drawn as one path of closed subpaths: the same picture as a rectangle per
 * pool, in a few elements instead of some 200 per arena (the pymalloc chapter had 9,000 before any
 * Run). The pools do not overlap, so drawing kind by kind keeps what covers what.
 */
const POOL_SHAPES = [
  { kind: 'hb-pool-empty', paint: { fill: FILL.empty, stroke: '#71717a' } },
  { kind: 'hb-pool', paint: { fill: FILL.untouched, stroke: '#52525b' } },
  { kind: 'hb-pool-used', paint: { fill: FILL.used } },
  { kind: 'hb-pool-free', paint: { fill: FILL.free } },
] as const;
type PoolShape = (typeof POOL_SHAPES)[number]['kind'];

/** A rectangle as a closed subpath, with the same rounded corners a `<rect>` would get. */
function box(x: number, y: number, w: number, height: number): string {
  const [bx, by, bw, bh] = [x, y, w, height].map((n) => Number(num(n)));
  return `M${bx} ${by}h${bw}v${bh}h${-bw!}z`;
}

function poolCell(pool: PymallocPool, x: number, y: number, w: number, shapes: Map<PoolShape, string[]>): ViewNode | null {
  const add = (kind: PoolShape, d: string) => shapes.get(kind)?.push(d) ?? shapes.set(kind, [d]);
  const outline = box(x + 0.5, y + 0.5, w - 1, CELL_H - 1);
  // An empty pool has no size class until it is taken again: its fill says so, with no number under it.
  if (pool.size === 0) {
    add('hb-pool-empty', outline);
    return null;
  }
  const inner = CELL_H - 2;
  const bars = poolBars(pool, inner);
  add('hb-pool', outline);
  const bottom = y + 1 + inner;
  if (bars.used > 0) add('hb-pool-used', box(x + 1.5, bottom - bars.used, w - 3, bars.used));
  if (bars.free > 0) add('hb-pool-free', box(x + 1.5, bottom - bars.used - bars.free, w - 3, bars.free));
  return label(x + w / 2, y + CELL_H + CELL_LABEL_H - 1, String(pool.size), 7, { 'text-anchor': 'middle' });
}

function arenaRows(arena: PymallocArena, data: PymallocData, y: number, words: PymallocText): { nodes: ViewNode[]; height: number } {
  const perArena = data.config.poolsPerArena;
  const rows = Math.ceil(perArena / POOLS_PER_ROW);
  const cellW = GRID_W / POOLS_PER_ROW;
  const height = rows * (CELL_H + CELL_LABEL_H + 2);
  if (arena.released) {
    return {
      nodes: [
        label(0, y + 12, words.arena(arena.id), 11),
        label(0, y + 24, words.releasedShort, 9, { fill: '#52525b' }),
        h('rect', {
          class: 'hb-arena-released',
          x: num(LABEL_W + 0.5),
          y: num(y + 0.5),
          width: num(GRID_W - 1),
          height: num(CELL_H),
          fill: 'none',
          stroke: '#a1a1aa',
          'stroke-dasharray': '5 4',
        }),
        label(LABEL_W + GRID_W / 2, y + CELL_H / 2 + 4, words.released, 10, { 'text-anchor': 'middle', fill: '#52525b' }),
      ],
      height: CELL_H + 4,
    };
  }
  const inUse = arena.pools.filter((p) => p.size > 0).length;
  const nodes: ViewNode[] = [
    label(0, y + 12, words.arena(arena.id), 11),
    label(0, y + 24, words.poolsInUse(inUse, perArena), 9, { fill: '#52525b' }),
    label(0, y + 36, words.emptyPools(arena.pools.length - inUse), 9, { fill: '#52525b' }),
  ];
  const rowTop = (i: number) => y + Math.floor(i / POOLS_PER_ROW) * (CELL_H + CELL_LABEL_H + 2);
  const cellX = (i: number) => LABEL_W + (i % POOLS_PER_ROW) * cellW;
  const shapes = new Map<PoolShape, string[]>();
  const sizes = arena.pools.slice(0, perArena).map((pool, i) => poolCell(pool, cellX(i), rowTop(i), cellW, shapes));
  for (const { kind, paint } of POOL_SHAPES) {
    const d = shapes.get(kind);
    if (d) nodes.push(h('path', { class: kind, d: d.join(''), ...paint }));
  }
  nodes.push(...sizes.filter((size) => size !== null));
  // Pools not carved yet: one dashed strip per row rather than a box each (an arena has 64).
  for (let i = arena.pools.length; i < perArena;) {
    const rowEnd = Math.min(perArena, (Math.floor(i / POOLS_PER_ROW) + 1) * POOLS_PER_ROW);
    const x = cellX(i);
    nodes.push(
      h('rect', {
        class: 'hb-pool-never',
        x: num(x + 0.5),
        y: num(rowTop(i) + 0.5),
        width: num((rowEnd - i) * cellW - 1),
        height: num(CELL_H - 1),
        fill: FILL.never,
        stroke: '#d4d4d8',
        'stroke-dasharray': '2 2',
      }),
    );
    i = rowEnd;
  }
  return { nodes, height };
}

function title(frame: PymallocFrame, words: PymallocText): ViewNode[] {
  return titleLines(words.stepTitle(frame.index, frame.step), WIDTH, LINE_H);
}

/** The picture of one step of the model: every arena's pools. */
export function modelPicture(frame: PymallocFrame, data: PymallocData, text: RenderText): ViewNode {
  const words = text.pymalloc;
  const nodes = title(frame, words);
  let y = nodes.length * LINE_H;
  nodes.push(label(0, y + 10, words.counterLine(frame), 10, { fill: '#3f3f46' }));
  y += 18;
  const arenas = frame.arenas ?? [];
  if (arenas.length === 0) {
    nodes.push(label(LABEL_W, y + 11, words.noArenas, 10, { fill: '#52525b' }));
    y += 18;
  }
  for (const arena of arenas.slice(0, MAX_ARENAS)) {
    const row = arenaRows(arena, data, y, words);
    nodes.push(...row.nodes);
    y += row.height + ROW_GAP;
  }
  if (arenas.length > MAX_ARENAS) {
    nodes.push(label(LABEL_W, y + 11, words.moreArenas(arenas.length - MAX_ARENAS), 10, { fill: '#52525b' }));
    y += 18;
  }
  return drawing(WIDTH, y + 2, 'hb-pymalloc-frame', words.frameLabel(frame), ...nodes);
}

/** The picture of one measured snapshot: a bar per size class, on a scale shared by all snapshots. */
export function statsPicture(frame: PymallocFrame, maxPools: number, text: RenderText): ViewNode {
  const words = text.pymalloc;
  const nodes = title(frame, words);
  let y = nodes.length * LINE_H;
  nodes.push(label(0, y + 10, words.counterLine(frame), 10, { fill: '#3f3f46' }));
  y += 18;
  const barW = WIDTH - CLASS_LABEL_W - CLASS_TEXT_W;
  const scale = barW / Math.max(1, maxPools);
  for (const c of frame.classes) {
    const length = Math.max(c.pools * scale, 1);
    const used = c.used + c.free > 0 ? (c.used / (c.used + c.free)) * length : 0;
    nodes.push(
      label(CLASS_LABEL_W - 6, y + 10, `${c.size} B`, 9, { 'text-anchor': 'end' }),
      h('rect', {
        class: 'hb-class-available',
        x: num(CLASS_LABEL_W),
        y: num(y + 2),
        width: num(length),
        height: num(CLASS_ROW_H - 4),
        fill: FILL.available,
        stroke: '#52525b',
        'stroke-width': '0.5',
      }),
    );
    if (used > 0) {
      nodes.push(
        h('rect', {
          class: 'hb-class-used',
          x: num(CLASS_LABEL_W),
          y: num(y + 2),
          width: num(used),
          height: num(CLASS_ROW_H - 4),
          fill: FILL.used,
        }),
      );
    }
    nodes.push(label(CLASS_LABEL_W + length + 6, y + 10, words.classLine(c), 9, { fill: '#3f3f46' }));
    y += CLASS_ROW_H;
  }
  return drawing(WIDTH, y + 4, 'hb-pymalloc-stats', words.frameLabel(frame), ...nodes);
}

/** The legend, drawn once above the pictures. */
export function pymallocLegend(data: PymallocData, text: RenderText): ViewNode {
  const l = text.pymalloc.legend;
  const items: LegendItem[] =
    data.source === 'model'
      ? [
          { text: l.used, rect: { fill: FILL.used } },
          { text: l.free, rect: { fill: FILL.free } },
          { text: l.untouched, rect: { fill: FILL.untouched, stroke: '#52525b' } },
          { text: l.empty, rect: { fill: FILL.empty, stroke: '#71717a' } },
          { text: l.never, rect: { fill: FILL.never, stroke: '#d4d4d8', 'stroke-dasharray': '2 2' } },
          { text: l.released, rect: { fill: 'none', stroke: '#a1a1aa', 'stroke-dasharray': '5 4' } },
        ]
      : [
          { text: l.used, rect: { fill: FILL.used } },
          { text: l.available, rect: { fill: FILL.available, stroke: '#52525b', 'stroke-width': '0.5' } },
        ];
  return legend(items, WIDTH, 'hb-pymalloc-legend', text.pymalloc.legendLabel);
}

/** The text alternative: the counters after each drawn step. */
export function countersTable(frames: PymallocFrame[], data: PymallocData, text: RenderText): ViewNode {
  const col = text.pymalloc.columns;
  const model = data.source === 'model';
  const columns = [
    { key: 'index', label: col.index, format: 'int' as const },
    { key: 'step', label: col.step, format: 'text' as const },
    { key: 'allocatedBlocks', label: col.allocatedBlocks, format: 'int' as const },
    { key: 'blocksInUse', label: col.blocksInUse, format: 'int' as const },
    ...(model
      ? [
          { key: 'freeBlocks', label: col.freeBlocks, format: 'int' as const },
          { key: 'untouchedBlocks', label: col.untouchedBlocks, format: 'int' as const },
          { key: 'poolsUsed', label: col.poolsUsed, format: 'int' as const },
          { key: 'poolsFull', label: col.poolsFull, format: 'int' as const },
        ]
      : [
          { key: 'availableBlocks', label: col.availableBlocks, format: 'int' as const },
          { key: 'pools', label: col.pools, format: 'int' as const },
        ]),
    { key: 'poolsEmpty', label: col.poolsEmpty, format: 'int' as const },
    { key: 'arenas', label: col.arenas, format: 'int' as const },
    { key: 'arenasReleased', label: col.arenasReleased, format: 'int' as const },
    { key: 'arenaBytes', label: col.arenaBytes, format: 'bytes' as const },
  ];
  return renderTable({
    caption: text.pymalloc.counters,
    columns,
    rows: frames.map((f) => ({ index: f.index, step: f.step, ...(f.counters as Record<string, number>) })),
    notes: [],
  });
}

function classesTable(frame: PymallocFrame, text: RenderText): ViewNode {
  const col = text.pymalloc.classColumns;
  return renderTable({
    caption: text.pymalloc.classesCaption(frame.index, frame.step),
    columns: [
      { key: 'size', label: col.size, format: 'bytes' },
      { key: 'pools', label: col.pools, format: 'int' },
      { key: 'used', label: col.used, format: 'int' },
      { key: 'free', label: col.free, format: 'int' },
    ],
    rows: frame.classes.map((c: PymallocClass) => ({ size: c.size, pools: c.pools, used: c.used, free: c.free })),
    notes: [],
  });
}

export function renderPymalloc(data: PymallocData, tools: Pick<RenderTools, 'text'>): ViewNode {
  const { text } = tools;
  const words = text.pymalloc;
  if (!Array.isArray(data.frames) || data.frames.length === 0) throw new Error('the pymalloc data has no steps');
  const model = data.source === 'model';
  const drawn = framesToDraw(data.frames);
  // The table lists the drawn steps, and the start when it was not drawn.
  const listed = data.frames[0] && data.frames[0] !== drawn[0] && data.frames[0].kind === 'start' ? [data.frames[0], ...drawn] : drawn;
  const maxPools = Math.max(1, ...drawn.flatMap((f) => f.classes.map((c) => c.pools)));
  const pictures: ViewNode[] = [];
  drawn.forEach((frame, i) => {
    const previous = i === 0 ? (listed[0] === drawn[0] ? -1 : listed[0]!.index) : drawn[i - 1]!.index;
    if (frame.index > previous + 1) {
      pictures.push(h('p', { class: 'hb-summary hb-heap-gap' }, words.notDrawn(frame.index - previous - 1, previous + 1, frame.index - 1)));
    }
    pictures.push(model ? modelPicture(frame, data, text) : statsPicture(frame, maxPools, text));
  });
  const last = drawn.at(-1)!;
  if (data.totalFrames > last.index + 1) {
    pictures.push(
      h('p', { class: 'hb-summary hb-heap-gap' }, words.notDrawn(data.totalFrames - last.index - 1, last.index + 1, data.totalFrames - 1)),
    );
  }
  const c = data.config;
  const sizes = {
    alignment: formatValue(c.alignment, 'bytes'),
    threshold: formatBytes(c.threshold),
    pool: formatBytes(c.poolSize),
    arena: formatBytes(c.arenaSize),
  };
  return h(
    'figure',
    { class: 'hb-figure hb-pymalloc' },
    h('p', { class: 'hb-banner', role: 'note' }, model ? words.modelBanner(data.label) : words.measuredBanner(data.label)),
    h('p', { class: 'hb-summary' }, words.summary(sizes, drawn.length, data.totalFrames)),
    pymallocLegend(data, text),
    ...pictures,
    h('details', null, h('summary', null, words.tables), countersTable(listed, data, text), classesTable(last, text)),
    ...renderNotes(data.notes),
  );
}
