/** The words of the cell interface, in the page's language. */
const en = {
  run: 'Run',
  stop: 'Stop',
  reset: 'Reset',
  runAll: 'Run all',
  restart: 'Restart engine',
  running: 'Running…',
  queued: 'Queued',
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
};

const zh: typeof en = {
  run: '运行',
  stop: '停止',
  reset: '重置',
  runAll: '全部运行',
  restart: '重启引擎',
  running: '运行中…',
  queued: '排队中',
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
};

export type UiText = typeof en;

export function uiText(lang: string): UiText {
  return lang.toLowerCase().startsWith('zh') ? zh : en;
}
