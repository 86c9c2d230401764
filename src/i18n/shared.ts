/** Small pieces the language files share: number formats and the lists they word. Pure. */
import type { RestartCause, WorkerExit } from '../../engine/host/engine-notices.ts';
import { formatNumber, formatValue } from '../shared/format.ts';
import { formatPercent, toleranceText, type Tolerance, type Verdict } from '../shared/predict.ts';

/** The reasons for a restart the engine bar tells apart. */
export type RestartKind = Exclude<RestartCause['kind'], 'worker-ended'> | WorkerExit['kind'];

export function restartKind(cause: RestartCause): RestartKind {
  return cause.kind === 'worker-ended' ? cause.exit.kind : cause.kind;
}

/** Cell ids for a sentence: the first few, then how many more. */
export function listIds(ids: readonly string[], and: string): string {
  const shown = ids.slice(0, 3).map((id) => `"${id}"`);
  const more = ids.length - shown.length;
  if (more > 0) return `${shown.join(', ')} … +${more}`;
  if (shown.length < 2 || and === '、') return shown.join(and === '、' ? '、' : ', ');
  return `${shown.slice(0, -1).join(', ')} ${and} ${shown.at(-1)}`;
}

export const count = (n: number) => formatValue(n, 'int');
export const lines = (n: number) => `${count(n)} ${n === 1 ? 'line' : 'lines'}`;
export const more = (n: number) => `${count(n)} more ${n === 1 ? 'line' : 'lines'}`;
export const shapeText = (shape: number[]) => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
export const n0 = (n: number | undefined) => (n ?? 0).toLocaleString('en');

export const within = (t: Tolerance) => `±${toleranceText(t)}`;
export const offBy = (v: Verdict, zh: boolean) => {
  const amount = formatNumber(v.off);
  if (v.offPercent === null) return zh ? `相差 ${amount}` : `off by ${amount}`;
  return zh ? `相差 ${formatPercent(v.offPercent)}%（${amount}）` : `off by ${formatPercent(v.offPercent)}% (${amount})`;
};
