/** The heap probe of a Node worker thread: V8's own statistics and a forced collection. */
import v8 from 'node:v8';
import vm from 'node:vm';
import type { HeapProbe } from './heap-probe.ts';

export function nodeHeapProbe(): HeapProbe {
  // `--expose-gc` set at run time applies to contexts created afterwards: take `gc` from a new one.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  return {
    v8Version: process.versions.v8,
    runtime: `Node ${process.versions.node}`,
    source: gc ? 'v8.getHeapStatistics() after a forced full GC' : 'v8.getHeapStatistics()',
    usedBytes() {
      gc?.();
      return v8.getHeapStatistics().used_heap_size;
    },
    collect() {
      if (!gc) return false;
      gc();
      return true;
    },
    spaces: () =>
      v8.getHeapSpaceStatistics().map((s) => ({
        name: s.space_name,
        sizeBytes: s.space_size,
        usedBytes: s.space_used_size,
        availableBytes: s.space_available_size,
      })),
  };
}
