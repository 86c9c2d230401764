/** How a RunResult is shown: one function per part, each returning view nodes. Pure. */
import type { MimeBundle, RunResult, StreamChunk } from '../../workers/protocol.ts';
import { metricParts } from './format.ts';
import { h, type ViewNode } from './view-node.ts';

/** Where the figures came from, shown at the end of the metrics line. */
export type Provenance = { kind: 'build'; engine: string } | { kind: 'live' };

/** Renders one MIME bundle; richer types get their own renderer as they are added. */
const mimeRenderers: Record<string, (data: string) => ViewNode> = {
  'text/plain': (data) => h('pre', { class: 'hb-value' }, data),
};

export function renderValue(bundle: MimeBundle): ViewNode {
  for (const [type, render] of Object.entries(mimeRenderers)) {
    const data = bundle[type];
    if (data !== undefined) return render(data);
  }
  return h('pre', { class: 'hb-value' }, bundle['text/plain']);
}

export function renderStream(chunk: StreamChunk): ViewNode {
  return h('pre', { class: `hb-stream hb-${chunk.stream}` }, chunk.text);
}

export function renderStatusLine(result: RunResult): ViewNode | null {
  return result.notice ? h('p', { class: 'hb-notice', role: 'status' }, result.notice) : null;
}

export function renderMetrics(result: RunResult, provenance: Provenance): ViewNode | null {
  if (!result.metrics) return null;
  const parts = metricParts(result.metrics);
  const children: ViewNode[] = [];
  parts.forEach((part, i) => {
    if (i > 0) children.push(h('span', { class: 'hb-sep', 'aria-hidden': 'true' }, ' · '));
    children.push(h('span', { class: `hb-m-${part.key}`, title: part.meaning }, part.text));
  });
  const where =
    provenance.kind === 'build' ? `measured at build, ${provenance.engine}` : 'measured live';
  children.push(h('span', { class: 'hb-where' }, ` — ${where}`));
  for (const note of result.metrics.notes) children.push(h('span', { class: 'hb-mnote' }, ` (${note})`));
  return h('p', { class: 'hb-metrics' }, ...children);
}

/** The whole output area of a finished cell. */
export function renderResult(result: RunResult, provenance: Provenance): ViewNode {
  const children: ViewNode[] = result.stream.map(renderStream);
  if (result.value) children.push(renderValue(result.value));
  if (result.error) {
    const lines = result.error.traceback.length
      ? result.error.traceback.join('\n')
      : `${result.error.type}: ${result.error.message}`;
    children.push(h('pre', { class: 'hb-error', role: 'alert' }, lines));
  }
  const notice = renderStatusLine(result);
  if (notice) children.push(notice);
  const metrics = renderMetrics(result, provenance);
  if (metrics) children.push(metrics);
  return h('div', { class: 'hb-output', 'data-status': result.status }, ...children);
}
