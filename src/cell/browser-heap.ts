/**
 * The JavaScript worker's memory as the browser reports it, read from the page after a cell ran.
 * Where the API is missing or slow, the reason is returned instead of a number.
 */
import { workerShare, type MemoryMeasurement } from '../lib/worker-heap.ts';

/** Part of the JS worker's script URL, in dev (`js-engine-worker.ts?worker_file`) and built (`js-engine-worker-HASH.js`). */
const WORKER_MARKER = 'js-engine-worker';
// Chromium answers after its next garbage collection: 14 s in headless Chromium 156 here.
const WAIT_MS = 30_000;

export type WorkerHeap = { bytes: number; source: string } | { reason: string };

export async function measureJsWorkerHeap(): Promise<WorkerHeap> {
  const measure = (performance as { measureUserAgentSpecificMemory?: () => Promise<MemoryMeasurement> })
    .measureUserAgentSpecificMemory;
  if (!crossOriginIsolated) return { reason: 'heap not measurable here: the page is not cross-origin isolated' };
  if (typeof measure !== 'function') return { reason: 'heap not measurable in this browser (no measureUserAgentSpecificMemory)' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), WAIT_MS)));
  try {
    const measurement = await Promise.race([measure.call(performance), late]);
    if (!measurement) return { reason: `heap not measured: the browser did not report within ${WAIT_MS / 1000} s` };
    const bytes = workerShare(measurement, WORKER_MARKER);
    if (bytes === null) return { reason: "heap not measured: the browser's report did not include the JavaScript worker" };
    return { bytes, source: "the JavaScript worker's share of performance.measureUserAgentSpecificMemory()" };
  } catch (err) {
    return { reason: `heap not measured: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    clearTimeout(timer);
  }
}
