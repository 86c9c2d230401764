/**
 * The reference-graph renderer (`application/vnd.heapbook.graph+json`): Graphviz, compiled to
 * WebAssembly (@viz-js/viz), lays the graph out; the SVG is sanitised; the objects and edges are
 * also listed as tables, the text alternative for screen readers and search.
 */
import type { Viz } from '@viz-js/viz';
import type { GraphData, GraphNode } from '../../../workers/protocol.ts';
import { h, type ViewNode } from '../view-node.ts';
import { findCycles, graphToDot } from './graph-dot.ts';
import type { RenderTools } from './render-tools.ts';
import { svgToView } from './svg-to-view.ts';
import { renderNotes, renderTable } from './table-view.ts';

let viz: Promise<Viz> | undefined;

/** Graphviz is 1.4 MB of WebAssembly: loaded the first time a graph is drawn, then kept. */
function loadViz(): Promise<Viz> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return viz;
}

/** The text alternative: every object with its figures and every reference. */
export function graphTables(data: GraphData): ViewNode[] {
  const cycles = findCycles(data);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const name = (id: string) => {
    const node: GraphNode | undefined = byId.get(id);
    return node ? `${node.id} ${node.type}` : id;
  };
  const objects = renderTable({
    caption: 'Objects',
    columns: [
      { key: 'id', label: 'node', format: 'text' },
      { key: 'type', label: 'type', format: 'text' },
      { key: 'label', label: 'object', format: 'code' },
      { key: 'size', label: 'size', format: 'bytes' },
      { key: 'refcount', label: 'refcount', format: 'int' },
      { key: 'note', label: '', format: 'text' },
    ],
    rows: data.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      label: n.label,
      size: n.size,
      refcount: n.refcount,
      note: [n.root ? 'start' : '', cycles.nodes.has(n.id) ? 'in a cycle' : '', n.omitted ? `${n.omitted} not drawn` : '']
        .filter(Boolean)
        .join(', '),
    })),
    notes: [],
  });
  const references = renderTable({
    caption: 'References (referrer → referent)',
    columns: [
      { key: 'from', label: 'from', format: 'text' },
      { key: 'label', label: 'via', format: 'code' },
      { key: 'to', label: 'to', format: 'text' },
    ],
    rows: data.edges.map((e) => ({ from: name(e.from), label: e.label, to: name(e.to) })),
    notes: [],
  });
  return [objects, references];
}

export async function renderGraph(data: GraphData, tools: RenderTools): Promise<ViewNode> {
  const svg = (await loadViz()).renderString(graphToDot(data), { format: 'svg' });
  const picture = svgToView(tools.parseSvg(svg), { class: 'hb-graph-svg', role: 'img', 'aria-label': data.caption });
  const cycles = findCycles(data).nodes.size;
  const legend = cycles ? ' Objects on a reference cycle are outlined in orange.' : '';
  return h(
    'figure',
    { class: 'hb-figure hb-graph' },
    picture,
    h('figcaption', null, `${data.caption}. The starting object is blue.${legend}`),
    h('details', null, h('summary', null, 'Objects and references as tables'), ...graphTables(data)),
    ...renderNotes(data.notes),
  );
}
