/** The table renderer (`application/vnd.heapbook.table+json`): a plain, searchable HTML table. */
import type { TableColumn, TableData } from '../../../engine/protocol.ts';
import { formatValue } from '../format.ts';
import { h, type ViewNode } from '../view-node.ts';

const NUMERIC = new Set(['int', 'signed-int', 'bytes', 'signed-bytes', 'ms']);

function cell(tag: 'td' | 'th', column: TableColumn, value: string | number | null | undefined): ViewNode {
  const attrs: Record<string, string> = { class: NUMERIC.has(column.format) ? 'hb-num' : 'hb-txt' };
  if (tag === 'th') attrs['scope'] = 'row';
  if (typeof value === 'number' && NUMERIC.has(column.format)) attrs['data-value'] = String(value);
  const text = formatValue(value, column.format);
  return h(tag, attrs, column.format === 'code' ? h('code', null, text) : text);
}

/** Renders a table; the first column heads each row. */
export function renderTable(data: TableData): ViewNode {
  const head = h('tr', null, ...data.columns.map((c) => h('th', { scope: 'col' }, c.label)));
  const row = (values: Record<string, string | number | null>) =>
    h('tr', null, ...data.columns.map((c, i) => cell(i === 0 ? 'th' : 'td', c, values[c.key])));
  const sections: ViewNode[] = [h('caption', null, data.caption), h('thead', null, head)];
  sections.push(h('tbody', null, ...data.rows.map(row)));
  if (data.total) sections.push(h('tfoot', null, row(data.total)));
  return h('div', { class: 'hb-table' }, h('table', null, ...sections), ...renderNotes(data.notes));
}

/** The sentences under a picture or table that say what was measured and where. */
export function renderNotes(notes: string[]): ViewNode[] {
  return notes.length ? [h('ul', { class: 'hb-notes' }, ...notes.map((n) => h('li', null, n)))] : [];
}
