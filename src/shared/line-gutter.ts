/**
 * The memory gutter beside a cell's code and the "Left behind" disclosure under its output, as
 * view nodes: the same at build (baked beside the static code, readable with no JavaScript) and
 * live. Pure; the words come from the language layer (`src/i18n/`).
 *
 * The gutter has one row per line of the code, so it lines up with the code beside it; a line
 * that holds nothing has an empty row. Each figure is shaded by how much of the cell's largest
 * line it is (`heatLevel`), on a linear scale: the line that holds the memory stands out, and a
 * few hundred bytes beside a megabyte stay pale.
 */
import type { CellLines, MimeBundle, TableData } from '../../engine/protocol.ts';
import { HEAPBOOK_MIME } from '../../engine/protocol.ts';
import { formatBytes } from './format.ts';
import type { OutputText } from '../i18n/index.ts';
import { h, type ViewNode } from './view-node.ts';

/** Shades of the gutter: 0 for a line that holds nothing, up to HEAT_LEVELS for the largest. */
export const HEAT_LEVELS = 4;

/** The shade of a line holding `bytes` when the cell's largest line holds `max`: 0 to HEAT_LEVELS. */
export function heatLevel(bytes: number, max: number): number {
  if (!(bytes > 0) || !(max > 0)) return 0;
  return Math.min(HEAT_LEVELS, Math.max(1, Math.ceil((bytes / max) * HEAT_LEVELS)));
}

/** One row of the gutter: the line, its bytes, the figure shown and its shade. */
export interface GutterRow {
  line: number;
  bytes: number;
  text: string;
  level: number;
}

/** Every line of a code of `lineCount` lines, with what each holds (lines past the code dropped). */
export function gutterRows(lines: CellLines, lineCount: number): GutterRow[] {
  const held = new Map<number, number>();
  for (const [line, bytes] of lines.lines) held.set(line, (held.get(line) ?? 0) + bytes);
  const max = Math.max(0, ...[...held].filter(([line]) => line >= 1 && line <= lineCount).map(([, bytes]) => bytes));
  const rows: GutterRow[] = [];
  for (let line = 1; line <= lineCount; line++) {
    const bytes = held.get(line) ?? 0;
    rows.push({ line, bytes, text: bytes > 0 ? formatBytes(bytes) : '', level: heatLevel(bytes, max) });
  }
  return rows;
}

/** The number of lines of a cell's code, as the gutter counts them (a final newline ends the last line). */
export function lineCount(code: string): number {
  return code === '' ? 1 : code.replace(/\n$/, '').split('\n').length;
}

/** The gutter column: one row per line, the figure right-aligned and shaded. */
export function renderGutter(lines: CellLines, code: string, words: OutputText): ViewNode {
  const rows = gutterRows(lines, lineCount(code)).map((row) =>
    h(
      'span',
      {
        class: `hb-gl hb-heat-${row.level}`,
        'data-line': String(row.line),
        'data-bytes': String(row.bytes),
        ...(row.bytes > 0 ? { title: words.lines.rowTitle(row.line, row.bytes) } : {}),
      },
      row.text,
    ),
  );
  return h('div', { class: 'hb-gutter', role: 'note', 'aria-label': words.lines.gutterLabel }, ...rows);
}

/** The code and its gutter side by side; `code` is the code block (static or the editor's host). */
export function renderCodeRow(code: ViewNode, gutter: ViewNode | null): ViewNode {
  return h('div', { class: 'hb-code-row' }, code, ...(gutter ? [gutter] : []));
}

/**
 * The disclosure that opens the gutter (CSS shows the gutter while it is open, so it needs no
 * script): the lines' total against the metrics line's net figure, and what the figures mean.
 */
export function renderLinesToggle(lines: CellLines | null, net: number | null, words: OutputText, open = false): ViewNode {
  const summary = lines ? words.lines.summary(lines.total, net) : words.lines.summaryUnread;
  return h(
    'details',
    { class: 'hb-lines', ...(open ? { open: '' } : {}) },
    h('summary', null, summary),
    h('p', { class: 'hb-lines-note' }, words.lines.explain),
  );
}

/** The objects and bytes a left-behind table counts in its total row. */
export function leftBehindTotals(bundle: MimeBundle): { objects: number; bytes: number } | null {
  const table = bundle[HEAPBOOK_MIME.table] as TableData | undefined;
  const objects = Number(table?.total?.['count']);
  const bytes = Number(table?.total?.['bytes']);
  return Number.isFinite(objects) && Number.isFinite(bytes) ? { objects, bytes } : null;
}

/**
 * "Left behind": a disclosure next to the metrics line whose summary says how many objects and
 * bytes the cell left alive, holding the bars by line and the table by type (`drawn`, from the
 * chart and table renderers), or the reason the reading failed.
 */
export function renderLeftBehind(bundle: MimeBundle | null, drawn: ViewNode | null, error: string | null, words: OutputText): ViewNode {
  const totals = bundle ? leftBehindTotals(bundle) : null;
  const summary =
    error !== null
      ? words.leftBehind.failed(error)
      : totals
        ? words.leftBehind.summary(totals.objects, totals.bytes)
        : words.leftBehind.title;
  const body: ViewNode[] = [];
  if (drawn) body.push(drawn);
  else if (bundle) body.push(h('pre', { class: 'hb-value' }, bundle['text/plain']));
  body.push(h('p', { class: 'hb-lines-note' }, words.leftBehind.explain));
  return h('details', { class: 'hb-left-behind' }, h('summary', null, summary), ...body);
}
