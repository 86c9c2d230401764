/**
 * The V8 heap model's renderer (`application/vnd.heapbook.v8heap+json`): one hand-drawn picture
 * per recorded step (the two semi-spaces, the old-space pages, the large-object pages, each
 * object a block as wide as its bytes) under a banner saying it is a model, not V8; the counters
 * of each drawn step are the table behind the pictures. Only elements and attributes that
 * `svg-to-view.ts` allows are used, and colours are fill and stroke attributes (no styles).
 */
import type { HeapModelBlock, HeapModelData, HeapModelFrame, HeapModelPage, HeapModelStale } from '../../../engine/protocol.ts';
import { formatBytes } from '../format.ts';
import { h, type ViewNode } from '../view-node.ts';
import { drawing, label, legend, num, textWidth, titleLines, type LegendItem } from './drawing.ts';
import type { HeapModelText, RenderText } from '../../i18n/index.ts';
import type { RenderTools } from './render-tools.ts';
import { renderNotes, renderTable } from './table-view.ts';

/** Steps drawn at most: the first few and the last ones. */
export const MAX_DRAWN_FRAMES = 12;
export const FIRST_DRAWN = 4;
/** Old-space and large-object pages drawn per step; the others are counted. */
export const MAX_PAGE_ROWS = 6;
export const MAX_LARGE_ROWS = 3;

const WIDTH = 700;
const LABEL_W = 112;
const BAR_X = LABEL_W;
const BAR_W = WIDTH - LABEL_W - 4;
const ROW_H = 28;
const ROW_GAP = 4;
const LINE_H = 14;
const NOTE_H = 16;

/** Fills: where an object lives and how old it is. */
export const FILL = {
  young: '#bfdbfe',
  survivor: '#818cf8',
  old: '#fcd34d',
  large: '#d8b4fe',
  garbage: '#e4e4e7',
  gap: '#fee2e2',
  free: '#fafafa',
} as const;

/** Outlines: what happened to an object in the step. */
export const OUTLINE = {
  allocated: '#18181b',
  copied: '#15803d',
  promoted: '#c2410c',
  moved: '#b91c1c',
  none: '#52525b',
} as const;

const FATE_STROKE: Record<HeapModelStale['fate'], string> = {
  copied: OUTLINE.copied,
  promoted: OUTLINE.promoted,
  freed: '#a1a1aa',
};

/** Which kept frames are drawn: all of them when few, else the first few and the last ones. */
export function framesToDraw(frames: HeapModelFrame[]): HeapModelFrame[] {
  if (frames.length <= MAX_DRAWN_FRAMES) return frames;
  return [...frames.slice(0, FIRST_DRAWN), ...frames.slice(frames.length - (MAX_DRAWN_FRAMES - FIRST_DRAWN))];
}

/** The label on a block when it fits: the name, else the id. */
function blockLabel(name: string | null, id: number, width: number): string | null {
  for (const candidate of name === null ? [`#${id}`] : [name, `#${id}`]) {
    if (textWidth(candidate, 10) + 4 <= width) return candidate;
  }
  return null;
}

/**
 * The rectangles and markers of one picture, collected by kind and paint and drawn as one path of
 * closed subpaths each: the same picture as a `<rect>` per object, in a few elements instead of
 * hundreds per chapter (the V8 heap chapter had 9,951 before any Run). Layers keep what covers
 * what: the spaces' backgrounds, then the gaps, then the objects (those an event outlines thickly
 * last, so their outline is not covered by a neighbour's), then the labels and the markers.
 */
class Shapes {
  private readonly groups = new Map<string, { layer: number; order: number; attrs: Record<string, string>; d: string[] }>();

  add(layer: number, attrs: Record<string, string>, d: string): void {
    const key = JSON.stringify(attrs);
    const group = this.groups.get(key);
    if (group) group.d.push(d);
    else this.groups.set(key, { layer, order: this.groups.size, attrs, d: [d] });
  }

  rect(layer: number, x: number, y: number, width: number, height: number, attrs: Record<string, string>): void {
    this.add(layer, attrs, box(x, y, width, height));
  }

  /** The paths of the layers in [from, to], in layer order, then in the order their kind first came. */
  paths(from: number, to: number): ViewNode[] {
    return [...this.groups.values()]
      .filter((g) => g.layer >= from && g.layer <= to)
      .sort((a, b) => a.layer - b.layer || a.order - b.order)
      .map((g) => h('path', { ...g.attrs, d: g.d.join('') }));
  }
}

const LAYER = { space: 0, gap: 1, object: 2, event: 3, label: 4, marker: 5 } as const;

/** A rectangle as a closed subpath, drawn from its top-left corner clockwise as a `<rect>` is. */
function box(x: number, y: number, width: number, height: number): string {
  return `M${num(x)} ${num(y)}h${num(width)}v${num(height)}h${num(-width)}z`;
}

interface Row {
  nodes: ViewNode[];
  height: number;
}

/** One object: filled by space and age (grey when garbage), outlined by what just happened to it. */
function drawBlock(b: HeapModelBlock, fill: string, x0: number, y: number, scale: number, held: boolean, shapes: Shapes): ViewNode[] {
  const x = x0 + b.offset * scale;
  const width = Math.max(b.size * scale, 1);
  const event = b.event ?? 'none';
  const attrs: Record<string, string> = {
    class: 'hb-obj',
    fill: b.live ? fill : FILL.garbage,
    stroke: OUTLINE[event],
    'stroke-width': event === 'none' ? '0.75' : '2',
  };
  if (!b.live) attrs['stroke-dasharray'] = '3 2';
  shapes.rect(event === 'none' ? LAYER.object : LAYER.event, x + 0.5, y + 3, Math.max(width - 1, 1), ROW_H - 6, attrs);
  const nodes: ViewNode[] = [];
  const text = blockLabel(b.name, b.id, width);
  if (text) {
    nodes.push(label(x + width / 2, y + ROW_H / 2 + 4, text, 10, { 'text-anchor': 'middle', ...(b.live ? {} : { fill: '#52525b' }) }));
  }
  if (held) {
    const cx = x + Math.min(width / 2, 6);
    shapes.add(
      LAYER.marker,
      { class: 'hb-root', fill: '#18181b' },
      `M${num(cx - 3.5)} ${num(y)}H${num(cx + 3.5)}L${num(cx)} ${num(y + 5)}z`,
    );
  }
  return nodes;
}

/** A stale object the evacuation left behind in the to-space, outlined by its fate. */
function drawStale(s: HeapModelStale, x0: number, y: number, scale: number, shapes: Shapes): ViewNode[] {
  const x = x0 + s.offset * scale;
  const width = Math.max(s.size * scale, 1);
  const attrs = { class: `hb-stale hb-stale-${s.fate}`, fill: '#ffffff', stroke: FATE_STROKE[s.fate], 'stroke-dasharray': '4 3' };
  shapes.rect(LAYER.object, x + 0.5, y + 3, Math.max(width - 1, 1), ROW_H - 6, attrs);
  const text = blockLabel(s.name, s.id, width);
  return text ? [label(x + width / 2, y + ROW_H / 2 + 4, text, 10, { 'text-anchor': 'middle', fill: '#71717a' })] : [];
}

function rowLabel(y: number, title: string, detail: string): ViewNode[] {
  return [label(0, y + 12, title, 11), label(0, y + 24, detail, 9, { fill: '#52525b' })];
}

/** A space's or page's outline, the background its objects are drawn on. */
function background(shapes: Shapes, kind: string, y: number, width: number): void {
  shapes.rect(LAYER.space, BAR_X, y + 1, width, ROW_H - 2, { class: kind, fill: FILL.free, stroke: '#71717a' });
}

function semiSpaceRow(
  frame: HeapModelFrame,
  which: 0 | 1,
  data: HeapModelData,
  scale: number,
  y: number,
  words: HeapModelText,
  held: Set<number>,
  shapes: Shapes,
): Row {
  const size = data.config.semiSpace;
  const isFrom = frame.fromSpace === which;
  const name = which === 0 ? 'A' : 'B';
  const used = isFrom ? frame.newTop : 0;
  const nodes: ViewNode[] = [
    ...rowLabel(y, `${isFrom ? words.fromSpace : words.toSpace} (${name})`, `${formatBytes(used)} / ${formatBytes(size)}`),
  ];
  background(shapes, 'hb-space', y, size * scale);
  if (isFrom) {
    for (const b of frame.newSpace)
      nodes.push(...drawBlock(b, b.age >= 1 ? FILL.survivor : FILL.young, BAR_X, y, scale, held.has(b.id), shapes));
    const top = BAR_X + frame.newTop * scale;
    shapes.add(
      LAYER.marker,
      { class: 'hb-top', fill: 'none', stroke: '#18181b', 'stroke-width': '1.5' },
      `M${num(top)} ${num(y - 1)}V${num(y + ROW_H + 1)}`,
    );
  } else {
    for (const s of frame.toSpace) nodes.push(...drawStale(s, BAR_X, y, scale, shapes));
  }
  return { nodes, height: ROW_H };
}

/** The free gaps of a page: space below `top` that no object covers (left by sweeping). */
export function pageGaps(page: HeapModelPage): Array<{ offset: number; size: number }> {
  const gaps: Array<{ offset: number; size: number }> = [];
  let at = 0;
  for (const o of [...page.objects].sort((a, b) => a.offset - b.offset)) {
    if (o.offset > at) gaps.push({ offset: at, size: o.offset - at });
    at = Math.max(at, o.offset + o.size);
  }
  if (page.top > at) gaps.push({ offset: at, size: page.top - at });
  return gaps;
}

function oldPageRow(page: HeapModelPage, scale: number, y: number, words: HeapModelText, held: Set<number>, shapes: Shapes): Row {
  const used = page.objects.reduce((sum, o) => sum + o.size, 0);
  const nodes: ViewNode[] = [...rowLabel(y, words.oldPage(page.id), `${formatBytes(used)} / ${formatBytes(page.size)}`)];
  background(shapes, 'hb-page', y, page.size * scale);
  for (const gap of pageGaps(page)) {
    shapes.rect(LAYER.gap, BAR_X + gap.offset * scale, y + 1, gap.size * scale, ROW_H - 2, { class: 'hb-gap', fill: FILL.gap });
  }
  for (const b of page.objects) nodes.push(...drawBlock(b, FILL.old, BAR_X, y, scale, held.has(b.id), shapes));
  return { nodes, height: ROW_H };
}

/** A large-object page is as big as its object; one wider than the picture is cut, with a break mark. */
function largePageRow(page: HeapModelPage, scale: number, y: number, words: HeapModelText, held: Set<number>, shapes: Shapes): Row {
  const b = page.objects[0];
  const nodes: ViewNode[] = [...rowLabel(y, words.largePage(page.id), formatBytes(page.size))];
  if (!b) return { nodes, height: ROW_H };
  const width = Math.min(page.size * scale, BAR_W);
  const shown: HeapModelBlock = { ...b, offset: 0, size: width / scale };
  nodes.push(...drawBlock(shown, FILL.large, BAR_X, y, scale, held.has(b.id), shapes));
  if (page.size * scale > BAR_W) {
    const x = BAR_X + width - 16;
    const d = `M${num(x)},${num(y + ROW_H - 3)} L${num(x + 6)},${num(y + 3)} M${num(x + 5)},${num(y + ROW_H - 3)} L${num(x + 11)},${num(y + 3)}`;
    shapes.add(LAYER.label, { class: 'hb-cut', stroke: '#ffffff', 'stroke-width': '2.5', fill: 'none' }, d);
  }
  return { nodes, height: ROW_H };
}

function noteRow(y: number, text: string): Row {
  return { nodes: [label(BAR_X, y + 11, text, 10, { fill: '#52525b' })], height: NOTE_H };
}

/** The picture of one step. */
export function framePicture(frame: HeapModelFrame, data: HeapModelData, text: RenderText): ViewNode {
  const words = text.heapModel;
  const scale = BAR_W / Math.max(data.config.semiSpace, data.config.page);
  const held = new Set(frame.roots.map((r) => r.id));
  const shapes = new Shapes();
  const nodes: ViewNode[] = titleLines(words.stepTitle(frame.index, frame.step), WIDTH, LINE_H);
  let y = nodes.length * LINE_H + 6;
  const add = (row: Row) => {
    nodes.push(...row.nodes);
    y += row.height + ROW_GAP;
  };
  add(semiSpaceRow(frame, 0, data, scale, y, words, held, shapes));
  add(semiSpaceRow(frame, 1, data, scale, y, words, held, shapes));
  if (frame.oldSpace.length === 0) add(noteRow(y, words.noOldPages));
  for (const page of frame.oldSpace.slice(0, MAX_PAGE_ROWS)) add(oldPageRow(page, scale, y, words, held, shapes));
  if (frame.oldSpace.length > MAX_PAGE_ROWS) add(noteRow(y, words.morePages(frame.oldSpace.length - MAX_PAGE_ROWS)));
  if (frame.largeObjects.length === 0) add(noteRow(y, words.noLargeObjects));
  for (const page of frame.largeObjects.slice(0, MAX_LARGE_ROWS)) add(largePageRow(page, scale, y, words, held, shapes));
  if (frame.largeObjects.length > MAX_LARGE_ROWS) add(noteRow(y, words.morePages(frame.largeObjects.length - MAX_LARGE_ROWS)));
  const height = y;
  // The cut marks go over the objects and under the labels; the markers over everything.
  return drawing(
    WIDTH,
    height,
    'hb-heap-frame',
    words.frameLabel(frame),
    ...shapes.paths(LAYER.space, LAYER.label),
    ...nodes,
    ...shapes.paths(LAYER.marker, LAYER.marker),
  );
}

/** The triangle over the legend's swatch for a block a root holds. */
function rootMarker(x: number, y: number): ViewNode {
  return h('polygon', {
    points: `${num(x + 5.5)},${num(y + 1)} ${num(x + 12.5)},${num(y + 1)} ${num(x + 9)},${num(y + 6)}`,
    fill: '#18181b',
  });
}

/** The legend, drawn once above the steps: fills (space, age, garbage, gaps) then outlines (events). */
export function heapLegend(text: RenderText): ViewNode {
  const l = text.heapModel.legend;
  const items: LegendItem[] = [
    { text: l.young, rect: { fill: FILL.young, stroke: OUTLINE.none, 'stroke-width': '0.75' } },
    { text: l.survivor, rect: { fill: FILL.survivor, stroke: OUTLINE.none, 'stroke-width': '0.75' } },
    { text: l.old, rect: { fill: FILL.old, stroke: OUTLINE.none, 'stroke-width': '0.75' } },
    { text: l.large, rect: { fill: FILL.large, stroke: OUTLINE.none, 'stroke-width': '0.75' } },
    { text: l.garbage, rect: { fill: FILL.garbage, stroke: OUTLINE.none, 'stroke-dasharray': '3 2' } },
    { text: l.gap, rect: { fill: FILL.gap } },
    { text: l.root, rect: { fill: FILL.young, stroke: OUTLINE.none, 'stroke-width': '0.75' }, mark: rootMarker },
    { text: l.allocated, rect: { fill: FILL.free, stroke: OUTLINE.allocated, 'stroke-width': '2' } },
    { text: l.copied, rect: { fill: FILL.free, stroke: OUTLINE.copied, 'stroke-width': '2' } },
    { text: l.promoted, rect: { fill: FILL.free, stroke: OUTLINE.promoted, 'stroke-width': '2' } },
    { text: l.moved, rect: { fill: FILL.free, stroke: OUTLINE.moved, 'stroke-width': '2' } },
    { text: l.stale, rect: { fill: '#ffffff', stroke: '#a1a1aa', 'stroke-dasharray': '4 3' } },
  ];
  return legend(items, WIDTH, 'hb-heap-legend', text.heapModel.legendLabel);
}

/**
 * The text alternative: the counters after each drawn step. A counter that is 0 at every drawn step
 * gets no column (a column of zeros is up to a dozen cells of nothing); a line under the table names it.
 */
export function countersTable(frames: HeapModelFrame[], text: RenderText): ViewNode {
  const col = text.heapModel.columns;
  const rows = frames.map((f) => {
    const c = f.counters;
    return {
      index: f.index,
      step: f.step,
      scavenges: c.scavenges,
      copied: c.copied,
      promoted: c.promotions,
      markSweeps: c.markSweeps,
      compactions: c.compactions,
      moved: c.moved,
      pagesFreed: c.pagesFreed,
      newSpace: c.newSpace.usedBytes,
      oldSpace: c.oldSpace.usedBytes,
      gaps: c.oldSpace.gapBytes,
      large: c.largeObjectSpace.usedBytes,
    };
  });
  type Key = keyof (typeof rows)[number];
  const columns: Array<{ key: Key; label: string; format: 'int' | 'text' | 'bytes' }> = [
    { key: 'index', label: col.index, format: 'int' },
    { key: 'step', label: col.step, format: 'text' },
    { key: 'scavenges', label: col.scavenges, format: 'int' },
    { key: 'copied', label: col.copied, format: 'int' },
    { key: 'promoted', label: col.promoted, format: 'int' },
    { key: 'markSweeps', label: col.markSweeps, format: 'int' },
    { key: 'compactions', label: col.compactions, format: 'int' },
    { key: 'moved', label: col.moved, format: 'int' },
    { key: 'pagesFreed', label: col.pagesFreed, format: 'int' },
    { key: 'newSpace', label: col.newSpace, format: 'bytes' },
    { key: 'oldSpace', label: col.oldSpace, format: 'bytes' },
    { key: 'gaps', label: col.gaps, format: 'bytes' },
    { key: 'large', label: col.large, format: 'bytes' },
  ];
  const zero = (key: Key) => key !== 'index' && key !== 'step' && rows.every((row) => row[key] === 0);
  const left = columns.filter((c) => zero(c.key)).map((c) => c.label);
  return renderTable({
    caption: text.heapModel.counters,
    columns: columns.filter((c) => !zero(c.key)),
    rows,
    notes: left.length ? [text.heapModel.zeroColumns(left)] : [],
  });
}

export function renderHeapModel(data: HeapModelData, tools: Pick<RenderTools, 'text'>): ViewNode {
  const { text } = tools;
  const words = text.heapModel;
  if (!Array.isArray(data.frames) || data.frames.length === 0) throw new Error('the heap model sent no frames');
  const drawn = framesToDraw(data.frames);
  const pictures: ViewNode[] = [];
  drawn.forEach((frame, i) => {
    const previous = i === 0 ? -1 : drawn[i - 1]!.index;
    if (frame.index > previous + 1) {
      pictures.push(h('p', { class: 'hb-summary hb-heap-gap' }, words.notDrawn(frame.index - previous - 1, previous + 1, frame.index - 1)));
    }
    pictures.push(framePicture(frame, data, text));
  });
  const last = drawn.at(-1)!.index;
  if (data.totalFrames > last + 1) {
    pictures.push(h('p', { class: 'hb-summary hb-heap-gap' }, words.notDrawn(data.totalFrames - last - 1, last + 1, data.totalFrames - 1)));
  }
  const c = data.config;
  const sizes = { semiSpace: formatBytes(c.semiSpace), page: formatBytes(c.page), largeObject: formatBytes(c.largeObject) };
  const summary = words.summary(sizes, drawn.length, data.totalFrames);
  return h(
    'figure',
    { class: 'hb-figure hb-heap-model' },
    h('p', { class: 'hb-banner', role: 'note' }, words.banner),
    h('p', { class: 'hb-summary' }, summary),
    heapLegend(text),
    ...pictures,
    h('details', null, h('summary', null, words.counters), countersTable(drawn, text)),
    ...renderNotes(data.notes),
  );
}
