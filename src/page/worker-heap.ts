/**
 * Reads a worker's share of `performance.measureUserAgentSpecificMemory()`. The API is only on
 * the page (not in dedicated workers) and only in cross-origin isolated pages. Pure.
 */

/** The parts of the API's result this reads. */
export interface MemoryMeasurement {
  bytes: number;
  breakdown: Array<{ bytes: number; attribution: Array<{ url?: string; scope?: string }>; types: string[] }>;
}

/** Bytes attributed to dedicated workers whose script URL contains `marker`, or null when none is. */
export function workerShare(measurement: MemoryMeasurement, marker: string): number | null {
  let total = 0;
  let found = false;
  for (const entry of measurement.breakdown) {
    const ours = entry.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope' && (a.url ?? '').includes(marker));
    if (ours) {
      total += entry.bytes;
      found = true;
    }
  }
  return found ? total : null;
}
