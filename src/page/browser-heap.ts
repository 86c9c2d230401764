/**
 * The JavaScript worker's memory as the browser reports it, read from the page after a cell ran.
 * Where the API is missing or slow, the reason is returned instead of a number (the page words it).
 */
import type { HeapReason } from '../i18n/index.ts';
import { workerShare, type MemoryMeasurement } from './worker-heap.ts';

/** Part of the JS worker's script URL, in dev (`js-engine-worker.ts?worker_file`) and built (`js-engine-worker-HASH.js`). */
const WORKER_MARKER = 'js-engine-worker';
// Chromium answers after its next garbage collection: 14 s in headless Chromium 156 here.
const WAIT_MS = 30_000;

export type WorkerHeap = { bytes: number } | { reason: HeapReason };

export async function measureJsWorkerHeap(): Promise<WorkerHeap> {
  const measure = (performance as { measureUserAgentSpecificMemory?: () => Promise<MemoryMeasurement> }).measureUserAgentSpecificMemory;
  if (!crossOriginIsolated) return { reason: { kind: 'not-isolated' } };
  if (typeof measure !== 'function') return { reason: { kind: 'no-api' } };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), WAIT_MS)));
  try {
    const measurement = await Promise.race([measure.call(performance), late]);
    if (!measurement) return { reason: { kind: 'late', seconds: WAIT_MS / 1000 } };
    const bytes = workerShare(measurement, WORKER_MARKER);
    if (bytes === null) return { reason: { kind: 'no-worker' } };
    return { bytes };
  } catch (err) {
    return { reason: { kind: 'failed', message: err instanceof Error ? err.message : String(err) } };
  } finally {
    clearTimeout(timer);
  }
}
