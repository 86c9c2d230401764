/**
 * The words around a capped output (`output-cap.ts`), in the book's languages: the line that says
 * what is hidden, baked at build and shown live, and the controls the page adds to it.
 */
import type { BuildOnlyInstruments, ErrorHint, OutputSize } from '../../workers/protocol.ts';
import { formatBytes, formatValue } from './format.ts';
import type { HiddenOutput } from './output-cap.ts';

export interface OutputText {
  /** What is hidden after the shown part. */
  hidden(hidden: HiddenOutput): string;
  /** What the engine counted and did not keep, past its ceiling per cell. */
  notKept(size: OutputSize, ceilingBytes: number): string;
  /** In a baked page, which has no controls: how to see the rest. */
  runToSee: string;
  showMore: string;
  /** The button that saves the whole kept output as a text file. */
  download(bytes: number): string;
  /**
   * Under a JavaScript cell that used a forced collection or heap-space statistics: at build, that
   * its results were measured with them; live, what this browser could not measure.
   */
  buildOnly(used: BuildOnlyInstruments, live: boolean): string;
  /** What an error the engine recognised means, and what to do (CellError.hint). */
  errorHint: Record<ErrorHint, string>;
  /** The memory gutter beside a Python cell's code (`line-gutter.ts`). */
  lines: {
    /** The disclosure that opens the gutter: the lines' total, and the net figure of the metrics line. */
    summary(total: number, net: number | null): string;
    /** The same before any figure was read (live, before the reader opened it). */
    summaryUnread: string;
    explain: string;
    gutterLabel: string;
    rowTitle(line: number, bytes: number): string;
    /** Live: reading the figures from the engine. */
    reading: string;
    /** Live: the cell is not the last that ran, so the state it left is gone. */
    stale: string;
    /** Live: the reading failed. */
    failed(why: string): string;
  };
  /** The "Left behind" disclosure under a cell with `#| left-behind: true`. */
  leftBehind: {
    title: string;
    summary(objects: number, bytes: number): string;
    failed(why: string): string;
    explain: string;
  };
}

const count = (n: number) => formatValue(n, 'int');
const lines = (n: number) => `${count(n)} ${n === 1 ? 'line' : 'lines'}`;
const more = (n: number) => `${count(n)} more ${n === 1 ? 'line' : 'lines'}`;

const en: OutputText = {
  hidden({ lines: n, bytes, midLine }) {
    const size = formatBytes(bytes);
    if (!midLine) return `${more(n)} (${size}) hidden.`;
    if (n === 1) return `The rest of this line (${size}) hidden.`;
    return `The rest of this line and ${more(n - 1)} (${size}) hidden.`;
  },
  notKept: (size, ceiling) =>
    `A further ${formatBytes(size.bytes)} (${lines(size.lines)}) was written but not kept: the engine keeps the first ${formatBytes(ceiling)} of a cell's output.`,
  runToSee: 'Run the cell to see the rest.',
  showMore: 'Show more',
  download: (bytes) => `Download the output as text (${formatBytes(bytes)})`,
  buildOnly(used, live) {
    if (!live) {
      const tools = [
        used.forced > 0 ? 'a forced full collection' : used.collections > 0 ? 'a requested collection' : '',
        used.heapSpaces > 0 ? "V8's heap-space statistics" : '',
        used.gcEntries > 0 ? "V8's gc events" : '',
      ].filter(Boolean);
      const how = tools.length > 1 ? `${tools.slice(0, -1).join(', ')} and ${tools.at(-1)}` : tools[0];
      return `Printed at build in ${used.runtime}, with ${how}. A browser has none of these, so a live run may print other results wherever they depend on them.`;
    }
    return `${used.runtime} cannot force a garbage collection (this run applied memory pressure instead, and the browser decides whether to collect), and gives a page no heap-space statistics or gc events: what this run reports as collected, and any heap figure, may differ from the build's, which were measured in Node after forced collections.`;
  },
  errorHint: {
    'no-stdin':
      'This page has no standard input, so input() and sys.stdin cannot read anything. Assign the value in the code instead: name = "Ada" in place of name = input().',
    'helpers-damaged':
      "An earlier cell damaged the book's helper package (heapbook), so its helpers can no longer be imported. Press Restart engine to get them back; variables from earlier cells will be gone.",
    'stopped-while-describing':
      'The cell was stopped, and the stop also cut short the engine while it described how the cell ended, so no traceback is shown. What the cell printed before is shown above.',
  },
  lines: {
    summary: (total, net) =>
      `Memory by line: the lines still hold ${formatBytes(total)}${net === null ? '' : ` (net ${net > 0 ? '+' : ''}${formatBytes(net)})`}`,
    summaryUnread: 'Memory by line',
    explain:
      'Beside each line: the traced bytes it allocated that are still held when the cell ends (tracemalloc, which charges a block to the innermost frame: inside a function the cell defines, to the line of its body; inside library code or another cell, to no line here). The total differs from the net figure by what library code allocated and by memory of earlier cells that this one freed.',
    gutterLabel: 'Bytes each line still holds at the end of the cell',
    rowTitle: (line, bytes) => `line ${line} still holds ${count(bytes)} bytes`,
    reading: 'Memory by line: reading…',
    stale: 'Memory by line: other cells ran after this one, so the state it left is gone. Run it again with this open to see its lines.',
    failed: (why) => `Memory by line could not be read: ${why}`,
  },
  leftBehind: {
    title: 'Left behind',
    summary: (objects, bytes) => `Left behind: ${count(objects)} ${objects === 1 ? 'object' : 'objects'}, ${formatBytes(bytes)} still alive after the cell`,
    failed: (why) => `Left behind: not read (${why})`,
    explain:
      'Objects made by this cell and still alive after it, read after a collection before and after the cell (outside its measured figures): bars by the line that allocated them, a table by type. Bytes are sys.getsizeof of each object itself.',
  },
};

const zh: OutputText = {
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
  errorHint: {
    'no-stdin': '此页面没有标准输入，因此 input() 和 sys.stdin 读不到任何内容。请在代码中直接赋值：用 name = "Ada" 代替 name = input()。',
    'helpers-damaged': '之前的某个单元破坏了本书的辅助包（heapbook），其辅助函数已无法导入。请按“重启引擎”恢复它们；之前单元定义的变量将不复存在。',
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

/** The words for a page language such as "en" or "zh-CN"; English when it is not one of the book's. */
export function outputText(lang: string): OutputText {
  return lang.toLowerCase().startsWith('zh') ? zh : en;
}
