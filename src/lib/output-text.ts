/**
 * The words around a capped output (`output-cap.ts`), in the book's languages: the line that says
 * what is hidden, baked at build and shown live, and the controls the page adds to it.
 */
import type { OutputSize } from '../../workers/protocol.ts';
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
};

/** The words for a page language such as "en" or "zh-CN"; English when it is not one of the book's. */
export function outputText(lang: string): OutputText {
  return lang.toLowerCase().startsWith('zh') ? zh : en;
}
