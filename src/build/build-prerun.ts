/**
 * The build starts every chapter's runs as soon as it starts, before Astro gets to its pages:
 * the engine pool (execute-steps.ts, `HEAPBOOK_BUILD_JOBS` engines, one per core by default)
 * then works while Astro and Vite set up and bundle on one core, and the biggest chapters go
 * first instead of whichever page Vite happens to transform last. Each run is the page's own:
 * a fresh engine per page and language, its steps in order, exactly the requests the page's
 * remark plugin makes (`pageRequests`), so the baked output is the same whatever the pool size.
 * A chapter this cannot read or parse is left to its page, which reports the problem.
 */
import { readdir, readFile } from 'node:fs/promises';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { collectSteps } from './collect-cells.ts';
import { BUILD_TIMEOUT_MS, pageRequests, type ExecRequest } from './remark-cells.ts';
import { prepareSteps, type ExecuteOptions } from './execute-steps.ts';

/** One run a page will ask for: its outputs' run, or its gutter's. */
export interface PlannedRun {
  chapter: string;
  requests: ExecRequest[];
}

/** Front matter is not Markdown: blanked (lines kept) as Astro hands the MDX compiler only the body. */
function withoutFrontmatter(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---(?:\r?\n|$)/.exec(text);
  return match ? match[0].replace(/[^\n]/g, '') + text.slice(match[0].length) : text;
}

/** The runs of one chapter's text, outputs first; none when it has no steps or does not parse. */
export function chapterRuns(chapter: string, text: string): PlannedRun[] {
  try {
    const source = withoutFrontmatter(text);
    const steps = collectSteps(unified().use(remarkParse).use(remarkMdx).parse(source), source);
    if (steps.length === 0) return [];
    const { requests, withLines } = pageRequests(steps, BUILD_TIMEOUT_MS);
    return withLines
      ? [
          { chapter, requests },
          { chapter, requests: withLines },
        ]
      : [{ chapter, requests }];
  } catch {
    return []; // The page's own build says what is wrong, with the line.
  }
}

/** Every chapter file under `docsDir` (content/docs), as Astro's content loader finds them. */
export async function chapterFiles(docsDir: string): Promise<string[]> {
  const entries = await readdir(docsDir, { recursive: true });
  return entries
    .filter((f) => /\.mdx?$/.test(f) && !f.split('/').some((part) => part.startsWith('_')))
    .map((f) => `${docsDir.replace(/\/$/, '')}/${f}`)
    .sort();
}

/**
 * The order runs start in: most steps first (a rough measure of how long a run takes), so the
 * longest runs do not start last and leave one core idle at the end. Twins ask the same requests
 * and are one run (execute-steps.ts joins them).
 */
export function planRuns(chapters: { path: string; text: string }[]): PlannedRun[] {
  const runs = chapters.flatMap(({ path, text }) => chapterRuns(path, text));
  return runs
    .map((run, i) => ({ run, i }))
    .sort((a, b) => b.run.requests.length - a.run.requests.length || a.i - b.i)
    .map(({ run }) => run);
}

/** A run executed here and how long its engines took (not counting its wait for an engine). */
export interface TimedRun {
  /** The chapter's path under the docs folder, e.g. `en/gc.mdx`. */
  chapter: string;
  /** The gutter's run (every line's memory), not the outputs' run. */
  gutter: boolean;
  ms: number;
}

export interface PrerunSummary {
  /** Runs executed here (not cached, not a twin's). */
  ran: number;
  /** Runs planned, counting twins and cached ones. */
  planned: number;
  ms: number;
  /** The runs executed here, longest first: what a cold build waits for. */
  longest: TimedRun[];
}

/** `en/gc.mdx 41.0 s, en/numpy.mdx (gutter) 30.2 s`: the first `count` of the longest runs, for the build's log. */
export function longestRuns(runs: TimedRun[], count = 3): string {
  return runs
    .slice(0, count)
    .map((run) => `${run.chapter}${run.gutter ? ' (gutter)' : ''} ${(run.ms / 1000).toFixed(1)} s`)
    .join(', ');
}

/**
 * Starts the runs of every chapter under `docsDir` in the engine pool and resolves when all have
 * ended (pages take them as they come). Never rejects: a failing run fails its page.
 */
export async function prerunChapters(docsDir: string, options: ExecuteOptions): Promise<PrerunSummary> {
  const t0 = performance.now();
  const files = await chapterFiles(docsDir);
  const chapters = await Promise.all(files.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
  const runs = planRuns(chapters);
  // Queued in plan order: the next run is asked for once the last waits in the pool's queue.
  const started: Promise<{ ran: boolean; ms: number | null }>[] = [];
  for (const run of runs) {
    const { promise: queued, resolve } = Promise.withResolvers<void>();
    const done = prepareSteps(run.requests, options, resolve).catch(() => ({ ran: true, ms: null }));
    started.push(done);
    await Promise.race([queued, done]);
  }
  const outcomes = await Promise.all(started);
  const docs = docsDir.replace(/\/?$/, '/');
  const longest = outcomes
    .flatMap(({ ms }, i) =>
      // A run that did nothing (numpy's gutter run on the native CPython, which reads no lines) is not one.
      !ms ? [] : [{ chapter: runs[i]!.chapter.replace(docs, ''), gutter: runs[i]!.requests.some((r) => r.lines), ms }],
    )
    .sort((a, b) => b.ms - a.ms);
  return { ran: outcomes.filter((o) => o.ran).length, planned: runs.length, ms: performance.now() - t0, longest };
}
