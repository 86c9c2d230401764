/**
 * The chart renderer (`application/vnd.heapbook.chart+json`): Observable Plot draws bars (one
 * small chart per facet, e.g. net and peak bytes of each candidate) or lines (memory over time);
 * the SVG is sanitised and the rows are also given as a table. Plot's own legend is HTML with a
 * style sheet, so the legend here is drawn as plain elements instead.
 */
import type { ChartChannel, ChartData, TableColumn } from '../../../engine/protocol.ts';
import { formatValue } from '../format.ts';
import { h, type ViewNode } from '../view-node.ts';
import type { RenderText } from '../../i18n/index.ts';
import type { RenderTools } from './render-tools.ts';
import { svgToView, type DomLike } from './svg-to-view.ts';
import { renderNotes, renderTable } from './table-view.ts';

export const SERIES_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ca8a04', '#0891b2'];
const FIRST_COLOR = '#2563eb';

type Row = Record<string, string | number>;

/** Distinct values of a key, in order of first appearance. */
export function distinct(rows: Row[], key: string): string[] {
  return [...new Set(rows.map((r) => String(r[key])))];
}

const tick = (channel: ChartChannel) => (v: number) => formatValue(v, channel.format);

/** Plot's options for the chart: pure data in, options out (the marks need Plot itself). */
export function chartLayout(data: ChartData): { width: number; height: number; marginLeft: number } {
  const categories = data.mark === 'bar' ? distinct(data.rows, data.y.key) : [];
  const facets = data.facet ? distinct(data.rows, data.facet.key).length : 1;
  const longest = Math.max(0, ...categories.map((c) => c.length));
  return {
    width: 640,
    height: data.mark === 'bar' ? Math.max(90, facets * (categories.length * 26 + 18) + 40) : 260,
    marginLeft: data.mark === 'bar' ? Math.min(200, 16 + longest * 7) : 64,
  };
}

async function plotChart(data: ChartData, document: Document): Promise<DomLike> {
  const Plot = await import('@observablehq/plot');
  const { x, y, series, facet } = data;
  const layout = chartLayout(data);
  const colors = series ? { domain: distinct(data.rows, series.key), range: SERIES_COLORS } : undefined;
  const common = { document, ...layout, ...(colors ? { color: colors } : {}) };
  if (data.mark === 'bar') {
    const channels = { x: x.key, y: y.key, ...(facet ? { fy: facet.key } : {}) };
    return Plot.plot({
      ...common,
      marginRight: 70,
      x: { label: x.label, tickFormat: tick(x), grid: true, nice: true },
      y: { label: null, domain: distinct(data.rows, y.key) },
      ...(facet ? { fy: { label: facet.label, domain: distinct(data.rows, facet.key) } } : {}),
      marks: [
        Plot.barX(data.rows, { ...channels, fill: series ? series.key : FIRST_COLOR }),
        Plot.text(data.rows, { ...channels, text: (d: Row) => formatValue(d[x.key], x.format), textAnchor: 'start', dx: 4 }),
        Plot.ruleX([0]),
      ],
    }) as unknown as DomLike;
  }
  return Plot.plot({
    ...common,
    x: { label: x.label, tickFormat: tick(x) },
    y: { label: y.label, tickFormat: tick(y), grid: true },
    marks: [
      Plot.ruleY([0]),
      Plot.line(data.rows, {
        x: x.key,
        y: y.key,
        ...(series ? { stroke: series.key, z: series.key } : { stroke: FIRST_COLOR }),
      }),
    ],
  }) as unknown as DomLike;
}

/** The legend as plain elements: a swatch (coloured by class, as a strict CSP wants) and the series name. */
export function chartLegend(data: ChartData): ViewNode | null {
  if (!data.series) return null;
  const items = distinct(data.rows, data.series.key).map((name, i) =>
    h('li', null, h('span', { class: `hb-swatch hb-series-${i % SERIES_COLORS.length}`, 'aria-hidden': 'true' }), name),
  );
  return h('ul', { class: 'hb-legend', 'aria-label': data.series.label }, ...items);
}

/**
 * At most this many rows go into a chart's table. A timeline of 500 samples would otherwise put
 * 3,000 elements on the page (a third of a chapter's), which the reader pays for in parsing, in
 * Starlight's table-of-contents scan and in memory, and which no one reads row by row.
 */
export const CHART_TABLE_ROWS = 48;

/**
 * The rows a chart's table shows: all of them up to `limit`; beyond that, per series, evenly
 * spaced rows with the first, the last and the highest value always among them, in sent order.
 */
export function tableRows(data: ChartData, limit = CHART_TABLE_ROWS): Row[] {
  if (data.rows.length <= limit) return data.rows;
  const seriesKey = data.series?.key;
  const groups = new Map<string, number[]>();
  data.rows.forEach((row, i) => {
    const name = seriesKey === undefined ? '' : String(row[seriesKey]);
    groups.set(name, [...(groups.get(name) ?? []), i]);
  });
  const each = Math.max(2, Math.floor(limit / groups.size));
  const kept = new Set<number>();
  for (const indices of groups.values()) {
    const value = (i: number) => Number(data.rows[i]![data.y.key]);
    kept.add(indices.reduce((best, i) => (value(i) > value(best) ? i : best)));
    for (let k = 0; k < each - 1; k++) kept.add(indices[Math.round((k * (indices.length - 1)) / (each - 2))]!);
  }
  return [...kept].sort((a, b) => a - b).map((i) => data.rows[i]!);
}

/** The rows behind the chart, as a table (thinned by `tableRows`, which its note says). */
export function chartTable(data: ChartData, text: RenderText): ViewNode {
  const channels = data.mark === 'bar' ? [data.facet, data.y, data.series, data.x] : [data.x, data.series, data.y];
  const columns: TableColumn[] = channels
    .filter((c): c is ChartChannel => c !== undefined)
    .filter((c, i, all) => all.findIndex((o) => o.key === c.key) === i)
    .map((c) => ({ key: c.key, label: c.label, format: c.format }));
  const rows = tableRows(data);
  const notes = rows.length < data.rows.length ? [text.someRows(rows.length, data.rows.length, data.y.label)] : [];
  return renderTable({ caption: text.dataCaption(data.caption), columns, rows, notes });
}

export async function renderChart(data: ChartData, tools: RenderTools): Promise<ViewNode> {
  const svg = await plotChart(data, tools.document);
  const legend = chartLegend(data);
  return h(
    'figure',
    { class: 'hb-figure hb-chart' },
    svgToView(svg, { class: 'hb-chart-svg', role: 'img', 'aria-label': data.caption }),
    ...(legend ? [legend] : []),
    h('figcaption', null, data.caption),
    h('details', null, h('summary', null, tools.text.chartNumbers), chartTable(data, tools.text)),
    ...renderNotes(data.notes),
  );
}
