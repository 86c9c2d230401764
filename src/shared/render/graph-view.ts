/**
 * The reference-graph renderer (`application/vnd.heapbook.graph+json`): Graphviz, compiled to
 * WebAssembly (@viz-js/viz), lays the graph out; the SVG is sanitised; the objects and edges are
 * also listed as tables, the text alternative for screen readers and search.
 */
import type { Viz } from '@viz-js/viz';
import type { GraphData, GraphNode } from '../../../engine/protocol.ts';
import { h, type ViewNode } from '../view-node.ts';
import { findCycles, graphToDot } from './graph-dot.ts';
import type { RenderText } from '../../i18n/index.ts';
import type { RenderTools } from './render-tools.ts';
import { svgToView } from './svg-to-view.ts';
import { renderNotes, renderTable } from './table-view.ts';

let viz: Promise<Viz> | undefined;

/** Graphviz lays out on the page's main thread: beyond this many objects it could freeze the page. */
export const MAX_DRAWN_NODES = 200;

/** Graphviz is 1.4 MB of WebAssembly: loaded the first time a graph is drawn, then kept. */
function loadViz(): Promise<Viz> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return viz;
}

/** The text alternative: every object with its figures and every reference. */
export function graphTables(data: GraphData, text: RenderText): ViewNode[] {
  const col = text.graphColumns;
  const cycles = findCycles(data);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const name = (id: string) => {
    const node: GraphNode | undefined = byId.get(id);
    return node ? `${node.id} ${node.type}` : id;
  };
  const objects = renderTable({
    caption: text.objects,
    columns: [
      { key: 'id', label: col.node, format: 'text' },
      { key: 'type', label: col.type, format: 'text' },
      { key: 'label', label: col.object, format: 'code' },
      { key: 'size', label: col.size, format: 'bytes' },
      { key: 'refcount', label: col.refcount, format: 'int' },
      { key: 'note', label: '', format: 'text' },
    ],
    rows: data.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      label: n.label,
      size: n.size,
      refcount: n.refcount,
      note: [n.root ? text.start : '', cycles.nodes.has(n.id) ? text.inCycle : '', n.omitted ? text.notDrawn(n.omitted) : '']
        .filter(Boolean)
        .join(', '),
    })),
    notes: [],
  });
  const references = renderTable({
    caption: text.references,
    columns: [
      { key: 'from', label: col.from, format: 'text' },
      { key: 'label', label: col.via, format: 'code' },
      { key: 'to', label: col.to, format: 'text' },
    ],
    rows: data.edges.map((e) => ({ from: name(e.from), label: e.label, to: name(e.to) })),
    notes: [],
  });
  return [objects, references];
}

export async function renderGraph(data: GraphData, tools: RenderTools): Promise<ViewNode> {
  if (data.nodes.length > MAX_DRAWN_NODES) {
    throw new Error(`${data.nodes.length} objects are too many to draw (at most ${MAX_DRAWN_NODES}): pass a smaller max_nodes`);
  }
  const svg = (await loadViz()).renderString(graphToDot(data, tools.text), { format: 'svg' });
  const picture = svgToView(tools.parseSvg(svg), { class: 'hb-graph-svg', role: 'img', 'aria-label': data.caption });
  const legend = tools.text.graphLegend(findCycles(data).nodes.size > 0);
  return h(
    'figure',
    { class: 'hb-figure hb-graph' },
    picture,
    h('figcaption', null, tools.text.captionThenLegend(data.caption, legend)),
    h('details', null, h('summary', null, tools.text.graphTables), ...graphTables(data, tools.text)),
    ...renderNotes(data.notes),
  );
}
