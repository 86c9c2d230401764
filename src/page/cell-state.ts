/** What a cell's output is, shown beside its buttons and as `data-state`, and which state a run ends in. Pure. */
import type { RunResult } from '../../engine/protocol.ts';
import type { UiText } from '../i18n/index.ts';

/**
 * Never run here (the build's output), waiting, running, or how its last run ended; `cancelled`
 * when a run that included it ended before its turn; `cleared` when the reader cleared it.
 */
export type CellState = 'baked' | 'queued' | 'running' | 'stopped' | 'failed' | 'unsolved' | 'done' | 'cancelled' | 'cleared';

/** A state a finished run leaves, each with its own words (`cellStates`). */
export type EndedState = Extract<CellState, keyof UiText['cellStates']>;

const ENDED: Record<RunResult['status'], EndedState> = {
  ok: 'done',
  error: 'failed',
  'check-failed': 'unsolved',
  interrupted: 'stopped',
  restarted: 'stopped',
  timeout: 'stopped',
  crashed: 'stopped',
};

/** The state a run that ended with `status` leaves the cell in. */
export function endedState(status: RunResult['status']): EndedState {
  return ENDED[status];
}
