/**
 * Predict, then measure: the `#| predict: <expression> within <tolerance>` exercise form. Pure:
 * parsing the option, the probe the engine runs after the cell to measure the expression, reading
 * the probe's answer, and judging a reader's prediction against the measurement.
 *
 *     #| predict: sys.getsizeof(p) within 10%     (relative: ±10 % of the measured value)
 *     #| predict: sys.getrefcount(x) within 0     (absolute: exactly, in the expression's own units)
 *     #| predict: len(s.encode()) within 64       (absolute: ± 64 of the same units, bytes here)
 */
import type { CellLang } from '../../engine/protocol.ts';

export type Tolerance = { kind: 'relative'; percent: number } | { kind: 'absolute'; amount: number };

export interface Prediction {
  /** The expression measured after the cell, in the cell's language. */
  expr: string;
  tolerance: Tolerance;
}

const FORM = /^(.+?)\s+within\s+(\S+?)\s*$/;
const NUMBER = /^\d+(?:\.\d+)?$/;

/** Parses the option's value; throws with what to write instead. */
export function parsePredict(value: string): Prediction {
  const example = 'for example: #| predict: sys.getsizeof(p) within 10%  or  #| predict: len(items) within 2';
  const match = FORM.exec(value.trim());
  if (!match) {
    throw new Error(`"predict" takes an expression and a tolerance, "<expression> within <tolerance>", not "${value}" (${example})`);
  }
  const expr = (match[1] ?? '').trim();
  const raw = match[2] ?? '';
  const percent = raw.endsWith('%');
  const digits = percent ? raw.slice(0, -1) : raw;
  if (!NUMBER.test(digits)) {
    throw new Error(
      `"predict" tolerance "${raw}" must be a number of the expression's units (within 64) or a percentage of the measured value (within 10%) (${example})`,
    );
  }
  const amount = Number(digits);
  if (percent) {
    if (amount <= 0 || amount >= 100) {
      throw new Error(`"predict" tolerance ${raw} must be above 0% and below 100%; for an exact answer write "within 0"`);
    }
    return { expr, tolerance: { kind: 'relative', percent: amount } };
  }
  return { expr, tolerance: { kind: 'absolute', amount } };
}

/** A tolerance as a writer wrote it: "10%" or "64". */
export function toleranceText(tolerance: Tolerance): string {
  return tolerance.kind === 'relative' ? `${tolerance.percent}%` : String(tolerance.amount);
}

/** What the engine prints, after the cell, for a probe whose expression is not a number. */
export const NOT_A_NUMBER = 'HEAPBOOK-NOT-A-NUMBER:';

/**
 * Code that prints the expression's value, or NOT_A_NUMBER and its type when it is no int or
 * float (a bool is not a number here). It defines no name in the page's namespace.
 */
export function predictProbe(lang: CellLang, expr: string): string {
  if (lang === 'python') {
    return (
      `print((lambda v: repr(v) if isinstance(v, (int, float)) and not isinstance(v, bool) ` +
      `else ${JSON.stringify(NOT_A_NUMBER)} + type(v).__name__)((\n${expr}\n)), end="")`
    );
  }
  return `heapbook.write(((v) => typeof v === 'number' && Number.isFinite(v) ? String(v) : ${JSON.stringify(NOT_A_NUMBER)} + typeof v)((\n${expr}\n)))`;
}

/** The probe's printed text as a number, or the type it found instead. */
export function readProbe(text: string): { value: number } | { notNumber: string } {
  const trimmed = text.trim();
  if (trimmed.startsWith(NOT_A_NUMBER)) return { notNumber: trimmed.slice(NOT_A_NUMBER.length) };
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return { notNumber: `text "${trimmed.slice(0, 40)}"` };
  return { value };
}

/**
 * A reader's typed prediction as a number: digits with an optional sign, decimal point, "_", ","
 * or spaces between thousands; null for anything else.
 */
export function parseGuess(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/[\s_,]/g, '')
    .replace(/^＋/, '+')
    .replace(/^－/, '-');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) return null;
  return Number(cleaned);
}

export interface Verdict {
  within: boolean;
  /** |prediction − measured|. */
  off: number;
  /** How far off, as a percentage of |measured|; null when the measured value is 0. */
  offPercent: number | null;
}

/**
 * Judges a prediction. Relative: within when |p − m| ≤ percent × |m| (so for a measured 0 only 0
 * is within). Absolute: within when |p − m| ≤ amount. Negative values are judged by the distance
 * alone, so −10 predicted for −11 is as close as 10 for 11.
 */
export function judgePrediction(guess: number, measured: number, tolerance: Tolerance): Verdict {
  const off = Math.abs(guess - measured);
  const offPercent = measured === 0 ? null : (off / Math.abs(measured)) * 100;
  // A little slack for binary fractions: 1.1 predicted for 1 is within 10%.
  const epsilon = 1e-9 * Math.max(1, Math.abs(measured));
  const allowed = tolerance.kind === 'relative' ? (tolerance.percent / 100) * Math.abs(measured) : tolerance.amount;
  return { within: off <= allowed + epsilon, off, offPercent };
}

/** A percentage for a sentence: one decimal under 10, whole numbers above. */
export function formatPercent(percent: number): string {
  if (percent === 0) return '0';
  if (percent < 10) return (Math.round(percent * 10) / 10).toString();
  return Math.round(percent).toString();
}
