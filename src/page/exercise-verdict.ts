/** The line under an exercise's live output that says whether the reader's code passed its check. Pure. */
import type { RunResult } from '../../engine/protocol.ts';
import type { UiText } from '../i18n/index.ts';
import { h, type ViewNode } from '../shared/view-node.ts';

/** Solved when the run ended `ok` (the check passed); not yet otherwise. */
export function exerciseVerdict(status: RunResult['status'], text: UiText): ViewNode {
  const solved = status === 'ok';
  return h('p', { class: solved ? 'hb-solved' : 'hb-not-yet' }, solved ? text.solved : text.notYet);
}
