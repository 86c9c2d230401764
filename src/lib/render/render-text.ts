/**
 * The renderers' own words (labels, legends, summaries) in the book's languages. Figures and
 * captions that come from the engine stay as the engine wrote them.
 */
import type { BroadcastData, EncodingData, HeapModelFrame, PymallocClass, PymallocFrame } from '../../../workers/protocol.ts';
import { formatBytes } from '../format.ts';

export interface RenderText {
  chartNumbers: string;
  dataCaption(caption: string): string;
  /** Under a chart's table that shows only some of the rows (chart-view.ts tableRows). */
  someRows(shown: number, all: number, measure: string): string;
  bytesTable: string;
  charsCaption: string;
  encodingColumns: { char: string; codePoint: string; utf8: string; utf16: string; stored: string };
  bytesPicture(chars: number, storage: string): string;
  encodingSummary(data: EncodingData): string;
  pictureShows(chars: number): string;
  notListed(chars: number): string;
  measuredOn(platform: string): string;
  graphTables: string;
  objects: string;
  references: string;
  graphColumns: { node: string; type: string; object: string; size: string; refcount: string; from: string; via: string; to: string };
  start: string;
  inCycle: string;
  notDrawn(n: number): string;
  graphLegend(cycles: boolean): string;
  couldNotDraw(problems: string): string;
  nativeLabel(platform: string): string;
  heapModel: HeapModelText;
  pymalloc: PymallocText;
  broadcast: BroadcastText;
}

/** The words of the broadcasting picture (`broadcast-view.ts`). */
export interface BroadcastText {
  /** One sentence above the picture: the shapes and what they broadcast to, or the conflict. */
  summary(d: BroadcastData): string;
  pictureLabel(d: BroadcastData): string;
  axis(n: number): string;
  result: string;
  /** Inside a stretched box: from one size (or a missing axis) to the result's. */
  stretched(from: number | null, to: number): string;
  stride(bytes: number): string;
  conflict: string;
  legend: string;
  tableSummary: string;
  columns: { operand: string; shape: string; strides: string; stretchedStrides: string; nbytes: string };
  /** Under the table: the bytes held against the bytes the result's shape would take. */
  held(d: BroadcastData): string | null;
}

const shapeText = (shape: number[]) => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

/** The words of the pymalloc pictures (`pymalloc-view.ts`): the model and measured snapshots. */
export interface PymallocText {
  /** Above the model's pictures: which CPython it follows, and that it is not this engine. */
  modelBanner(version: string): string;
  /** Above measured snapshots: which interpreter. */
  measuredBanner(platform: string): string;
  summary(sizes: { alignment: string; threshold: string; pool: string; arena: string }, drawn: number, total: number): string;
  stepTitle(index: number, step: string): string;
  notDrawn(steps: number, first: number, last: number): string;
  /** One line of counters under a step's title. */
  counterLine(frame: PymallocFrame): string;
  classLine(c: PymallocClass): string;
  arena(id: number): string;
  poolsInUse(inUse: number, all: number): string;
  emptyPools(n: number): string;
  released: string;
  releasedShort: string;
  noArenas: string;
  moreArenas(n: number): string;
  legendLabel: string;
  legend: { used: string; free: string; untouched: string; empty: string; never: string; released: string; available: string };
  frameLabel(frame: PymallocFrame): string;
  tables: string;
  counters: string;
  columns: {
    index: string;
    step: string;
    allocatedBlocks: string;
    blocksInUse: string;
    freeBlocks: string;
    untouchedBlocks: string;
    availableBlocks: string;
    poolsUsed: string;
    poolsFull: string;
    pools: string;
    poolsEmpty: string;
    arenas: string;
    arenasReleased: string;
    arenaBytes: string;
  };
  classesCaption(index: number, step: string): string;
  classColumns: { size: string; pools: string; used: string; free: string };
}

const n0 = (n: number | undefined) => (n ?? 0).toLocaleString('en');

/** The words of the V8 heap model's picture (`heap-model-view.ts`). */
export interface HeapModelText {
  /** Above every picture of the model: it is a model, not V8. */
  banner: string;
  /** The model's sizes, and how many of its steps are drawn. */
  summary(sizes: { semiSpace: string; page: string; largeObject: string }, drawn: number, total: number): string;
  /** The title of one step's picture, before the engine's description of the step. */
  stepTitle(index: number, step: string): string;
  notDrawn(steps: number, first: number, last: number): string;
  fromSpace: string;
  toSpace: string;
  oldPage(id: number): string;
  largePage(id: number): string;
  noOldPages: string;
  noLargeObjects: string;
  morePages(n: number): string;
  legendLabel: string;
  legend: {
    young: string;
    survivor: string;
    old: string;
    large: string;
    garbage: string;
    gap: string;
    root: string;
    allocated: string;
    copied: string;
    promoted: string;
    moved: string;
    stale: string;
  };
  frameLabel(frame: HeapModelFrame): string;
  counters: string;
  columns: {
    index: string;
    step: string;
    scavenges: string;
    copied: string;
    promoted: string;
    markSweeps: string;
    compactions: string;
    moved: string;
    pagesFreed: string;
    newSpace: string;
    oldSpace: string;
    gaps: string;
    large: string;
  };
}

const en: RenderText = {
  chartNumbers: 'The numbers behind the chart',
  dataCaption: (caption) => `Data: ${caption}`,
  someRows: (shown, all, measure) =>
    `${shown} of the ${all.toLocaleString('en')} rows, evenly spaced, always with the first, the last and the highest ${measure} of each series; the chart draws every row.`,
  bytesTable: 'Table of the bytes',
  charsCaption: 'Characters and their bytes',
  encodingColumns: { char: 'char', codePoint: 'code point', utf8: 'UTF-8', utf16: 'UTF-16 units', stored: 'CPython' },
  bytesPicture: (chars, storage) => `Bytes of ${chars} characters in UTF-8, UTF-16, UTF-32 and CPython's ${storage} storage`,
  encodingSummary(d) {
    const each = d.storageKind === 1 ? '1 byte' : `${d.storageKind} bytes`;
    return (
      `${d.length} characters, stored by CPython as ${d.storageName} (${each} per character): ` +
      `sys.getsizeof = ${formatBytes(d.sizeof)} = ${formatBytes(d.sizeof - d.dataBytes)} header + ` +
      `${formatBytes(d.dataBytes)} characters and NUL. Encoded: UTF-8 ${formatBytes(d.utf8Bytes)}, ` +
      `UTF-16 ${formatBytes(d.utf16Bytes)}, UTF-32 ${formatBytes(d.utf32Bytes)}.`
    );
  },
  pictureShows: (n) => `The picture shows the first ${n} characters.`,
  notListed: (n) => `${n} more characters are not listed.`,
  measuredOn: (platform) => `Measured on ${platform}.`,
  graphTables: 'Objects and references as tables',
  objects: 'Objects',
  references: 'References (referrer → referent)',
  graphColumns: { node: 'node', type: 'type', object: 'object', size: 'size', refcount: 'refcount', from: 'from', via: 'via', to: 'to' },
  start: 'start',
  inCycle: 'in a cycle',
  notDrawn: (n) => `${n} not drawn`,
  graphLegend: (cycles) =>
    `The starting object is blue.${cycles ? ' Objects on a reference cycle are outlined in orange.' : ''}`,
  couldNotDraw: (problems) => `Could not draw ${problems}. The value as text:`,
  nativeLabel: (platform) =>
    `The same cell on ${platform}, measured when this page was built. Sizes differ by pointer ` +
    'width and by CPython version; this does not change when you run the cell here.',
  heapModel: {
    banner: "A model of V8's published heap design, not V8 itself",
    summary: (sizes, drawn, total) =>
      `Two semi-spaces of ${sizes.semiSpace}, old-space pages of ${sizes.page}, objects over ${sizes.largeObject} ` +
      `in the large-object space. ${total} ${total === 1 ? 'step' : 'steps'} recorded, ${drawn} drawn.`,
    stepTitle: (index, step) => `Step ${index}: ${step}`,
    notDrawn: (steps, first, last) => `… ${steps} ${steps === 1 ? 'step' : 'steps'} not drawn (#${first}–#${last}) …`,
    fromSpace: 'from-space',
    toSpace: 'to-space',
    oldPage: (id) => `old page ${id}`,
    largePage: (id) => `large page ${id}`,
    noOldPages: 'old space: no pages',
    noLargeObjects: 'large-object space: empty',
    morePages: (n) => `+${n} more ${n === 1 ? 'page' : 'pages'} not drawn`,
    legendLabel: 'Legend: the fill shows space and age, the outline what happened in the step',
    legend: {
      young: 'new (age 0)',
      survivor: 'survived a scavenge',
      old: 'old space',
      large: 'large object',
      garbage: 'garbage, not yet freed',
      gap: 'free gap',
      root: 'held (root)',
      allocated: 'just allocated',
      copied: 'copied',
      promoted: 'promoted',
      moved: 'moved by compaction',
      stale: 'left in to-space',
    },
    frameLabel(f) {
      const c = f.counters;
      return (
        `Step ${f.index}: ${f.step}. New space: ${c.newSpace.objects} objects, ` +
        `${formatBytes(c.newSpace.usedBytes)} of ${formatBytes(c.newSpace.capacity)}. Old space: ` +
        `${c.oldSpace.pages} pages, ${c.oldSpace.objects} objects, ${formatBytes(c.oldSpace.usedBytes)} used, ` +
        `${formatBytes(c.oldSpace.gapBytes)} in gaps. Large-object space: ${c.largeObjectSpace.objects} objects, ` +
        `${formatBytes(c.largeObjectSpace.usedBytes)}.`
      );
    },
    counters: 'Counters at each drawn step',
    columns: {
      index: '#',
      step: 'step',
      scavenges: 'scavenges',
      copied: 'copied',
      promoted: 'promoted',
      markSweeps: 'mark-sweeps',
      compactions: 'mark-compacts',
      moved: 'moved',
      pagesFreed: 'pages freed',
      newSpace: 'new space',
      oldSpace: 'old space',
      gaps: 'gaps',
      large: 'large objects',
    },
  },
  pymalloc: {
    modelBanner: (version) => `A model of CPython's small-object allocator (${version}), not this engine`,
    measuredBanner: (platform) => `pymalloc measured with sys._debugmallocstats() on ${platform}`,
    summary: (s, drawn, total) =>
      `Requests up to ${s.threshold} in size classes ${s.alignment} apart, pools of ${s.pool}, arenas of ${s.arena}. ` +
      `${total} ${total === 1 ? 'step' : 'steps'} recorded, ${drawn} drawn.`,
    stepTitle: (index, step) => `Step ${index}: ${step}`,
    notDrawn: (steps, first, last) => `… ${steps} ${steps === 1 ? 'step' : 'steps'} not drawn (#${first}–#${last}) …`,
    counterLine(f) {
      const c = f.counters;
      const arenas = `${n0(c.arenas)} ${c.arenas === 1 ? 'arena' : 'arenas'} (${formatBytes(c.arenaBytes ?? 0)})`;
      if (f.kind === 'measured') {
        return `${n0(c.blocksInUse)} blocks in use, ${n0(c.availableBlocks)} available, ${n0(c.pools)} pools in use, ${arenas}; sys.getallocatedblocks() ${n0(c.allocatedBlocks)}`;
      }
      return `${n0(c.blocksInUse)} blocks in use, ${n0(c.freeBlocks)} freed, ${n0(c.untouchedBlocks)} never used; ${arenas}, ${n0(c.arenasReleased)} released to the OS`;
    },
    classLine: (c) => `${n0(c.used)} in use · ${n0(c.free)} available · ${n0(c.pools)} ${c.pools === 1 ? 'pool' : 'pools'}`,
    arena: (id) => `arena ${id}`,
    poolsInUse: (inUse, all) => `${inUse} of ${all} pools in use`,
    emptyPools: (n) => `${n} empty`,
    released: 'released to the OS: all its pools were empty',
    releasedShort: 'released',
    noArenas: 'no arenas yet',
    moreArenas: (n) => `+${n} more ${n === 1 ? 'arena' : 'arenas'} not drawn`,
    legendLabel: 'Legend: each column is one pool, filled from the bottom; the number under it is its block size',
    legend: {
      used: 'blocks in use',
      free: 'freed (on the free list)',
      untouched: 'never used',
      empty: 'empty pool',
      never: 'pool not carved yet',
      released: 'arena released',
      available: 'available (freed or never used)',
    },
    frameLabel(f) {
      return `Step ${f.index}: ${f.step}. ${en.pymalloc.counterLine(f)}.`;
    },
    tables: 'Counters at each drawn step, and the size classes',
    counters: 'Counters at each drawn step',
    columns: {
      index: '#',
      step: 'step',
      allocatedBlocks: 'allocated blocks',
      blocksInUse: 'pymalloc blocks in use',
      freeBlocks: 'freed',
      untouchedBlocks: 'never used',
      availableBlocks: 'available',
      poolsUsed: 'pools partly used',
      poolsFull: 'pools full',
      pools: 'pools in use',
      poolsEmpty: 'empty pools',
      arenas: 'arenas',
      arenasReleased: 'arenas released',
      arenaBytes: 'arena memory',
    },
    classesCaption: (index, step) => `Size classes in use at step ${index} (${step})`,
    classColumns: { size: 'block size', pools: 'pools', used: 'blocks in use', free: 'available' },
  },
  broadcast: {
    summary(d) {
      const shapes = d.operands.map((o) => shapeText(o.shape)).join(' and ');
      if (d.shape) return `${shapes} broadcast to ${shapeText(d.shape)}: aligned on their last axes, size-1 and missing axes stretch.`;
      const sizes = d.operands.flatMap((o) => o.cells.filter((c) => c.axis === d.conflict && c.size !== null).map((c) => c.size));
      return `${shapes} cannot be broadcast: on axis ${d.conflict} the sizes are ${sizes.join(' and ')}, and only a size of 1 can stretch.`;
    },
    pictureLabel: (d) =>
      `Shapes ${d.operands.map((o) => shapeText(o.shape)).join(', ')} aligned on their last axes` +
      (d.shape ? `, broadcast to ${shapeText(d.shape)}` : `; axis ${d.conflict} conflicts`),
    axis: (n) => `axis ${n}`,
    result: 'result',
    stretched: (from, to) => `${from === null ? '—' : from} → ${to}`,
    stride: (bytes) => `stride ${bytes}`,
    conflict: 'conflict',
    legend: 'Dashed orange: stretched without copying (stride 0). —: the axis is missing and counts as 1. Red: sizes that disagree.',
    tableSummary: 'Shapes and strides as a table',
    columns: { operand: 'operand', shape: 'shape', strides: 'own strides', stretchedStrides: 'strides when stretched', nbytes: 'bytes held' },
    held(d) {
      const held = d.operands.reduce((sum, o) => sum + (o.nbytes ?? 0), 0);
      if (d.resultNbytes === null || d.operands.some((o) => o.nbytes === null)) return null;
      return `The operands hold ${formatBytes(held)} in all; an array of the result's shape would hold ${formatBytes(d.resultNbytes)}. The stretched views add nothing.`;
    },
  },};

const zh: RenderText = {
  chartNumbers: '图表背后的数据',
  dataCaption: (caption) => `数据：${caption}`,
  someRows: (shown, all, measure) =>
    `共 ${all.toLocaleString('en')} 行，这里均匀选取 ${shown} 行，每个序列的第一行、最后一行和 ${measure} 最高的一行总在其中；图表画出了全部数据。`,
  bytesTable: '字节明细表',
  charsCaption: '字符及其字节',
  encodingColumns: { char: '字符', codePoint: '码位', utf8: 'UTF-8', utf16: 'UTF-16 码元', stored: 'CPython' },
  bytesPicture: (chars, storage) => `${chars} 个字符在 UTF-8、UTF-16、UTF-32 和 CPython ${storage} 存储中的字节`,
  encodingSummary(d) {
    return (
      `${d.length} 个字符，CPython 以 ${d.storageName} 存储（每字符 ${d.storageKind} 字节）：` +
      `sys.getsizeof = ${formatBytes(d.sizeof)} = 对象头 ${formatBytes(d.sizeof - d.dataBytes)} + ` +
      `字符与结尾 NUL ${formatBytes(d.dataBytes)}。编码后：UTF-8 ${formatBytes(d.utf8Bytes)}，` +
      `UTF-16 ${formatBytes(d.utf16Bytes)}，UTF-32 ${formatBytes(d.utf32Bytes)}。`
    );
  },
  pictureShows: (n) => `图中只画出前 ${n} 个字符。`,
  notListed: (n) => `另有 ${n} 个字符未列出。`,
  measuredOn: (platform) => `测量平台：${platform}。`,
  graphTables: '以表格列出对象与引用',
  objects: '对象',
  references: '引用（引用者 → 被引用者）',
  graphColumns: { node: '节点', type: '类型', object: '对象', size: '大小', refcount: '引用计数', from: '从', via: '经由', to: '到' },
  start: '起点',
  inCycle: '在环上',
  notDrawn: (n) => `${n} 个未画出`,
  graphLegend: (cycles) => `蓝色是起点对象。${cycles ? '橙色边框标出处在引用环上的对象。' : ''}`,
  couldNotDraw: (problems) => `无法绘制 ${problems}。以下是文本形式的值：`,
  nativeLabel: (platform) =>
    `同一个单元格在 ${platform} 上的结果，于构建本页时测得。大小随指针宽度和 CPython 版本而不同；` +
    '你在这里运行单元格不会改变它。',
  heapModel: {
    banner: '这是按 V8 公开设计搭建的堆模型，不是 V8 本身',
    summary: (sizes, drawn, total) =>
      `两个半空间各 ${sizes.semiSpace}，老生代页大小 ${sizes.page}，大于 ${sizes.largeObject} 的对象放入大对象空间。` +
      `共记录 ${total} 步，画出其中 ${drawn} 步。`,
    stepTitle: (index, step) => `第 ${index} 步：${step}`,
    notDrawn: (steps, first, last) => `…… 第 ${first}–${last} 步未画出（共 ${steps} 步）……`,
    fromSpace: 'from 空间',
    toSpace: 'to 空间',
    oldPage: (id) => `老生代页 ${id}`,
    largePage: (id) => `大对象页 ${id}`,
    noOldPages: '老生代：还没有页',
    noLargeObjects: '大对象空间：空',
    morePages: (n) => `另有 ${n} 页未画出`,
    legendLabel: '图例：填充色表示所在空间与年龄，边框表示这一步里发生了什么',
    legend: {
      young: '新对象（年龄 0）',
      survivor: '熬过一次 Scavenge',
      old: '老生代',
      large: '大对象',
      garbage: '垃圾，尚未回收',
      gap: '空闲空隙',
      root: '被根持有',
      allocated: '刚分配',
      copied: '已复制',
      promoted: '已晋升',
      moved: '被整理移动',
      stale: '留在 to 空间',
    },
    frameLabel(f) {
      const c = f.counters;
      return (
        `第 ${f.index} 步：${f.step}。新生代：${c.newSpace.objects} 个对象，已用 ` +
        `${formatBytes(c.newSpace.usedBytes)}，共 ${formatBytes(c.newSpace.capacity)}。老生代：` +
        `${c.oldSpace.pages} 页，${c.oldSpace.objects} 个对象，已用 ${formatBytes(c.oldSpace.usedBytes)}，` +
        `空隙 ${formatBytes(c.oldSpace.gapBytes)}。大对象空间：${c.largeObjectSpace.objects} 个对象，` +
        `${formatBytes(c.largeObjectSpace.usedBytes)}。`
      );
    },
    counters: '每个已画出步骤的计数',
    columns: {
      index: '#',
      step: '步骤',
      scavenges: 'Scavenge 次数',
      copied: '复制',
      promoted: '晋升',
      markSweeps: '标记-清除',
      compactions: '标记-整理',
      moved: '移动',
      pagesFreed: '释放的页',
      newSpace: '新生代',
      oldSpace: '老生代',
      gaps: '空隙',
      large: '大对象',
    },
  },
  pymalloc: {
    modelBanner: (version) => `这是 CPython 小对象分配器的模型（${version}），不是本引擎`,
    measuredBanner: (platform) => `在 ${platform} 上用 sys._debugmallocstats() 测得的 pymalloc`,
    summary: (s, drawn, total) =>
      `不超过 ${s.threshold} 的请求按 ${s.alignment} 间隔分成大小类，池 ${s.pool}，arena ${s.arena}。` +
      `共记录 ${total} 步，画出其中 ${drawn} 步。`,
    stepTitle: (index, step) => `第 ${index} 步：${step}`,
    notDrawn: (steps, first, last) => `…… 第 ${first}–${last} 步未画出（共 ${steps} 步）……`,
    counterLine(f) {
      const c = f.counters;
      const arenas = `${n0(c.arenas)} 个 arena（${formatBytes(c.arenaBytes ?? 0)}）`;
      if (f.kind === 'measured') {
        return `使用中的块 ${n0(c.blocksInUse)}，可用 ${n0(c.availableBlocks)}，使用中的池 ${n0(c.pools)}，${arenas}；sys.getallocatedblocks() ${n0(c.allocatedBlocks)}`;
      }
      return `使用中的块 ${n0(c.blocksInUse)}，已释放 ${n0(c.freeBlocks)}，从未用过 ${n0(c.untouchedBlocks)}；${arenas}，已还给操作系统 ${n0(c.arenasReleased)} 个`;
    },
    classLine: (c) => `使用中 ${n0(c.used)} · 可用 ${n0(c.free)} · ${n0(c.pools)} 个池`,
    arena: (id) => `arena ${id}`,
    poolsInUse: (inUse, all) => `${all} 个池中 ${inUse} 个在用`,
    emptyPools: (n) => `${n} 个空池`,
    released: '已还给操作系统：它的池全部空了',
    releasedShort: '已释放',
    noArenas: '还没有 arena',
    moreArenas: (n) => `另有 ${n} 个 arena 未画出`,
    legendLabel: '图例：每一列是一个池，自下而上填充；列下的数字是它的块大小',
    legend: {
      used: '使用中的块',
      free: '已释放（在空闲链表上）',
      untouched: '从未用过',
      empty: '空池',
      never: '尚未切出的池',
      released: '已释放的 arena',
      available: '可用（已释放或从未用过）',
    },
    frameLabel(f) {
      return `第 ${f.index} 步：${f.step}。${zh.pymalloc.counterLine(f)}。`;
    },
    tables: '每个已画出步骤的计数，以及各大小类',
    counters: '每个已画出步骤的计数',
    columns: {
      index: '#',
      step: '步骤',
      allocatedBlocks: '已分配块',
      blocksInUse: '使用中的 pymalloc 块',
      freeBlocks: '已释放',
      untouchedBlocks: '从未用过',
      availableBlocks: '可用',
      poolsUsed: '部分使用的池',
      poolsFull: '满的池',
      pools: '使用中的池',
      poolsEmpty: '空池',
      arenas: 'arena',
      arenasReleased: '已释放的 arena',
      arenaBytes: 'arena 内存',
    },
    classesCaption: (index, step) => `第 ${index} 步（${step}）时在用的大小类`,
    classColumns: { size: '块大小', pools: '池', used: '使用中的块', free: '可用' },
  },
  broadcast: {
    summary(d) {
      const shapes = d.operands.map((o) => shapeText(o.shape)).join(' 与 ');
      if (d.shape) return `${shapes} 广播为 ${shapeText(d.shape)}：按最后几个轴对齐，大小为 1 的轴和缺失的轴被拉伸。`;
      const sizes = d.operands.flatMap((o) => o.cells.filter((c) => c.axis === d.conflict && c.size !== null).map((c) => c.size));
      return `${shapes} 无法广播：轴 ${d.conflict} 上的大小分别是 ${sizes.join(' 和 ')}，只有大小为 1 的轴才能拉伸。`;
    },
    pictureLabel: (d) =>
      `形状 ${d.operands.map((o) => shapeText(o.shape)).join('、')} 按最后几个轴对齐` +
      (d.shape ? `，广播为 ${shapeText(d.shape)}` : `；轴 ${d.conflict} 冲突`),
    axis: (n) => `轴 ${n}`,
    result: '结果',
    stretched: (from, to) => `${from === null ? '—' : from} → ${to}`,
    stride: (bytes) => `步长 ${bytes}`,
    conflict: '冲突',
    legend: '橙色虚线：不复制数据直接拉伸（步长为 0）。—：该轴缺失，按 1 计。红色：大小不一致。',
    tableSummary: '以表格列出形状与步长',
    columns: { operand: '操作数', shape: '形状', strides: '自身步长', stretchedStrides: '拉伸后的步长', nbytes: '实际占用字节' },
    held(d) {
      const held = d.operands.reduce((sum, o) => sum + (o.nbytes ?? 0), 0);
      if (d.resultNbytes === null || d.operands.some((o) => o.nbytes === null)) return null;
      return `各操作数一共占用 ${formatBytes(held)}；一个结果形状的数组要占 ${formatBytes(d.resultNbytes)}。拉伸出来的视图不额外占用任何内存。`;
    },
  },};

/** The language of a chapter file from its folder: `content/docs/zh-cn/gc.mdx` is Chinese. */
export function chapterLang(path: string): string {
  return /[\\/]docs[\\/]zh-cn[\\/]/i.test(path) ? 'zh-CN' : 'en';
}

/** The words for a page language such as "en" or "zh-CN"; English when the language is not one of the book's. */
export function renderText(lang: string): RenderText {
  return lang.toLowerCase().startsWith('zh') ? zh : en;
}
