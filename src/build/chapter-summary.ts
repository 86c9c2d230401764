/**
 * The one line per chapter the build and check-chapter print, so a writer sees what was
 * verified. Pure: steps and counts in, a line out.
 */
import type { Step } from './collect-cells.ts';

export interface SummaryInput {
  path: string;
  steps: readonly Step[];
  /**
   * How many steps, from the first, had their results reused (the build's page cache reuses all
   * or none; check-chapter --watch reuses the unchanged prefix).
   */
  reused: number;
  /** Wall time of the chapter's execution (or cache read), in milliseconds. */
  ms: number;
}

export interface ChapterCounts {
  cells: number;
  figures: number;
  checks: number;
  raises: number;
  exercises: number;
  native: number;
}

export function countSteps(steps: readonly Step[]): ChapterCounts {
  const counts: ChapterCounts = { cells: 0, figures: 0, checks: 0, raises: 0, exercises: 0, native: 0 };
  for (const step of steps) {
    if (step.kind === 'inline') {
      counts.figures++;
      continue;
    }
    counts.cells++;
    if (step.options.check) counts.checks++;
    if (step.options.raises) counts.raises++;
    if (step.options.exercise) counts.exercises++;
    if (step.options.native) counts.native++;
  }
  return counts;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The time as a writer reads it: milliseconds under a second, then seconds with one decimal. */
export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * For example: `content/docs/en/gc.mdx: 31 cells (0 cached), 6 figures, 28 checks, 1 raises,
 * 2 exercises, 1 native, 12.4 s`. "cached" counts the cells whose results were reused.
 */
export function chapterSummary({ path, steps, reused, ms }: SummaryInput): string {
  const c = countSteps(steps);
  const cached = countSteps(steps.slice(0, reused)).cells;
  const parts = [
    `${plural(c.cells, 'cell')} (${cached} cached)`,
    plural(c.figures, 'figure'),
    plural(c.checks, 'check'),
    `${c.raises} raises`,
    plural(c.exercises, 'exercise'),
    `${c.native} native`,
    formatSeconds(ms),
  ];
  return `${path}: ${parts.join(', ')}`;
}
