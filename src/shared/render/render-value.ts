/**
 * A value's MIME bundle as a view: one renderer per type of the book's own helpers, in the order
 * the bundle lists them (a comparison is a chart, then its table). Plain text when there is no
 * richer type, and also when a picture cannot be drawn: the reader always sees the value.
 */
import { HEAPBOOK_MIME, type MimeBundle } from '../../../engine/protocol.ts';
import { renderPlain } from '../result-view.ts';
import { h, type ViewNode } from '../view-node.ts';
import { renderBroadcast } from './broadcast-view.ts';
import { renderChart } from './chart-view.ts';
import { renderEncoding } from './encoding-view.ts';
import { renderGraph } from './graph-view.ts';
import { renderHeapModel } from './heap-model-view.ts';
import { localise } from './localise.ts';
import { renderPymalloc } from './pymalloc-view.ts';
import type { RenderTools } from './render-tools.ts';
import { renderTable } from './table-view.ts';

type Renderer = (data: never, tools: RenderTools) => ViewNode | Promise<ViewNode>;

const renderers: Record<string, Renderer> = {
  [HEAPBOOK_MIME.table]: renderTable,
  [HEAPBOOK_MIME.encoding]: renderEncoding,
  [HEAPBOOK_MIME.graph]: renderGraph,
  [HEAPBOOK_MIME.chart]: renderChart,
  [HEAPBOOK_MIME.heapModel]: renderHeapModel,
  [HEAPBOOK_MIME.pymalloc]: renderPymalloc,
  [HEAPBOOK_MIME.broadcast]: renderBroadcast,
};

export async function renderValue(bundle: MimeBundle, tools: RenderTools): Promise<ViewNode> {
  const parts: ViewNode[] = [];
  const failures: string[] = [];
  for (const [type, data] of Object.entries(bundle)) {
    const render = renderers[type];
    if (!render) continue;
    try {
      parts.push(await render(localise(data, tools.lang) as never, tools));
    } catch (err) {
      failures.push(`${type}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (failures.length) {
    const note = tools.text.couldNotDraw(failures.join('; '));
    parts.push(h('p', { class: 'hb-notice', role: 'status' }, note), renderPlain(bundle));
  }
  if (!parts.length) return renderPlain(bundle);
  return parts.length === 1 ? parts[0]! : h('div', { class: 'hb-rich' }, ...parts);
}
