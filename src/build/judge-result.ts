/** Decides whether a build-time run keeps the chapter's promise. Pure. */
import type { RunResult } from '../../engine/protocol.ts';
import type { Step } from './collect-cells.ts';

/** A sentence saying what went wrong and what to change, or null when the step is fine. */
export function judgeResult(step: Step, result: RunResult): string | null {
  const name = step.kind === 'cell' ? `cell "${step.id}"` : `inline measurement \`${step.expr}\``;
  const error = result.error ? `${result.error.type}: ${result.error.message}` : '';
  const expected = step.kind === 'cell' ? step.options.raises : undefined;
  if (result.status === 'timeout' || result.status === 'restarted' || result.status === 'interrupted') {
    return `${name} did not finish: ${result.notice ?? result.status}. Make it faster or raise "#| timeout".`;
  }
  if (expected) {
    if (result.status === 'error' && result.error?.type === expected) return null;
    const got = result.status === 'error' ? `raised ${error}` : 'finished without raising';
    return `${name} should raise ${expected} (#| raises) but ${got}.`;
  }
  if (result.status === 'check-failed' && step.kind === 'cell' && step.options.exercise) {
    return (
      `${name}: the untouched starter already satisfies its exercise \`${step.options.exercise}\`, so a reader ` +
      'would see "solved" before changing anything. Leave the task undone in the starter, or make the exercise expression stricter.'
    );
  }
  if (result.status === 'check-failed') {
    return `${name}: ${result.error?.message ?? 'its check failed'}. The claim next to this cell no longer holds: fix the prose or the check.`;
  }
  if (result.status === 'error') {
    const trace = result.error?.traceback.join('\n') ?? '';
    return `${name} raised ${error}\n${trace}\nIf raising is the lesson, add "#| raises: ${result.error?.type ?? 'Exception'}".`;
  }
  return null;
}
