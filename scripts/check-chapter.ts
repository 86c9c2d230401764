/**
 * Runs a chapter's cells through the engine exactly as the build does, prints what each one gave
 * and every broken promise with its file, line and code, without building the site. For writers:
 *
 *   npm run check-chapter -- content/docs/en/gc.mdx [more files…] [--watch]
 *
 * With --watch it stays up and reruns a file each time it is saved: the unchanged steps before the
 * first edited one are reused, and only the rest runs (see src/build/live-run.ts).
 */
import { watch as watchDir } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { executeSteps } from '../src/build/execute-steps.ts';
import { LiveSession } from '../src/build/live-run.ts';
import { chapterSummary, formatSeconds } from '../src/build/chapter-summary.ts';
import { withoutFrontmatter } from '../src/build/chapter-source.ts';
import { compareTwins, twinPath } from '../src/build/chapter-twins.ts';
import { ChapterError, collectSteps, type Step } from '../src/build/collect-cells.ts';
import { excerpt, formatFailure } from '../src/build/failure-report.ts';
import { formatMetrics } from '../src/shared/metrics-line.ts';
import { judgeResult } from '../src/build/judge-result.ts';
import { BUILD_TIMEOUT_MS, pageRequests, type PageRun } from '../src/build/remark-cells.ts';

const cacheDir = new URL('../.heapbook-cache/', import.meta.url).pathname;
const DEBOUNCE_MS = 150;

const args = process.argv.slice(2);
const watching = args.includes('--watch');
const unknown = args.filter((a) => a.startsWith('-') && a !== '--watch');
const files = args.filter((a) => !a.startsWith('-'));
if (unknown.length || files.length === 0) {
  console.error(
    `${unknown.length ? `unknown option ${unknown.join(' ')}. ` : ''}Usage: npm run check-chapter -- content/docs/en/NAME.mdx [more files…] [--watch]`,
  );
  process.exit(2);
}

const parse = (text: string) => unified().use(remarkParse).use(remarkMdx).parse(text);

function printStep(step: Step, r: PageRun['results'][number]): void {
  console.log(`--- ${step.id} [${r.status}]`);
  for (const c of r.stream) process.stdout.write(c.stream === 'stderr' ? `[stderr] ${c.text}` : c.text);
  if (r.stream.length && !r.stream.at(-1)?.text.endsWith('\n')) console.log();
  if (r.value) console.log(`=> ${r.value['text/plain']}`);
  if (r.error) console.log(r.error.traceback.join('\n') || `${r.error.type}: ${r.error.message}`);
  if (r.metrics) console.log(`   [${formatMetrics(r.metrics)}]`);
}

/** Checks one file; true when every step kept its promise. */
async function checkFile(arg: string, session: LiveSession | null): Promise<boolean> {
  const path = resolve(arg);
  const inside = relative(process.cwd(), path);
  const shown = inside && !inside.startsWith('..') ? inside : path;
  const text = await readFile(path, 'utf8');
  const fileLines = text.split('\n');
  const source = withoutFrontmatter(text);
  console.log(`\n=== ${shown}`);
  let steps: Step[];
  try {
    steps = collectSteps(parse(source), source);
  } catch (err) {
    if (!(err instanceof ChapterError)) throw err;
    console.log(`\nFAILED\n${shown}:${err.line}: ${err.message}\n${excerpt(fileLines, err.line, 1, fileLines.length)}`);
    return false;
  }
  const twin = twinPath(path);
  if (twin) {
    const twinText = await readFile(twin, 'utf8').catch(() => null);
    const twinShown = relative(process.cwd(), twin);
    if (twinText === null) console.log(`[heapbook] warning: ${shown}: no twin at ${twinShown}: add one with the same cells`);
    else {
      try {
        const theirs = collectSteps(parse(withoutFrontmatter(twinText)), withoutFrontmatter(twinText));
        const problem = compareTwins(steps, theirs, { mine: shown, twin: twinShown });
        if (problem) console.log(`[heapbook] warning: ${problem}`);
      } catch {
        // The twin's own check reports its mistakes.
      }
    }
  }
  // The build's own requests (inline figures in its order, predictions' probes): a run is shared
  // with the build through the cache, both ways.
  const { requests, at } = pageRequests(steps, BUILD_TIMEOUT_MS);
  const t0 = performance.now();
  let run: PageRun;
  let reusedRequests: number;
  let how = '';
  if (session) {
    const live = await session.update(requests);
    run = live.run;
    reusedRequests = live.reused;
    how = `; reused ${live.reused} steps, replayed ${live.replayed}${live.standby ? ' (on the engine prepared in the background)' : ''}, ran ${live.executed}`;
  } else {
    run = await executeSteps(requests, { cacheDir });
    reusedRequests = run.cached ? requests.length : 0;
  }
  const ms = performance.now() - t0;
  const reused = steps.filter((_, i) => at[i]! < reusedRequests).length;
  // Watching, only what ran again is printed; otherwise everything.
  steps.forEach((step, i) => {
    const r = run.results[at[i]!];
    if (r && (!session || at[i]! >= reusedRequests)) printStep(step, r);
  });
  const failures: string[] = [];
  for (const [i, step] of steps.entries()) {
    const result = run.results[at[i]!];
    if (!result) {
      failures.push(`${shown}:${step.line}: no result for ${step.id}: the run stopped before it`);
      continue;
    }
    const problem = judgeResult(step, result);
    if (problem) failures.push(formatFailure({ path: shown, fileLines, step, result, problem }));
    if (step.kind === 'cell' && step.options.native && run.native && 'unavailable' in run.native) {
      console.log(`[heapbook] warning: ${shown}:${step.line}: 64-bit figures left out: ${run.native.unavailable}`);
    }
  }
  console.log(`\n[heapbook] ${chapterSummary({ path: shown, steps, reused, ms })}${how}`);
  if (failures.length) {
    console.log(`\nFAILED: ${failures.length} ${failures.length === 1 ? 'step' : 'steps'}\n\n${failures.join('\n\n')}`);
    return false;
  }
  console.log('OK');
  return true;
}

if (!watching) {
  let failed = 0;
  for (const file of files) if (!(await checkFile(file, null))) failed++;
  process.exit(failed ? 1 : 0);
}

// Watch mode: one live session per file, reruns serialised per file and debounced.
for (const file of files) {
  const session = new LiveSession({ cacheDir });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastText: string | null = null;
  const rerun = () => {
    running = running.then(async () => {
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text === null || text === lastText) return; // Editors' atomic saves fire twice.
      lastText = text;
      const t0 = performance.now();
      try {
        await checkFile(file, session);
      } catch (err) {
        console.log(`\nFAILED: ${err instanceof Error ? err.message : String(err)}`);
      }
      console.log(`[heapbook] checked in ${formatSeconds(performance.now() - t0)}; watching ${file} (Ctrl+C to stop)`);
    });
  };
  rerun();
  // The folder, not the file: editors that save by renaming replace the file being watched.
  watchDir(dirname(resolve(file)), (_event, name) => {
    if (name !== basename(file)) return;
    clearTimeout(timer);
    timer = setTimeout(rerun, DEBOUNCE_MS);
  });
}
