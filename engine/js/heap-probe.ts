/** What the JavaScript runtime can learn about its own heap; only Node can tell (see engine/js/node-worker.ts). */

/** One V8 heap space, as `v8.getHeapSpaceStatistics()` reports it. */
export interface HeapSpace {
  name: string;
  sizeBytes: number;
  usedBytes: number;
  availableBytes: number;
}

export interface HeapProbe {
  /** V8's version and the runtime around it, e.g. "Node 22.23.3". */
  v8Version: string;
  runtime: string;
  /** How `usedBytes` is measured, for the metrics line. */
  source: string;
  /** Heap in use now, after a forced full collection when the probe can force one. */
  usedBytes(): number;
  /** Forces a full collection; false when this runtime cannot. */
  collect(): boolean;
  spaces(): HeapSpace[];
}
