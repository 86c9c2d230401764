/** The benchmark's report: a table on the terminal and one timestamped JSON file per run. */
import { mkdir, writeFile } from 'node:fs/promises';
import { formatDuration } from '../../src/shared/format.ts';
import type { Figure, ScenarioResult, Skipped } from './scenarios.ts';

/** The machine's state as a scenario started: its one-, five- and fifteen-minute load averages. */
export interface AtStart {
  loadAverage: number[];
}

/** What a scenario gave: its figures, why it could not measure them, or why it did not apply. */
export type Outcome = ((ScenarioResult | Skipped) & AtStart) | { error: string; loadAverage?: number[] };

/** Milliseconds as the book shows them; bytes in decimal units, as the targets are. */
export function formatFigure(value: number, unit: Figure['unit']): string {
  if (unit === 'ms') return formatDuration(value);
  if (unit === 'count') return Math.round(value).toLocaleString('en-US');
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} MB`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} kB`;
  return `${Math.round(value)} B`;
}

function row(name: string, fig: Figure): string[] {
  const show = (value: number) => formatFigure(value, fig.unit);
  return [
    name,
    show(fig.min),
    show(fig.median),
    show(fig.max),
    fig.baseline ? show(fig.baseline.median) : '',
    fig.ratio ? `${fig.ratio.median.toFixed(2)}×` : fig.ratioRefused ? 'refused' : '',
    fig.target?.text ?? '',
    fig.target ? (fig.target.pass === null ? 'not judged' : fig.target.pass ? 'pass' : 'FAIL') : '',
  ];
}

/** The table: one row per figure (medians of baseline and pair ratios), then what each row is. */
export function formatTable(outcomes: Record<string, Outcome>): string {
  const rows = [['scenario', 'min', 'median', 'max', 'baseline', 'ratio', 'target', '']];
  // One note per figure kind: the rows of a per-page scenario ("cold /en/gc/") share theirs.
  const notes = new Set<string>();
  const kind = (row: string) => row.replace(/ \/[^ .]*\//, '');
  for (const [name, outcome] of Object.entries(outcomes)) {
    if ('error' in outcome) {
      rows.push([name, 'error', '', '', '', '', '', 'FAIL']);
      notes.add(`${name}: ERROR ${outcome.error}`);
      continue;
    }
    if ('skipped' in outcome) {
      rows.push([name, 'skipped']);
      notes.add(`${name}: skipped, ${outcome.skipped}`);
      continue;
    }
    rows.push(row(name, outcome));
    notes.add(`${kind(name)}: ${outcome.what}`);
    if (outcome.ratioRefused) notes.add(`${name}: ${outcome.ratioRefused}`);
    for (const [key, fig] of Object.entries(outcome.more ?? {})) {
      rows.push(row(`${name}.${key}`, fig));
      notes.add(`${kind(name)}.${key}: ${fig.what}`);
      if (fig.ratioRefused) notes.add(`${name}.${key}: ${fig.ratioRefused}`);
    }
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, col) => (col === 0 || col >= 6 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), ...rows.slice(1).map(line), '', ...notes].join('\n');
}

/** Writes the report as `DIR/bench-<ISO time>.json` and returns the file's path. */
export async function writeReport(dir: string, report: object, startedAt: Date): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = `${dir}/bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  // Three decimals are well below what a browser's timers or a shared machine resolve.
  const rounded = (_key: string, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
  await writeFile(path, `${JSON.stringify(report, rounded, 2)}\n`);
  return path;
}
