/** The metrics line under every output, as parts, in the page's language. Pure. */
import type { RunMetrics } from '../../engine/protocol.ts';
import { en } from '../i18n/en.ts';
import type { MetricNote, MetricsText } from '../i18n/index.ts';
import { formatBytes, formatDuration, formatSignedBytes } from './format.ts';

/** One metric: what the reader sees, and what it means (for a tooltip and screen readers). */
export interface MetricPart {
  key: 'net' | 'peak' | 'gc' | 'time' | 'wasm' | 'heap-net' | 'heap';
  text: string;
  meaning: string;
}

/** The metrics line as parts, e.g. "+8.00 MiB net · peak 8.00 MiB · 1 GC pass (4 freed) · 38 ms". */
export function metricParts(m: RunMetrics, text: MetricsText = en.metrics): MetricPart[] {
  const parts: MetricPart[] = [];
  if (m.tracedNetBytes !== null) {
    parts.push({ key: 'net', text: text.net(formatSignedBytes(m.tracedNetBytes)), meaning: text.meaning.net });
  }
  if (m.tracedPeakBytes !== null) {
    parts.push({ key: 'peak', text: text.peak(formatBytes(m.tracedPeakBytes)), meaning: text.meaning.peak });
  }
  if (m.gcPasses !== null) {
    parts.push({ key: 'gc', text: text.gc(m.gcPasses, m.gcCollected ?? 0), meaning: text.meaning.gc });
  }
  const source = m.heapSource ? ` (${text.heapSource(m.heapSource)})` : '';
  if (m.heapNetBytes !== undefined && m.heapNetBytes !== null) {
    parts.push({ key: 'heap-net', text: text.heapNet(formatSignedBytes(m.heapNetBytes)), meaning: text.meaning.heapNet(source) });
  }
  if (m.heapUsedBytes !== undefined && m.heapUsedBytes !== null) {
    parts.push({ key: 'heap', text: text.heapUsed(formatBytes(m.heapUsedBytes)), meaning: text.meaning.heapUsed(source) });
  }
  parts.push({ key: 'time', text: formatDuration(m.wallMs), meaning: text.meaning.time });
  if (m.wasmMemoryBytes !== null) {
    parts.push({ key: 'wasm', text: text.wasm(formatBytes(m.wasmMemoryBytes)), meaning: text.meaning.wasm });
  }
  return parts;
}

/** The metrics line as plain text (English unless told: the writer's terminal reads it). */
export function formatMetrics(m: RunMetrics, text: MetricsText = en.metrics): string {
  return metricParts(m, text)
    .map((p) => p.text)
    .join(' · ');
}

/**
 * A note of the run's metrics in the page's language: the engine writes one of English's
 * sentences, found here by its words; a note the book does not know (a page's own, already in
 * its language) is kept as it is.
 */
export function metricNote(note: string, text: MetricsText): string {
  const key = (Object.keys(en.metrics.notes) as MetricNote[]).find((k) => en.metrics.notes[k] === note);
  return key ? text.notes[key] : note;
}
