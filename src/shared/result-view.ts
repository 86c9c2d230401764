/** How a RunResult is shown: one function per part, each returning view nodes. Pure. */
import { HEAPBOOK_MIME, type LateNote, type MimeBundle, type OutputSize, type RunResult, type StreamChunk } from '../../engine/protocol.ts';
import { OUTPUT_CEILING_BYTES } from '../../engine/worker/stream-batcher.ts';
import { metricNote, metricParts } from './metrics-line.ts';
import { firstPage, OUTPUT_PAGE, type HiddenOutput, type OutputPage } from './output-cap.ts';
import { outputText, words, type MetricsText, type OutputText } from '../i18n/index.ts';
import { renderLeftBehind, renderLinesToggle } from './line-gutter.ts';
import { h, type ViewNode } from './view-node.ts';

/** Where the figures came from, shown at the end of the metrics line. */
export type Provenance = { kind: 'build'; engine: string } | { kind: 'live' } | { kind: 'native'; platform: string };

const RICH_TYPES: ReadonlySet<string> = new Set(Object.values(HEAPBOOK_MIME));

/** True when a value carries a table or picture, which the page draws with lazily loaded renderers. */
export function hasRichData(bundle: MimeBundle): boolean {
  return Object.keys(bundle).some((type) => RICH_TYPES.has(type));
}

/** A value as its plain text: the fallback for every MIME bundle. */
export function renderPlain(bundle: MimeBundle): ViewNode {
  return h('pre', { class: 'hb-value' }, bundle['text/plain']);
}

export function renderStream(chunk: StreamChunk): ViewNode {
  return h('pre', { class: `hb-stream hb-${chunk.stream}` }, chunk.text);
}

/**
 * The line under a capped output: how much is hidden after what is shown, how much the engine did
 * not keep, and in a baked page (which has no controls) how to see the rest. Null when all is shown.
 */
export function renderMore(hidden: HiddenOutput | null, notKept: OutputSize | null, words: OutputText, baked: boolean): ViewNode | null {
  if (!hidden && !notKept) return null;
  const attrs: Record<string, string> = { class: 'hb-more' };
  const parts: string[] = [];
  if (hidden) {
    attrs['data-hidden-lines'] = String(hidden.lines);
    attrs['data-hidden-bytes'] = String(hidden.bytes);
    parts.push(words.hidden(hidden));
  }
  if (notKept) {
    attrs['data-not-kept-lines'] = String(notKept.lines);
    attrs['data-not-kept-bytes'] = String(notKept.bytes);
    parts.push(words.notKept(notKept, OUTPUT_CEILING_BYTES));
  }
  if (hidden && baked) parts.push(words.runToSee);
  return h('div', attrs, h('p', { class: 'hb-more-text' }, parts.join(' ')));
}

/**
 * An error the cell's code raised after the cell returned (a timer, a promise), with what it is,
 * worded from its kind in the page's language (the host's `notice` is in the language it ran in).
 */
export function renderLate(late: LateNote, lang = 'en'): ViewNode {
  const { traceback, type, message } = late.error;
  const text = traceback.length ? traceback.join('\n') : `${type}: ${message}`;
  const notice = words(lang).notices.late(late.kind);
  return h('div', { class: 'hb-late', role: 'alert' }, h('p', { class: 'hb-late-text' }, notice), h('pre', { class: 'hb-error' }, text));
}

export function renderStatusLine(result: RunResult): ViewNode | null {
  return result.notice ? h('p', { class: 'hb-notice', role: 'status' }, result.notice) : null;
}

function whereMeasured(provenance: Provenance, text: MetricsText): string {
  switch (provenance.kind) {
    case 'build':
      return text.measuredAtBuild(provenance.engine);
    case 'native':
      return text.measuredNative(provenance.platform);
    case 'live':
      return text.measuredLive;
  }
}

/** The metrics line in the page's language (`lang`, English by default). */
export function renderMetrics(result: RunResult, provenance: Provenance, lang = 'en'): ViewNode | null {
  if (!result.metrics) return null;
  const text = words(lang).metrics;
  const parts = metricParts(result.metrics, text);
  const children: ViewNode[] = [];
  parts.forEach((part, i) => {
    if (i > 0) children.push(h('span', { class: 'hb-sep', 'aria-hidden': 'true' }, ' · '));
    children.push(h('span', { class: `hb-m-${part.key}`, title: part.meaning }, part.text));
  });
  const where = whereMeasured(provenance, text);
  children.push(h('span', { class: 'hb-where' }, ` — ${where}`));
  for (const note of result.metrics.notes) children.push(h('span', { class: 'hb-mnote' }, text.noteAfter(metricNote(note, text))));
  return h('p', { class: 'hb-metrics' }, ...children);
}

export interface ResultViewOptions {
  /** The value as drawn by `render/render-value.ts` (asynchronously); without it, its plain text. */
  value?: ViewNode | undefined;
  /** The page's language, for the words around a capped output; English by default. */
  lang?: string;
  /** The output's first page when the caller has measured it already (the page keeps it for Show more). */
  page?: OutputPage;
  /**
   * Python cells: the disclosure that opens the memory gutter beside the code (`line-gutter.ts`),
   * open or closed; its summary is `linesSummary` when given (live: reading, or why not).
   */
  lines?: { open: boolean; summary?: string };
  /** The "Left behind" reading (`RunResult.leftBehind`) as drawn by the chart and table renderers. */
  leftBehind?: ViewNode | undefined;
}

/**
 * The whole output area of a finished cell. Its text output shows one page (`output-cap.ts`), the
 * same at build and live, and says what is hidden.
 */
export function renderResult(result: RunResult, provenance: Provenance, options: ResultViewOptions = {}): ViewNode {
  const { value, lang = 'en', page = firstPage(result.stream, OUTPUT_PAGE, result.streamSize) } = options;
  const children: ViewNode[] = page.pieces.map(renderStream);
  const more = renderMore(page.hidden, result.notKept ?? null, outputText(lang), provenance.kind !== 'live');
  if (more) children.push(more);
  if (value) children.push(value);
  else if (result.value) children.push(renderPlain(result.value));
  if (result.error) {
    const lines = result.error.traceback.length ? result.error.traceback.join('\n') : `${result.error.type}: ${result.error.message}`;
    const said = result.error.traceback.length ? null : outputText(lang).engineError(result.error.type, result.error.message);
    if (said) children.push(h('p', { class: 'hb-error-hint' }, said));
    children.push(h('pre', { class: 'hb-error', role: 'alert' }, lines));
    if (result.error.hint) children.push(h('p', { class: 'hb-error-hint' }, outputText(lang).errorHint[result.error.hint]));
  }
  for (const late of result.late ?? []) children.push(renderLate(late, lang));
  const notice = renderStatusLine(result);
  if (notice) children.push(notice);
  const metrics = renderMetrics(result, provenance, lang);
  if (metrics) children.push(metrics);
  const words = outputText(lang);
  if (options.lines && result.metrics) {
    const toggle = renderLinesToggle(result.lines ?? null, result.metrics.tracedNetBytes, words, options.lines.open);
    const summary = options.lines.summary;
    if (summary !== undefined) toggle.children[0] = h('summary', null, summary);
    children.push(toggle);
  }
  if (result.leftBehind || result.leftBehindError) {
    children.push(renderLeftBehind(result.leftBehind ?? null, options.leftBehind ?? null, result.leftBehindError ?? null, words));
  }
  const used = result.metrics?.instruments;
  if (used) children.push(h('p', { class: 'hb-build-only' }, outputText(lang).buildOnly(used, provenance.kind === 'live')));
  return h('div', { class: 'hb-output', 'data-status': result.status }, ...children);
}

/**
 * A cell's result on the build machine's 64-bit CPython, shown under the engine's own. It keeps
 * its build label when the reader runs the cell live, and says so.
 */
export function renderNative(
  result: RunResult,
  provenance: Extract<Provenance, { kind: 'native' }>,
  label: string,
  options: ResultViewOptions = {},
): ViewNode {
  return h('div', { class: 'hb-native' }, h('p', { class: 'hb-native-label' }, label), renderResult(result, provenance, options));
}
