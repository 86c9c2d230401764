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
  states: {
    idle: 'Python engine: starts on first Run',
    loading: 'Python engine: loading',
    ready: 'Python engine: ready',
    running: 'Python engine: running',
    interrupting: 'Python engine: stopping the cell',
    restarting: 'Python engine: restarting',
    failed: 'Python engine: failed to start',
  },
  notIsolated: 'This page is not cross-origin isolated: Stop restarts the engine.',
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
  states: {
    idle: 'Python 引擎:首次运行时启动',
    loading: 'Python 引擎:加载中',
    ready: 'Python 引擎:就绪',
    running: 'Python 引擎:运行中',
    interrupting: 'Python 引擎:正在停止单元',
    restarting: 'Python 引擎:重启中',
    failed: 'Python 引擎:启动失败',
  },
  notIsolated: '此页面未启用跨源隔离:“停止”会重启引擎。',
};

export type UiText = typeof en;

export function uiText(lang: string): UiText {
  return lang.toLowerCase().startsWith('zh') ? zh : en;
}
