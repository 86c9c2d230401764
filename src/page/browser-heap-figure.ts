/**
 * A JavaScript cell's heap figure comes from the page, after the run, and the browser takes its
 * time: the metrics line says it is waiting, then shows the figure or why there is none. Where
 * JavaScript cells run in a process of their own, the browser does not measure it, and the line says so.
 */
import type { RunResult } from '../../engine/protocol.ts';
import { words, type UiText } from '../i18n/index.ts';

type Metrics = NonNullable<RunResult['metrics']>;

/** `result` with its metrics changed by `extra` and, if given, one more note. Pure. */
export function withHeapFigure(result: RunResult & { metrics: Metrics }, extra: Partial<Metrics>, note: string | null): RunResult {
  const { metrics } = result;
  return { ...result, metrics: { ...metrics, ...extra, notes: note ? [...metrics.notes, note] : metrics.notes } };
}

/**
 * Measures the JavaScript worker's heap after the run of `result` and calls `show` with the result
 * as it should now be shown: first waiting, then with the figure or the reason there is none.
 * `isolated`: the JavaScript engine runs in a process of its own.
 */
export async function browserHeap(
  result: RunResult,
  isolated: boolean,
  lang: string,
  text: UiText,
  show: (updated: RunResult) => void,
): Promise<void> {
  const { metrics } = result;
  if (!metrics) return;
  const measured = { ...result, metrics };
  if (isolated) return show(withHeapFigure(measured, {}, text.heapOwnProcess));
  show(withHeapFigure(measured, {}, text.heapPending));
  const { measureJsWorkerHeap } = await import('./browser-heap.ts');
  const heap = await measureJsWorkerHeap();
  const metricsText = words(lang).metrics;
  if ('bytes' in heap) show(withHeapFigure(measured, { heapUsedBytes: heap.bytes, heapSource: metricsText.pageHeapSource }, null));
  else show(withHeapFigure(measured, {}, metricsText.heapReason(heap.reason)));
}
