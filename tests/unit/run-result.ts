/** A finished run as the engine reports it, for tests that stand in for the engine. */
import type { RunResult } from '../../engine/protocol.ts';

export function okResult(cellId: string, extra: Partial<RunResult> = {}): RunResult {
  return {
    cellId,
    status: 'ok',
    stream: [],
    value: null,
    error: null,
    metrics: { wallMs: 1, tracedNetBytes: 1024, tracedPeakBytes: 2048, gcPasses: 0, gcCollected: 0, wasmMemoryBytes: null, notes: [] },
    notice: null,
    ...extra,
  };
}
