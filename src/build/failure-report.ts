/**
 * How check-chapter shows a broken step: the file and line, the cell's code around the failing
 * line with a marker, what was expected and what came out. Pure: the step, its result and the
 * judge's sentence in, text out.
 */
import type { RunResult } from '../../engine/protocol.ts';
import type { Step } from './collect-cells.ts';

type Cell = Extract<Step, { kind: 'cell' }>;

/** The file line of the cell's first line of code (after its `#|` option lines). */
export function codeStartLine(step: Cell, fenceBody: string): number {
  return step.line + 1 + fenceBody.split('\n').length - step.code.split('\n').length;
}

/** The last line of this cell that the error's traceback names (1-based within the code), if any. */
export function tracebackLine(cellId: string, traceback: readonly string[]): number | null {
  const id = cellId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    new RegExp(`"<cell ${id}>", line (\\d+)`), // Python
    new RegExp(`cell ${id}(?::|, line )(\\d+)`), // JavaScript
  ];
  let found: number | null = null;
  for (const line of traceback) {
    for (const pattern of patterns) {
      const match = pattern.exec(line);
      if (match) found = Number(match[1]);
    }
  }
  return found;
}

/** The file line the failure is about: the failing code line, or the option that made the promise. */
export function failingLine(step: Step, result: RunResult, fenceBody: string): number {
  if (step.kind === 'inline') return step.line;
  const options = fenceBody.split('\n');
  const optionLine = (name: string) => {
    const i = options.findIndex((l) => new RegExp(`^#\\|\\s*${name}\\s*:`).test(l));
    return i < 0 ? null : step.line + 1 + i;
  };
  if (result.status === 'check-failed') {
    return optionLine(step.options.exercise ? 'exercise' : 'check') ?? step.line;
  }
  if (result.error) {
    const n = tracebackLine(step.id, result.error.traceback);
    if (n !== null) return codeStartLine(step, fenceBody) + n - 1;
  }
  if (step.options.raises) return optionLine('raises') ?? step.line;
  return step.line;
}

/** Numbered lines of the file around `line`, the failing one marked with ">". */
export function excerpt(fileLines: readonly string[], line: number, first: number, last: number, around = 2): string {
  const from = Math.max(first, line - around);
  const to = Math.min(last, line + around);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${fileLines[n - 1] ?? ''}`);
  }
  return out.join('\n');
}

function expected(step: Step): string {
  if (step.kind === 'inline') return `\`${step.expr}\` to print a value`;
  if (step.options.exercise) return `the starter NOT to satisfy \`${step.options.exercise}\` yet (#| exercise)`;
  if (step.options.check) return `\`${step.options.check}\` to be true after the cell (#| check)`;
  if (step.options.raises) return `the cell to raise ${step.options.raises} (#| raises)`;
  return 'the cell to finish without an error';
}

const tail = (text: string, lines = 3) => {
  const all = text.replace(/\n$/, '').split('\n');
  return (all.length > lines ? ['…', ...all.slice(-lines)] : all).join('\n');
};

function cameOut(result: RunResult): string {
  const parts: string[] = [];
  if (result.status === 'timeout' || result.status === 'restarted' || result.status === 'interrupted') {
    parts.push(`${result.status}: ${result.notice ?? 'stopped'}`);
  } else if (result.error && result.status !== 'check-failed') {
    parts.push(`${result.error.type}: ${result.error.message}`);
  } else if (result.status === 'check-failed') {
    parts.push(result.error?.message ?? 'the check was false');
  } else parts.push('finished without raising');
  if (result.value) parts.push(`value: ${tail(result.value['text/plain'] ?? '')}`);
  const printed = result.stream.map((c) => c.text).join('');
  if (printed.trim()) parts.push(`printed: ${tail(printed)}`);
  return parts.join('\n           ');
}

export interface FailureInput {
  path: string;
  /** The chapter file's lines, frontmatter included (lines match the file). */
  fileLines: readonly string[];
  step: Step;
  result: RunResult;
  /** The judge's sentence: what went wrong and what to change. */
  problem: string;
}

/** The whole report of one failure. */
export function formatFailure({ path, fileLines, step, result, problem }: FailureInput): string {
  const fenceBody = step.kind === 'cell' ? step.node.value : '';
  const line = failingLine(step, result, fenceBody);
  // The cell's lines in the file: its fence, options and code, up to its closing fence.
  const first = step.line;
  const last = step.kind === 'cell' ? step.line + fenceBody.split('\n').length + 1 : step.line;
  const trace =
    result.error?.traceback.length && result.status === 'error' ? `\n  traceback:\n    ${result.error.traceback.join('\n    ')}` : '';
  // The judge's sentence, without the traceback it may carry (shown below, once).
  const sentences = problem.split('\n');
  const said = sentences.length > 1 ? `${sentences[0]?.replace(/\.?$/, '.')} ${sentences.at(-1)}` : problem;
  return [
    `${path}:${line}: ${said}`,
    excerpt(fileLines, line, first, last),
    `  expected: ${expected(step)}`,
    `  came out: ${cameOut(result)}${trace}`,
  ].join('\n');
}
