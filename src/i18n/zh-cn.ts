/** Every word a reader sees, in Simplified Chinese (the keys are `en.ts`'s; see there). */
import { count, listIds, n0, offBy, restartKind, shapeText, within } from './shared.ts';
import { formatBytes } from '../shared/format.ts';
import type { Words } from './en.ts';

const notices: Words['notices'] = {
  engine: (lang) => (lang === 'javascript' ? 'JavaScript 引擎' : 'Python 引擎'),
  lost: '之前单元定义的变量已不复存在。',
  join: (...sentences) => sentences.join(''),
  couldNotStart: (engine, why) => `${engine}无法启动：${why}`,
  workerStopped: (why) => `它的 worker 停止了（${why}）`,
  timeLimit: (ms) => `单元在其时间限制 ${ms} 毫秒处被停止。`,
  timeLimitRestart: (ms) => `单元在其时间限制 ${ms} 毫秒处被停止。它没有及时停下，因此引擎已重启。`,
  forcedStop: (why, graceMs) =>
    ({
      'restart-requested': '此单元运行期间引擎被重启了。',
      'ignored-interrupt': `单元在 KeyboardInterrupt 之后 ${graceMs / 1000} 秒内没有停下，因此引擎已重启。`,
      javascript: 'JavaScript 无法从外部中断，因此已结束 JavaScript worker 并启动了一个新的。',
      'not-isolated': '此页面未启用跨源隔离，因此停止单元会重启引擎。',
    })[why],
  crashed: (engine) => `${engine}崩溃后已重启：之前单元定义的变量已不复存在。`,
  workerEnded: (engine, exit) => {
    switch (exit.kind) {
      case 'process-ended':
        return `此单元运行期间${engine}停止了：它的进程结束了，最可能的原因是单元用尽了浏览器给它的内存。已启动一个新的引擎。`;
      case 'closed':
        return `单元的代码关闭了${engine}的 worker（close() 会结束引擎），因此已换上一个新的引擎。`;
      case 'lock-stolen':
        return `单元的代码夺走了页面用来确认${engine}仍在运行的 Web Lock（navigator.locks 的 steal: true），页面无法再判断它是否在运行，因此已换上一个新的引擎。`;
      case 'ended':
        return `${engine}的 worker 无声无息地结束了（可能是单元的代码关闭了它，或者它崩溃了），因此已换上一个新的引擎。`;
      case 'heap-limit':
        return `${engine}的 worker 停止了（单元使用的内存超过了 JavaScript 单元 ${exit.limitMb} MiB 的堆限制），已启动一个新的。`;
      case 'error':
        return `${engine}的 worker 停止了（${exit.message}），已启动一个新的。`;
    }
  },
  late: (kind) =>
    kind === 'rejection'
      ? '此单元结束之后，它的代码创建的一个 Promise 被拒绝（rejected），而没有任何代码处理这个拒绝：'
      : '此单元结束之后，它安排的代码（定时器或回调）抛出了一个错误，而没有任何代码捕获它：',
  recycled: (gib) =>
    `此单元使引擎的 WebAssembly 内存增长到 ${gib} GiB，而这块内存不会缩小，因此单元结束后引擎已重启以归还内存：之前单元定义的变量已不复存在。`,
};

const ui: Words['ui'] = {
  run: '运行',
  cellStates: {
    baked: '尚未在此运行：下方输出来自构建',
    stopped: '已停止',
    failed: '以错误结束',
    unsolved: '已检查：尚未完成',
    done: '已完成',
    cleared: '输出已清除',
  },
  clearOutput: '清除输出',
  clearAll: '清除全部输出',
  barMore: '更多',
  share: {
    button: '分享',
    linkLabel: '指向此单元并带有你的代码的链接',
    copied: '带有你的代码的链接已复制。打开它会在此单元中显示你的代码，但不会运行。',
    copyByHand: '请复制此链接：打开它会在此单元中显示你的代码，但不会运行。',
    tooLong: (chars, limit) => `代码太长，无法放进链接：压缩后有 ${chars} 个字符，链接最多容纳 ${limit} 个。请缩短代码后再按“分享”。`,
    opened: '来自链接的分享代码：只显示，未运行。按“运行”来运行它，或按“重置”恢复本章的代码。',
    // The problem is the decoder's English (share-code.ts); the reader needs only that the link is damaged.
    unreadable: () => '无法打开此链接中分享的代码：链接已损坏或不完整。现在显示的是本章的代码。',
    noSuchCell: (id) => `此链接分享的是单元“${id}”的代码，但本页没有这个单元。现在显示的是本章的代码。`,
  },
  announceFinished: (id, outcome) => `单元“${id}”运行结束：${outcome}`,
  queuedAfter: (ids) => `排队中：先运行之前 ${ids.length} 个尚未在此引擎中运行的单元：${listIds(ids, '、')}`,
  cancelled: (stopped, live) => `未运行：它之前的“${stopped}”被停止了；下方输出${live ? '来自之前的一次运行' : '来自构建'}`,
  stop: '停止',
  reset: '重置',
  runAll: '全部运行',
  restart: '重启引擎',
  running: '运行中…',
  queued: '排队中',
  loadingPackage: (name, size) => `正在加载软件包 ${name}（${size}）…`,
  solved: '✓ 检查通过：已完成。',
  notYet: '尚未完成',
  edited: '已修改',
  engines: { python: 'Python 引擎', javascript: 'JavaScript 引擎' },
  stateLine: (engine: string, state: string) => `${engine}：${state}`,
  states: {
    idle: '尚未启动',
    loading: '加载中',
    ready: '就绪',
    running: '运行中',
    interrupting: '正在停止单元',
    restarting: '重启中',
    failed: '启动失败',
  },
  progress: (stage) => ({ download: '正在下载引擎', start: '正在启动引擎', ready: '就绪' })[stage],
  notIsolated: '此页面未启用跨源隔离：“停止”会重启引擎。',
  heapPending: '堆：正在等待浏览器测量，可能需要 20 秒',
  heapOwnProcess: '堆未测量：JavaScript 单元运行在独立的进程中（这样填满堆的单元不会让页面崩溃），而浏览器不测量该进程',
  restartedBecause: {
    requested: '已按要求重启',
    stop: '已重启以停止单元',
    timeout: '已在单元的时间限制处重启',
    crashed: '解释器崩溃后已重启',
    memory: '已重启以归还 WebAssembly 内存',
    'process-ended': '进程结束后已重启（最可能是内存耗尽）',
    'heap-limit': '单元超出堆限制后已重启',
    closed: '单元的代码关闭其 worker 后已重启',
    'lock-stolen': '单元的代码夺走其存活锁后已重启',
    ended: '其 worker 无声无息地结束后已重启',
    error: 'worker 停止后已重启',
  },
  restarted: (cause): string => `${ui.restartedBecause[restartKind(cause)]}；之前单元定义的变量已不复存在`,
  optionOnlyTimeout: (name) => `“#| ${name}”是本书构建时使用的选项；在浏览器中单元只接受“#| timeout: 毫秒数”。`,
  optionLine: (line, message) => `第 ${line} 行的单元选项：${message}`,
  optionMistake: (mistake) => {
    switch (mistake.kind) {
      case 'form':
        return '选项行的格式是“#| 名称: 值”，例如 #| timeout: 5000';
      case 'unknown':
        return `没有名为“${mistake.name}”的单元选项；在浏览器中单元只接受“#| timeout: 毫秒数”`;
      case 'twice':
        return `“${mistake.name}”出现了两次`;
      case 'timeout':
        return `“timeout”取 1 到 600000 之间的整数毫秒，不能是“${mistake.value}”（例如 #| timeout: 5000）`;
    }
  },
};

const output: Words['output'] = {
  hidden({ lines: n, bytes, midLine }) {
    const size = formatBytes(bytes);
    if (!midLine) return `另有 ${count(n)} 行（${size}）未显示。`;
    if (n === 1) return `此行其余部分（${size}）未显示。`;
    return `此行其余部分及另外 ${count(n - 1)} 行（${size}）未显示。`;
  },
  notKept: (size, ceiling) =>
    `另有 ${formatBytes(size.bytes)}（${count(size.lines)} 行）输出已写出但未保留：引擎只保留每个单元格输出的前 ${formatBytes(ceiling)}。`,
  runToSee: '运行此单元格即可查看其余部分。',
  showMore: '显示更多',
  download: (bytes) => `下载全部输出为文本（${formatBytes(bytes)}）`,
  buildOnly(used, live) {
    if (!live) {
      const tools = [
        used.forced > 0 ? '强制完整回收' : used.collections > 0 ? '请求的回收' : '',
        used.heapSpaces > 0 ? 'V8 的堆空间统计' : '',
        used.gcEntries > 0 ? 'V8 的 gc 事件' : '',
      ].filter(Boolean);
      return `构建时在 ${used.runtime} 中借助${tools.join('、')}打印。浏览器没有这些，所以在线运行时，凡是依赖它们的结果都可能不同。`;
    }
    return `${used.runtime} 无法强制垃圾回收（这次运行改为施加内存压力，是否回收由浏览器决定），也不向页面提供堆空间统计或 gc 事件：这次运行报告的回收结果和任何堆数字都可能与构建时不同，构建时的数字是在 Node 中强制回收后测得的。`;
  },
  engineError: (type, message) => {
    switch (type) {
      case 'CheckFailed': {
        const check = /^the check `(.*)` is false$/s.exec(message);
        return check ? `检查没有通过：\`${check[1]}\` 不成立。` : '检查没有通过。';
      }
      case 'PackageError':
        return '引擎无法加载这个单元需要的软件包。下方是引擎的原始信息，写明了它从哪里加载、为什么失败。';
      case 'EngineError':
        return '引擎没能运行这个单元。下方是引擎的原始信息；按“重启引擎”后再试一次。';
      case 'FatalError':
        return '解释器遇到了致命错误。下方是引擎的原始信息。';
      default:
        return null;
    }
  },
  errorHint: {
    'no-stdin': '此页面没有标准输入，因此 input() 和 sys.stdin 读不到任何内容。请在代码中直接赋值：用 name = "Ada" 代替 name = input()。',
    'helpers-damaged':
      '之前的某个单元破坏了本书的辅助包（heapbook），其辅助函数已无法导入。请按“重启引擎”恢复它们；之前单元定义的变量将不复存在。',
    'stopped-while-describing':
      '单元已被停止，而这次停止也打断了引擎对单元结束情况的描述，因此没有显示回溯。单元在此之前打印的内容显示在上方。',
  },
  lines: {
    summary: (total, net) =>
      `逐行内存：各行仍占用 ${formatBytes(total)}${net === null ? '' : `（净变化 ${net > 0 ? '+' : ''}${formatBytes(net)}）`}`,
    summaryUnread: '逐行内存',
    explain:
      '每行旁边的数字：该行分配、到单元结束时仍被占用的跟踪字节数（tracemalloc 把内存块记在最内层的栈帧上：在本单元定义的函数里分配的，记在函数体那一行；在库代码或其他单元里分配的，不记在这里的任何一行）。总数与净变化之差，来自库代码的分配，以及本单元释放掉的之前单元的内存。',
    gutterLabel: '单元结束时每行仍占用的字节数',
    rowTitle: (line, bytes) => `第 ${line} 行仍占用 ${count(bytes)} 字节`,
    reading: '逐行内存：正在读取…',
    stale: '逐行内存：这个单元之后又运行了其他单元，它结束时的状态已经不在了。展开此处后再运行一次，即可看到各行的数字。',
    failed: (why) => `无法读取逐行内存：${why}`,
  },
  leftBehind: {
    title: '遗留对象',
    summary: (objects, bytes) => `遗留对象：单元结束后仍有 ${count(objects)} 个对象、${formatBytes(bytes)} 存活`,
    failed: (why) => `遗留对象：未能读取（${why}）`,
    explain:
      '由本单元创建、在它结束后仍然存活的对象。单元运行前后各做一次回收再读取（不计入单元自身的测量数字）：条形图按分配它们的行排列，表格按类型汇总。字节数是每个对象自身的 sys.getsizeof。',
  },
};

const render: Words['render'] = {
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
  nodeRefcount: (n) => `引用计数 ${n}`,
  nodeNotDrawn: (n) => `另有 ${n} 条未画出`,
  captionThenLegend: (caption, legend) => `${caption.replace(/[。.]$/, '')}。${legend}`,
  couldNotDraw: (problems) => `无法绘制 ${problems}。以下是文本形式的值：`,
  nativeLabel: (platform) =>
    `同一个单元格在 ${platform} 上的结果，于构建本页时测得。大小随指针宽度和 CPython 版本而不同；` + '你在这里运行单元格不会改变它。',
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
    zeroColumns: (names) => `以下各项在每个已画出的步骤中都是 0，不单列：${names.join('、')}。`,
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
      return `第 ${f.index} 步：${f.step}。${render.pymalloc.counterLine(f)}。`;
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
  },
};

/**
 * A build engine's label in Chinese: the label names the engine (kept) and, in English, where it
 * ran; those tails are the build's own (execute-steps.ts, engine/js/runtime.ts, native-substitute.ts).
 */
function engineLabel(label: string): string {
  const substitute = /^on (.+) with (.+), not this book's engine, which could not load (.+) at build \(not vendored\)$/.exec(label);
  if (substitute) return `在 ${substitute[1]} 上（${substitute[2]}）测得，不是本书的引擎：构建时无法加载 ${substitute[3]}（未随书提供）`;
  return label.replace(/ in Node$/, '，在 Node 中运行').replace(/ in a worker thread$/, '，在工作线程中运行');
}

const metrics: Words['metrics'] = {
  net: (bytes) => `净增 ${bytes}`,
  peak: (bytes) => `峰值 ${bytes}`,
  gc: (passes, collected) => (passes > 0 ? `回收 ${passes} 轮（释放 ${collected} 个对象）` : '回收 0 轮'),
  heapNet: (bytes) => `堆 ${bytes}`,
  heapUsed: (bytes) => `堆已用 ${bytes}`,
  wasm: (bytes) => `wasm 内存 ${bytes}`,
  meaning: {
    net: '单元结束后仍被占用的、经 tracemalloc 跟踪的 Python 分配，减去单元开始前的量',
    peak: '单元执行期间跟踪到的最高分配量，相对于开始时的水位',
    gc: '单元执行期间循环垃圾回收器运行的轮数，以及这些轮次释放的对象数',
    time: '单元的挂钟时间',
    wasm: '单元结束后 WebAssembly 线性内存的大小（它只增不减）',
    heapNet: (source) => `单元结束后在用的 JavaScript 堆减去开始前的量${source}`,
    heapUsed: (source) => `单元结束后在用的 JavaScript 堆${source}`,
  },
  heapSource: (source) => source.replace(/ after a forced full GC$/, '，在强制完整回收之后'),
  measuredAtBuild: (engine) => `构建时测得：${engineLabel(engine)}`,
  measuredNative: (platform) => `构建时在 ${platform} 上测得`,
  measuredLive: '现场测得',
  measuredInline: (expr) => `构建时测得：${expr}`,
  noteAfter: (note) => `（${note}）`,
  notes: {
    'tracemalloc-restarted-before': 'tracemalloc 之前被关掉了，现已重新开启；更早创建的对象未被跟踪',
    'tracemalloc-restarted': '单元重启了 tracemalloc，因此没有测到跟踪字节数',
    'tracemalloc-stopped': '单元停掉了 tracemalloc，因此没有测到跟踪字节数',
    'gc-callback-removed': '单元移除了回收器的回调，因此没有统计回收轮数',
  },
  pageHeapSource: 'JavaScript worker 在 performance.measureUserAgentSpecificMemory() 报告中所占的份额',
  heapReason(reason) {
    switch (reason.kind) {
      case 'not-isolated':
        return '此处无法测量堆：页面未启用跨源隔离';
      case 'no-api':
        return '此浏览器无法测量堆（没有 measureUserAgentSpecificMemory）';
      case 'late':
        return `堆未测量：浏览器在 ${reason.seconds} 秒内没有给出报告`;
      case 'no-worker':
        return '堆未测量：浏览器的报告里没有 JavaScript worker';
      case 'failed':
        return `堆未测量：${reason.message}`;
    }
  },
};

const predict: Words['predict'] = {
  label: '你的预测：',
  tolerance: (t) =>
    t.kind === 'relative'
      ? `与实测值相差在 ${within(t)} 以内即算猜中。按 Enter 运行单元格。`
      : `与实测值相差在 ${within(t)}（与该值同一单位）以内即算猜中。按 Enter 运行单元格。`,
  askBaked: '先预测这个值，再运行单元格：页面会把你的预测与实测值对比。',
  answer: '答案',
  measured: (value) => `实测：${value}`,
  verdict: (guess, measured, v, t) =>
    v.within
      ? `✓ 你预测 ${guess}；实测 ${measured}：在 ${within(t)} 以内${v.off === 0 ? '，完全一致' : `（${offBy(v, true)}）`}。`
      : `✗ 你预测 ${guess}；实测 ${measured}：${offBy(v, true)}，超出 ${within(t)}。`,
  noGuess: (measured) => `没有填写预测；实测 ${measured}。`,
  notANumber: (typed) => `“${typed}”不是数字：请输入数字，例如 56（可带正负号、小数点，千位之间可用“,”）。`,
  couldNotMeasure: (expr, why) => `运行后无法测量 ${expr}：${why}`,
};

export const zhCN: Words = { notices, ui, output, render, metrics, predict };
