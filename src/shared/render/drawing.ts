/**
 * The parts of a picture drawn by hand (byte layout, heap model, pymalloc): the root with one size,
 * font and text colour, numbers as the pictures write them, labels, wrapped titles and legends.
 */
import { h, type ViewChild, type ViewNode } from '../view-node.ts';

export function drawing(width: number, height: number, className: string, label: string, ...children: ViewChild[]): ViewNode {
  return h(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      width: String(width),
      class: className,
      role: 'img',
      'aria-label': label,
      'font-family': 'system-ui, sans-serif',
      fill: '#18181b',
    },
    ...children,
  );
}

/** A coordinate or length as an attribute: rounded to a tenth. */
export const num = (n: number) => String(Math.round(n * 10) / 10);

/** A `<text>` at (x, y), its baseline there. */
export function label(x: number, y: number, text: string, size = 11, extra: Record<string, string> = {}): ViewNode {
  return h('text', { x: num(x), y: num(y), 'font-size': String(size), ...extra }, text);
}

/** A rough width of text in the picture's sans-serif font: wide for CJK, about 0.6 em otherwise. */
export function textWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const ch of text) width += ch.codePointAt(0)! >= 0x2e80 ? fontSize : fontSize * 0.6;
  return width;
}

/** Splits a step's description into lines that fit the picture's width. */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, fontSize) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** A step's title at the top of its picture, in bold lines `lineHeight` apart that fit `width`. */
export function titleLines(text: string, width: number, lineHeight: number): ViewNode[] {
  return wrapText(text, width, 12).map((line, i) => label(0, 12 + i * lineHeight, line, 12, { 'font-weight': '600' }));
}

/** One entry of a legend: a swatch painted with `rect`'s attributes, `mark` drawn over it, then its words. */
export interface LegendItem {
  text: string;
  rect: Record<string, string>;
  /** Something drawn over the swatch, whose top-left corner is at (x, y). */
  mark?: (x: number, y: number) => ViewNode;
}

/** A legend drawn once above a figure's pictures: its entries in rows that fit `width`; its label names them all. */
export function legend(items: LegendItem[], width: number, className: string, legendLabel: string): ViewNode {
  const nodes: ViewNode[] = [];
  let x = 0;
  let y = 2;
  for (const item of items) {
    const itemWidth = 16 + 6 + textWidth(item.text, 11) + 14;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      y += 20;
    }
    nodes.push(h('rect', { x: num(x + 1), y: num(y + 2), width: '16', height: '12', ...item.rect }));
    if (item.mark) nodes.push(item.mark(x, y));
    nodes.push(label(x + 22, y + 12, item.text, 11));
    x += itemWidth;
  }
  return drawing(width, y + 18, className, `${legendLabel}: ${items.map((i) => i.text).join(', ')}`, ...nodes);
}
