/**
 * The renderers' own words (labels, legends, summaries) in the book's languages. Figures and
 * captions that come from the engine stay as the engine wrote them.
 */
import type { EncodingData } from '../../../workers/protocol.ts';
import { formatBytes } from '../format.ts';

export interface RenderText {
  chartNumbers: string;
  dataCaption(caption: string): string;
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
}

const en: RenderText = {
  chartNumbers: 'The numbers behind the chart',
  dataCaption: (caption) => `Data: ${caption}`,
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
};

const zh: RenderText = {
  chartNumbers: '图表背后的数据',
  dataCaption: (caption) => `数据：${caption}`,
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
};

/** The language of a chapter file from its folder: `content/docs/zh-cn/gc.mdx` is Chinese. */
export function chapterLang(path: string): string {
  return /[\\/]docs[\\/]zh-cn[\\/]/i.test(path) ? 'zh-CN' : 'en';
}

/** The words for a page language such as "en" or "zh-CN"; English when the language is not one of the book's. */
export function renderText(lang: string): RenderText {
  return lang.toLowerCase().startsWith('zh') ? zh : en;
}
