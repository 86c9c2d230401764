/**
 * The causes of a restart and of a forced stop, which the engine host's notices describe. The
 * words themselves are in src/i18n (section `notices`): the page hands the host the notices of its
 * own language (engine-client.ts), the build keeps English.
 */

/** How a worker ended on its own, as its environment could tell. */
export type WorkerExit =
  /** Node: the worker passed its `resourceLimits` heap. */
  | { kind: 'heap-limit'; limitMb: number }
  /**
   * Browser: the JavaScript engine's own process ended while it held its life lock. V8 ends a
   * process whose heap is full, so that is by far the likeliest reason (see isolated-worker.ts).
   */
  | { kind: 'process-ended' }
  /** The worker said, just before it ended, that code in it called its `close()` (a cell did). */
  | { kind: 'closed' }
  /**
   * Browser: a cell's code took the Web Lock the engine holds for its life (`steal: true`), so the
   * page can no longer tell when the engine ends: it is replaced.
   */
  | { kind: 'lock-stolen' }
  /** Browser: a dedicated worker's life lock was released without a word from it (it ended). */
  | { kind: 'ended' }
  /** An error event or exit code, with the environment's own words. */
  | { kind: 'error'; message: string };

/** Why the host threw an engine away and started a fresh one. */
export type RestartCause =
  | { kind: 'requested' }
  /** Stop (or the host's own restart) ended a running cell by replacing the worker. */
  | { kind: 'stop' }
  | { kind: 'timeout' }
  /** The interpreter failed fatally and said so (a C stack overflow, a damaged runner). */
  | { kind: 'crashed' }
  /** The worker ended without a word (out of memory, a crash of its process). */
  | { kind: 'worker-ended'; exit: WorkerExit }
  /** WebAssembly memory never shrinks: a fresh engine gives it back. */
  | { kind: 'memory'; wasmBytes: number };

/** Why Stop had to replace the worker instead of interrupting the cell. */
export type ForcedStop = 'restart-requested' | 'ignored-interrupt' | 'javascript' | 'not-isolated';
