/**
 * The string-storage renderer (`application/vnd.heapbook.encoding+json`): a byte-layout picture
 * drawn by hand (no library draws this), one column per character and one row per encoding, each
 * box one byte wide, plus the table behind it. All figures come from the engine's data.
 */
import type { EncodedChar, EncodingData } from '../../../engine/protocol.ts';
import { h, type ViewNode } from '../view-node.ts';
import { drawing } from './drawing.ts';
import type { RenderText } from '../../i18n/index.ts';
import type { RenderTools } from './render-tools.ts';
import { renderNotes, renderTable } from './table-view.ts';

/** Characters drawn in the picture; the table lists every character the engine sent. */
export const PICTURE_CHARS = 8;

const BYTE_W = 22;
const ROW_H = 26;
const HEAD_H = 40;
const LABEL_W = 116;
const GAP = 8;
const CHAR_W = 4 * BYTE_W + GAP;

const hex = (n: number, digits: number) => n.toString(16).toUpperCase().padStart(digits, '0');
export const codePointName = (cp: number) => `U+${hex(cp, 4)}`;

/** Control characters, surrogates and other invisible code points are drawn as a middle dot. */
function visible(c: EncodedChar): string {
  const cp = c.codePoint;
  const invisible = cp < 0x21 || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xad;
  return invisible ? '·' : c.char;
}

interface Row {
  label: string;
  fill: string;
  /** The boxes of one character: width in bytes and the hex text inside. */
  boxes(c: EncodedChar): Array<{ bytes: number; text: string }>;
}

function rows(data: EncodingData): Row[] {
  const kind = data.storageKind;
  return [
    { label: 'UTF-8', fill: '#dbeafe', boxes: (c) => c.utf8.map((b) => ({ bytes: 1, text: hex(b, 2) })) },
    { label: 'UTF-16', fill: '#dcfce7', boxes: (c) => c.utf16.map((u) => ({ bytes: 2, text: hex(u, 4) })) },
    { label: 'UTF-32', fill: '#fef3c7', boxes: (c) => [{ bytes: 4, text: hex(c.codePoint, 8) }] },
    {
      label: `CPython (${data.storageName})`,
      fill: '#f3e8ff',
      boxes: (c) => [{ bytes: kind, text: hex(c.codePoint, 2 * kind) }],
    },
  ];
}

function drawColumn(c: EncodedChar, index: number, table: Row[]): ViewNode[] {
  const x0 = LABEL_W + index * CHAR_W;
  const mid = x0 + (4 * BYTE_W) / 2;
  const nodes: ViewNode[] = [
    h('text', { x: String(mid), y: '18', 'text-anchor': 'middle', 'font-size': '16' }, visible(c)),
    h('text', { x: String(mid), y: '34', 'text-anchor': 'middle', 'font-size': '9' }, codePointName(c.codePoint)),
  ];
  table.forEach((row, r) => {
    const y = HEAD_H + r * ROW_H;
    let x = x0;
    for (const box of row.boxes(c)) {
      const w = box.bytes * BYTE_W;
      nodes.push(
        h('rect', {
          x: String(x + 1),
          y: String(y + 2),
          width: String(w - 2),
          height: String(ROW_H - 4),
          fill: row.fill,
          stroke: '#52525b',
        }),
        h(
          'text',
          {
            x: String(x + w / 2),
            y: String(y + ROW_H / 2 + 4),
            'text-anchor': 'middle',
            'font-size': '9',
            'font-family': 'ui-monospace, monospace',
          },
          box.text,
        ),
      );
      x += w;
    }
  });
  return nodes;
}

/** The byte-layout picture of the first few characters. */
export function encodingPicture(data: EncodingData, text: RenderText): ViewNode {
  const shown = data.chars.slice(0, PICTURE_CHARS);
  const table = rows(data);
  const width = LABEL_W + Math.max(1, shown.length) * CHAR_W;
  const height = HEAD_H + table.length * ROW_H + 4;
  const labels = table.map((row, r) => h('text', { x: '0', y: String(HEAD_H + r * ROW_H + ROW_H / 2 + 4), 'font-size': '11' }, row.label));
  return drawing(
    width,
    height,
    'hb-bytes',
    text.bytesPicture(shown.length, data.storageName),
    ...labels,
    ...shown.flatMap((c, i) => drawColumn(c, i, table)),
  );
}

export function renderEncoding(data: EncodingData, tools: Pick<RenderTools, 'text'>): ViewNode {
  const { text } = tools;
  const col = text.encodingColumns;
  const listed = data.chars.map((c) => ({
    char: visible(c),
    cp: codePointName(c.codePoint),
    utf8: c.utf8.map((b) => hex(b, 2)).join(' '),
    utf16: c.utf16.map((u) => hex(u, 4)).join(' '),
    stored: `${data.storageKind} B`,
  }));
  const notes = [...data.notes, text.measuredOn(data.platform)];
  if (data.chars.length > PICTURE_CHARS) notes.push(text.pictureShows(PICTURE_CHARS));
  if (data.omitted > 0) notes.push(text.notListed(data.omitted));
  const table = renderTable({
    caption: text.charsCaption,
    columns: [
      { key: 'char', label: col.char, format: 'text' },
      { key: 'cp', label: col.codePoint, format: 'code' },
      { key: 'utf8', label: col.utf8, format: 'code' },
      { key: 'utf16', label: col.utf16, format: 'code' },
      { key: 'stored', label: col.stored, format: 'text' },
    ],
    rows: listed,
    notes: [],
  });
  return h(
    'figure',
    { class: 'hb-figure hb-encoding' },
    h('p', { class: 'hb-summary' }, text.encodingSummary(data)),
    encodingPicture(data, text),
    h('details', null, h('summary', null, text.bytesTable), table),
    ...renderNotes(notes),
  );
}
