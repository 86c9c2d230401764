/**
 * The sentences the engine host puts in a cell when it had to step in (a time limit, Stop, a
 * restart), in English and Simplified Chinese, and the causes of a restart they describe. Pure.
 *
 * The host lives in workers/ because the build and the tests use it too; the page hands it the
 * notices of its own language (engine-client.ts), the build keeps English.
 */
import type { CellLang } from './protocol.ts';

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

const en = {
  engine: (lang: CellLang): string => (lang === 'javascript' ? 'JavaScript engine' : 'Python engine'),
  lost: 'Variables from earlier cells are gone.',
  /** Sentences after one another: a space between them in English, none in Chinese. */
  join: (...sentences: string[]) => sentences.join(' '),
  couldNotStart: (engine: string, why: string) => `The ${engine} could not start: ${why}`,
  workerStopped: (why: string) => `its worker stopped (${why})`,
  timeLimit: (ms: number) => `The cell was stopped at its time limit of ${ms} ms.`,
  timeLimitRestart: (ms: number) => `The cell was stopped at its time limit of ${ms} ms. It did not stop in time, so the engine was restarted.`,
  forcedStop: (why: ForcedStop, graceMs: number) =>
    ({
      'restart-requested': 'The engine was restarted while this cell ran.',
      'ignored-interrupt': `The cell did not stop within ${graceMs / 1000} s of KeyboardInterrupt, so the engine was restarted.`,
      javascript: 'JavaScript cannot be interrupted from outside, so the JavaScript worker was ended and a fresh one started.',
      'not-isolated': 'This page is not cross-origin isolated, so stopping a cell restarts the engine.',
    })[why],
  crashed: (engine: string) => `The ${engine} crashed and was restarted: variables from earlier cells are gone.`,
  workerEnded: (engine: string, exit: WorkerExit): string => {
    switch (exit.kind) {
      case 'process-ended':
        return `The ${engine} stopped while this cell ran: its process ended, most likely because the cell used up the memory the browser gives it. A fresh engine was started.`;
      case 'closed':
        return `The cell's code closed the ${engine}'s worker (close(), which ends the engine), so the engine was replaced by a fresh one.`;
      case 'lock-stolen':
        return `The cell's code took the Web Lock by which the page knows the ${engine} is alive (navigator.locks with steal: true), so the page could no longer tell whether it runs and replaced it with a fresh one.`;
      case 'ended':
        return `The ${engine}'s worker ended without a word (the cell's code may have closed it, or it crashed), so the engine was replaced by a fresh one.`;
      case 'heap-limit':
        return `The ${engine}'s worker stopped (the cell used more than the ${exit.limitMb} MiB heap limit of JavaScript cells) and a fresh one was started.`;
      case 'error':
        return `The ${engine}'s worker stopped (${exit.message}) and a fresh one was started.`;
    }
  },
  late: (kind: 'error' | 'rejection'): string =>
    kind === 'rejection'
      ? 'After this cell had finished, a promise its code made was rejected and nothing handled the rejection:'
      : 'After this cell had finished, code it scheduled (a timer or a callback) threw an error that nothing caught:',
  recycled: (gib: string) =>
    `This cell grew the engine's WebAssembly memory to ${gib} GiB, which never shrinks, so the engine was restarted after it to give the memory back: variables from earlier cells are gone.`,
};

const zh: typeof en = {
  engine: (lang) => (lang === 'javascript' ? 'JavaScript 引擎' : 'Python 引擎'),
  lost: '之前单元定义的变量已不复存在。',
  join: (...sentences) => sentences.join(''),
  couldNotStart: (engine, why) => `${engine}无法启动：${why}`,
  workerStopped: (why) => `它的 worker 停止了（${why}）`,
  timeLimit: (ms) => `单元在其时间限制 ${ms} 毫秒处被停止。`,
  timeLimitRestart: (ms) => `单元在其时间限制 ${ms} 毫秒处被停止。它没有及时停下，因此引擎已重启。`,
  forcedStop: (why, graceMs) =>
    ({
      'restart-requested': '此单元运行期间引擎被重启了。',
      'ignored-interrupt': `单元在 KeyboardInterrupt 之后 ${graceMs / 1000} 秒内没有停下，因此引擎已重启。`,
      javascript: 'JavaScript 无法从外部中断，因此已结束 JavaScript worker 并启动了一个新的。',
      'not-isolated': '此页面未启用跨源隔离，因此停止单元会重启引擎。',
    })[why],
  crashed: (engine) => `${engine}崩溃后已重启：之前单元定义的变量已不复存在。`,
  workerEnded: (engine, exit) => {
    switch (exit.kind) {
      case 'process-ended':
        return `此单元运行期间${engine}停止了：它的进程结束了，最可能的原因是单元用尽了浏览器给它的内存。已启动一个新的引擎。`;
      case 'closed':
        return `单元的代码关闭了${engine}的 worker（close() 会结束引擎），因此已换上一个新的引擎。`;
      case 'lock-stolen':
        return `单元的代码夺走了页面用来确认${engine}仍在运行的 Web Lock（navigator.locks 的 steal: true），页面无法再判断它是否在运行，因此已换上一个新的引擎。`;
      case 'ended':
        return `${engine}的 worker 无声无息地结束了（可能是单元的代码关闭了它，或者它崩溃了），因此已换上一个新的引擎。`;
      case 'heap-limit':
        return `${engine}的 worker 停止了（单元使用的内存超过了 JavaScript 单元 ${exit.limitMb} MiB 的堆限制），已启动一个新的。`;
      case 'error':
        return `${engine}的 worker 停止了（${exit.message}），已启动一个新的。`;
    }
  },
  late: (kind) =>
    kind === 'rejection'
      ? '此单元结束之后，它的代码创建的一个 Promise 被拒绝（rejected），而没有任何代码处理这个拒绝：'
      : '此单元结束之后，它安排的代码（定时器或回调）抛出了一个错误，而没有任何代码捕获它：',
  recycled: (gib) =>
    `此单元使引擎的 WebAssembly 内存增长到 ${gib} GiB，而这块内存不会缩小，因此单元结束后引擎已重启以归还内存：之前单元定义的变量已不复存在。`,
};

export type EngineNotices = typeof en;

/** The engine's notices in a page's language (`zh…` is Simplified Chinese, anything else English). */
export function engineNotices(lang = 'en'): EngineNotices {
  return lang.toLowerCase().startsWith('zh') ? zh : en;
}
