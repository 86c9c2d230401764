/** The words of the cell interface, in the page's language. */
import type { RestartCause, WorkerExit } from '../../workers/engine-notices.ts';

/** The reasons for a restart the engine bar tells apart. */
type RestartKind = Exclude<RestartCause['kind'], 'worker-ended'> | WorkerExit['kind'];

function restartKind(cause: RestartCause): RestartKind {
  return cause.kind === 'worker-ended' ? cause.exit.kind : cause.kind;
}

/** Cell ids for a sentence: the first few, then how many more. */
function listIds(ids: readonly string[], and: string): string {
  const shown = ids.slice(0, 3).map((id) => `"${id}"`);
  const more = ids.length - shown.length;
  if (more > 0) return `${shown.join(', ')} … +${more}`;
  if (shown.length < 2 || and === '、') return shown.join(and === '、' ? '、' : ', ');
  return `${shown.slice(0, -1).join(', ')} ${and} ${shown.at(-1)}`;
}

const en = {
  run: 'Run',
  stop: 'Stop',
  reset: 'Reset',
  runAll: 'Run all',
  restart: 'Restart engine',
  running: 'Running…',
  queued: 'Queued',
  cellStates: {
    baked: 'not run here yet: the output below is from the build',
    stopped: 'stopped',
    failed: 'ended with an error',
    unsolved: 'checked: not solved yet',
    done: 'done',
    cleared: 'output cleared',
  },
  clearOutput: 'Clear output',
  clearAll: 'Clear outputs',
  share: {
    button: 'Share',
    linkLabel: 'Link to this cell with your code',
    copied: 'Link with your code copied. It opens this cell with your code shown, not run.',
    copyByHand: 'Copy this link: it opens this cell with your code shown, not run.',
    tooLong: (chars: number, limit: number) =>
      `Your code is too long to share in a link: ${chars} characters once compressed, and a link takes at most ${limit}. Shorten the code and press Share again.`,
    opened: 'Shared code from a link: shown, not run. Press Run to run it, or Reset for the chapter\'s code.',
    unreadable: (problem: string) => `The shared code in this link cannot be opened: ${problem}. The chapter's code is shown instead.`,
    noSuchCell: (id: string) => `The link shares code for a cell "${id}" that this page does not have. The chapter's code is shown instead.`,
  },
  announceFinished: (id: string, outcome: string) => `Cell "${id}" finished: ${outcome}`,
  queuedAfter: (ids: readonly string[]) =>
    `queued: first runs ${ids.length === 1 ? 'the earlier cell' : `${ids.length} earlier cells`} not yet run in this engine: ${listIds(ids, 'and')}`,
  cancelled: (stopped: string, live: boolean) =>
    `not run: "${stopped}" before it was stopped; the output below is ${live ? 'from an earlier run' : 'from the build'}`,
  loadingPackage: (name: string, size: string) => `Loading the package ${name} (${size})…`,
  solved: '✓ Check passed: solved.',
  notYet: 'Not solved yet',
  edited: 'edited',
  engines: { python: 'Python engine', javascript: 'JavaScript engine' },
  stateLine: (engine: string, state: string) => `${engine}: ${state}`,
  states: {
    idle: 'not started yet',
    loading: 'loading',
    ready: 'ready',
    running: 'running',
    interrupting: 'stopping the cell',
    restarting: 'restarting',
    failed: 'failed to start',
  },
  notIsolated: 'This page is not cross-origin isolated: Stop restarts the engine.',
  heapPending: 'heap: waiting for the browser to measure it, which can take 20 s',
  heapOwnProcess:
    'heap not measured: JavaScript cells run in a process of their own, so that a cell that fills its heap cannot crash the page, and the browser does not measure that process',
  restartedBecause: {
    requested: 'as asked',
    stop: 'to stop the cell',
    timeout: "at the cell's time limit",
    crashed: 'after the interpreter crashed',
    memory: 'to give back WebAssembly memory',
    'process-ended': 'after its process ended, most likely out of memory',
    'heap-limit': 'after a cell passed its heap limit',
    closed: "after a cell's code closed its worker",
    'lock-stolen': "after a cell's code took its life lock",
    ended: 'after its worker ended without a word',
    error: 'after its worker stopped',
  } satisfies Record<RestartKind, string>,
  restarted: (cause: RestartCause): string =>
    `restarted ${en.restartedBecause[restartKind(cause)]}; variables from earlier cells are gone`,
  optionOnlyTimeout: (name: string) =>
    `"#| ${name}" is an option for the book's build; in the browser a cell takes only "#| timeout: milliseconds".`,
  optionLine: (line: number, message: string) => `Cell option on line ${line}: ${message}`,
};

const zh: typeof en = {
  run: '运行',
  cellStates: {
    baked: '尚未在此运行：下方输出来自构建',
    stopped: '已停止',
    failed: '以错误结束',
    unsolved: '已检查：尚未完成',
    done: '已完成',
    cleared: '输出已清除',
  },
  clearOutput: '清除输出',
  clearAll: '清除全部输出',
  share: {
    button: '分享',
    linkLabel: '指向此单元并带有你的代码的链接',
    copied: '带有你的代码的链接已复制。打开它会在此单元中显示你的代码，但不会运行。',
    copyByHand: '请复制此链接：打开它会在此单元中显示你的代码，但不会运行。',
    tooLong: (chars, limit) => `代码太长，无法放进链接：压缩后有 ${chars} 个字符，链接最多容纳 ${limit} 个。请缩短代码后再按“分享”。`,
    opened: '来自链接的分享代码：只显示，未运行。按“运行”来运行它，或按“重置”恢复本章的代码。',
    unreadable: (problem) => `无法打开此链接中分享的代码：${problem}。现在显示的是本章的代码。`,
    noSuchCell: (id) => `此链接分享的是单元“${id}”的代码，但本页没有这个单元。现在显示的是本章的代码。`,
  },
  announceFinished: (id, outcome) => `单元“${id}”运行结束：${outcome}`,
  queuedAfter: (ids) => `排队中：先运行之前 ${ids.length} 个尚未在此引擎中运行的单元：${listIds(ids, '、')}`,
  cancelled: (stopped, live) => `未运行：它之前的“${stopped}”被停止了；下方输出${live ? '来自之前的一次运行' : '来自构建'}`,
  stop: '停止',
  reset: '重置',
  runAll: '全部运行',
  restart: '重启引擎',
  running: '运行中…',
  queued: '排队中',
  loadingPackage: (name: string, size: string) => `正在加载软件包 ${name}(${size})…`,
  solved: '✓ 检查通过:已完成。',
  notYet: '尚未完成',
  edited: '已修改',
  engines: { python: 'Python 引擎', javascript: 'JavaScript 引擎' },
  stateLine: (engine: string, state: string) => `${engine}：${state}`,
  states: {
    idle: '尚未启动',
    loading: '加载中',
    ready: '就绪',
    running: '运行中',
    interrupting: '正在停止单元',
    restarting: '重启中',
    failed: '启动失败',
  },
  notIsolated: '此页面未启用跨源隔离:“停止”会重启引擎。',
  heapPending: '堆：正在等待浏览器测量，可能需要 20 秒',
  heapOwnProcess: '堆未测量：JavaScript 单元运行在独立的进程中（这样填满堆的单元不会让页面崩溃），而浏览器不测量该进程',
  restartedBecause: {
    requested: '已按要求重启',
    stop: '已重启以停止单元',
    timeout: '已在单元的时间限制处重启',
    crashed: '解释器崩溃后已重启',
    memory: '已重启以归还 WebAssembly 内存',
    'process-ended': '进程结束后已重启（最可能是内存耗尽）',
    'heap-limit': '单元超出堆限制后已重启',
    closed: '单元的代码关闭其 worker 后已重启',
    'lock-stolen': '单元的代码夺走其存活锁后已重启',
    ended: '其 worker 无声无息地结束后已重启',
    error: 'worker 停止后已重启',
  },
  restarted: (cause): string => `${zh.restartedBecause[restartKind(cause)]}；之前单元定义的变量已不复存在`,
  optionOnlyTimeout: (name) => `“#| ${name}”是本书构建时使用的选项；在浏览器中单元只接受“#| timeout: 毫秒数”。`,
  optionLine: (line, message) => `第 ${line} 行的单元选项：${message}`,
};

export type UiText = typeof en;

export function uiText(lang: string): UiText {
  return lang.toLowerCase().startsWith('zh') ? zh : en;
}
