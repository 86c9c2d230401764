/**
 * The remark plugin behind runnable chapters. It finds the cells, has them executed (by the
 * engine in Node at build time), fails the build where a cell breaks its promise, and bakes each
 * output into the page so that it is complete without JavaScript and searchable.
 */
import type { Code, InlineCode, Root } from 'mdast';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import type { CellLang, MimeBundle, RunRequest, RunResult } from '../../engine/protocol.ts';
import { chapterSummary } from './chapter-summary.ts';
import { compareTwins, twinPath } from './chapter-twins.ts';
import { ChapterError, collectSteps, type Step } from './collect-cells.ts';
import { judgeResult } from './judge-result.ts';
import { predictProbe, readProbe, toleranceText } from '../shared/predict.ts';
import { formatNumber, predictText, renderAnswer, renderAsk } from '../shared/predict-text.ts';
import { chapterLang, renderText, words } from '../i18n/index.ts';
import { renderNative, renderResult } from '../shared/result-view.ts';
import { renderCodeRow, renderGutter } from '../shared/line-gutter.ts';
import { outputText } from '../i18n/index.ts';
import { h, type ViewNode } from '../shared/view-node.ts';
import { toFlow, toText } from './view-to-mdast.ts';

/** A step as the engine runs it; `native` asks for the 64-bit companion run too. */
export type ExecRequest = RunRequest & { timeoutMs: number; native?: true };

/** The results of one chapter's steps, in order, and the engines that produced them. */
export interface PageRun {
  /** What each language ran on, for the metrics line, e.g. "Pyodide 314.0.7, CPython 3.14.2 (wasm32) in Node". */
  engines: Partial<Record<CellLang, string>>;
  results: RunResult[];
  /** The same steps on the build machine's CPython, when a cell asked for it. */
  native?: { platform: string; results: Array<RunResult | null> } | { unavailable: string };
  /** Set when the results were read from the cache rather than executed. */
  cached?: boolean;
  /** How long the engines ran, in milliseconds, not counting a wait for a free engine. */
  ms?: number;
}

/** A cell's time limit at build when it sets none. */
export const BUILD_TIMEOUT_MS = 60_000;

export interface RemarkCellsOptions {
  execute(requests: ExecRequest[], path: string): Promise<PageRun>;
  /** Per-cell time limit at build when a cell sets none. */
  defaultTimeoutMs?: number;
  /**
   * Where warnings go besides the file's messages (Astro does not print those); console.warn by
   * default.
   */
  warn?(message: string): void;
  /** Where each chapter's one-line summary goes (what was verified, and how long it took); console.log by default. */
  summary?(line: string): void;
  /** The text of a chapter's other-language twin, or null when there is none; without it twins are not checked. */
  readTwin?(path: string): Promise<string | null>;
  /** Draws a value's pictures and tables for the chapter at `path`; without it values are baked as plain text. */
  drawValue?(bundle: MimeBundle, path: string): Promise<ViewNode>;
}

/** The request the engine gets for a step; inline measurements print their value. */
export function toRequest(step: Step, defaultTimeoutMs: number): ExecRequest {
  if (step.kind === 'inline') {
    const code = step.lang === 'python' ? `print(${step.expr}, end="")` : `heapbook.write(String(${step.expr}))`;
    return { cellId: step.id, lang: step.lang, code, timeoutMs: defaultTimeoutMs };
  }
  const request: ExecRequest = {
    cellId: step.id,
    lang: step.lang,
    code: step.code,
    timeoutMs: step.options.timeout ?? defaultTimeoutMs,
  };
  if (step.options.check) request.check = step.options.check;
  // An exercise's untouched starter must not pass: a reader would be told "solved" before starting.
  if (step.options.exercise) request.check = exerciseUnsolved(step.lang, step.options.exercise);
  if (step.options.native) request.native = true;
  if (step.options['left-behind']) request.leftBehind = true;
  if (step.options.packages) request.packages = step.options.packages;
  return request;
}

/**
 * The same steps once more, each shown Python cell also reading the bytes its lines still hold
 * (the gutter). A reading creates and frees thousands of tuples, which fills CPython's free lists
 * and moves the collector's thresholds, so later cells would print other figures than a page
 * does, which reads them only when the reader opens the gutter. So the build bakes outputs from a
 * run without readings, and the gutter from this second run (cached like the first).
 */
export function linesRequests(requests: ExecRequest[], steps: Step[]): ExecRequest[] | null {
  const shown = new Set(steps.filter((s) => s.kind === 'cell' && s.lang === 'python' && !s.options.hidden).map((s) => s.id));
  if (shown.size === 0) return null;
  return requests.map(({ native: _native, ...request }) => (shown.has(request.cellId) ? { ...request, lines: true } : request));
}

/** The build's check on an exercise's starter: its exercise expression is false. */
export function exerciseUnsolved(lang: CellLang, exercise: string): string {
  return lang === 'python' ? `not (${exercise})` : `!(${exercise})`;
}

function cellAttributes(step: Extract<Step, { kind: 'cell' }>): Record<string, string> {
  const attrs: Record<string, string> = {
    'data-cell-id': step.id,
    'data-lang': step.lang,
    'data-source': step.code,
  };
  if (step.options.timeout) attrs['data-timeout'] = String(step.options.timeout);
  if (step.options.exercise) attrs['data-exercise'] = step.options.exercise;
  if (step.options.packages) attrs['data-packages'] = step.options.packages.join(',');
  if (step.options.hidden) attrs['hidden'] = '';
  if (step.options.predict) {
    attrs['data-predict'] = step.options.predict.expr;
    attrs['data-tolerance'] = toleranceText(step.options.predict.tolerance);
  }
  if (step.options.varies) attrs['data-varies'] = step.options.varies;
  if (step.options['left-behind']) attrs['data-left-behind'] = '';
  return attrs;
}

/**
 * What a chapter's steps ask of the engines: the requests in order (a predict cell followed by the
 * probe that measures its expression; `at` maps a step to its result) and the gutter's run, if any.
 * The build's early runs (build-prerun.ts) call this too, so they ask exactly what the page will.
 */
export function pageRequests(
  steps: Step[],
  defaultTimeoutMs: number,
): { requests: ExecRequest[]; at: number[]; withLines: ExecRequest[] | null } {
  const requests: ExecRequest[] = [];
  const at: number[] = [];
  for (let n = 0; n < steps.length;) {
    const step = steps[n]!;
    if (step.kind === 'inline') {
      const figures = inlineRun(steps, n);
      for (const [k, i] of canonicalOrder(figures).entries()) {
        at[n + i] = requests.length;
        // The k-th id of the run, in the canonical order: twins that ask the same figures ask the same requests.
        requests.push({ ...toRequest(figures[i]!, defaultTimeoutMs), cellId: figures[k]!.id });
      }
      n += figures.length;
      continue;
    }
    at[n] = requests.length;
    requests.push(toRequest(step, defaultTimeoutMs));
    const probe = step.kind === 'cell' ? probeRequest(step, defaultTimeoutMs) : null;
    if (probe) requests.push(probe);
    n++;
  }
  return { requests, at, withLines: linesRequests(requests, steps) };
}

type InlineStep = Extract<Step, { kind: 'inline' }>;

/** The inline figures from step `n` up to the next cell. */
function inlineRun(steps: Step[], n: number): InlineStep[] {
  const run: InlineStep[] = [];
  for (let i = n; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.kind !== 'inline') break;
    run.push(step);
  }
  return run;
}

/**
 * The order in which a run of inline figures between two cells is measured: by language, then
 * expression (code-unit order, the same on every machine), as indexes into `figures`. A figure
 * reads what the cells before it made (the book's figures format names, sizes and refcounts), while
 * the English and Chinese prose place the same figures in their own word order: asked in this
 * order, the twins ask the same requests and share one run (execute-steps.ts). In the book's cold
 * build that took the runs from 29 to 24 of 48: `generators` and `slots` ran apart before.
 */
export function canonicalOrder(figures: readonly InlineStep[]): number[] {
  const key = (f: InlineStep) => `${f.lang}\u0000${f.expr}`;
  return figures
    .map((_, i) => i)
    .sort((a, b) => (key(figures[a]!) < key(figures[b]!) ? -1 : key(figures[a]!) > key(figures[b]!) ? 1 : a - b));
}

/** The request that measures a predict cell's expression, run right after the cell. */
export function probeRequest(step: Extract<Step, { kind: 'cell' }>, defaultTimeoutMs: number): ExecRequest | null {
  const prediction = step.options.predict;
  if (!prediction) return null;
  return { cellId: `${step.id}/predict`, lang: step.lang, code: predictProbe(step.lang, prediction.expr), timeoutMs: defaultTimeoutMs };
}

/** A predict cell's measured value as text, or what to change when its expression gives no number. */
export function measuredValue(step: Extract<Step, { kind: 'cell' }>, probe: RunResult): { text: string } | { problem: string } {
  const expr = step.options.predict?.expr ?? '';
  const fix = `Write an expression that gives an int or float (a count, a size in bytes, a refcount) after "#| predict:".`;
  if (probe.status !== 'ok') {
    const why = probe.error ? `${probe.error.type}: ${probe.error.message}` : (probe.notice ?? probe.status);
    return { problem: `cell "${step.id}": its prediction \`${expr}\` could not be measured after the cell: ${why}. ${fix}` };
  }
  const read = readProbe(probe.stream.map((c) => c.text).join(''));
  if ('notNumber' in read) {
    return {
      problem: `cell "${step.id}": its prediction \`${expr}\` is ${read.notNumber}, not a number (int or float; a bool does not count). ${fix}`,
    };
  }
  return { text: formatNumber(read.value) };
}

function bakeCell(
  step: Extract<Step, { kind: 'cell' }>,
  result: RunResult,
  output: ViewNode,
  native: ViewNode | null,
  lang: string,
  measured: string | null,
): void {
  const element = toFlow(h('heapbook-cell', cellAttributes(step)));
  const code: Code = { type: 'code', lang: step.lang, meta: null, value: step.code };
  const children: typeof element.children = [code];
  if (step.lang === 'python') {
    // The gutter goes beside the code, shown while the output's "Memory by line" is open (CSS).
    const row = toFlow(renderCodeRow(h('div', null), result.lines ? renderGutter(result.lines, step.code, outputText(lang)) : null));
    row.children[0] = code;
    children[0] = row;
  }
  let answer: ReturnType<typeof toFlow> | null = null;
  if (step.options.predict && measured !== null && step.explain) {
    const words = predictText(lang);
    children.push(toFlow(renderAsk(step.options.predict, words)));
    // The writer's explanation moves into the answer, after "measured: N": revealed, not printed.
    answer = toFlow(renderAnswer(measured, words));
    answer.children.push(...step.explain.content);
    const { parent, block } = step.explain;
    parent.children.splice(parent.children.indexOf(block), 1);
  }
  children.push(toFlow(output), ...(native ? [toFlow(native)] : []), ...(answer ? [answer] : []));
  element.children = step.options.hidden ? [] : children;
  replaceNode(step.node, element);
}

/** The 64-bit companion of a cell, or why there is none. */
function nativeFigures(run: PageRun, index: number): { result: RunResult; platform: string } | string {
  if (!run.native) return 'the executor did not run the chapter natively';
  if ('unavailable' in run.native) return run.native.unavailable;
  const result = run.native.results[index];
  if (!result) return 'the native run stopped before this cell';
  if (result.status !== 'ok') {
    return `on ${run.native.platform} the cell ended with ${result.error ? `${result.error.type}: ${result.error.message}` : result.status}`;
  }
  return { result, platform: run.native.platform };
}

function bakeInline(step: Extract<Step, { kind: 'inline' }>, result: RunResult, lang: string): void {
  const text = result.stream.map((c) => c.text).join('');
  const span = h('span', { class: 'hb-inline', title: words(lang).metrics.measuredInline(step.expr) }, text);
  replaceNode(step.node, toText(span));
}

/** Turns a node into another in place: the tree keeps its shape and document order. */
function replaceNode(node: Code | InlineCode, replacement: object): void {
  for (const key of Object.keys(node)) {
    if (key !== 'position') delete (node as unknown as Record<string, unknown>)[key];
  }
  Object.assign(node, replacement);
}

/** A warning: kept on the file (for tools that read its messages) and printed. */
function warn(file: VFile, options: RemarkCellsOptions, message: string): void {
  file.message(message);
  (options.warn ?? ((text: string) => console.warn(`[heapbook] ${text}`)))(message);
}

/** Warns, with what to change, when the chapter has no twin or the twins' cells differ. */
async function checkTwin(file: VFile, steps: Step[], options: RemarkCellsOptions): Promise<void> {
  const twin = options.readTwin ? twinPath(file.path) : null;
  if (!twin || !options.readTwin) return;
  const text = await options.readTwin(twin);
  if (text === null) {
    warn(
      file,
      options,
      `${file.path}: this chapter has no twin at ${twin}: readers of that language get no page for it; add one with the same cells`,
    );
    return;
  }
  let theirs: Step[];
  try {
    theirs = collectSteps(unified().use(remarkParse).use(remarkMdx).parse(text), text);
  } catch {
    return; // The twin's own build reports its mistakes, with its own lines.
  }
  const problem = compareTwins(steps, theirs, { mine: file.path, twin });
  if (problem) warn(file, options, problem);
}

/** The chapter's path as the writer knows it: relative to the project when inside it. */
function shownPath(file: VFile): string {
  const cwd = file.cwd.endsWith('/') ? file.cwd : `${file.cwd}/`;
  return file.path.startsWith(cwd) ? file.path.slice(cwd.length) : file.path;
}

export function remarkCells(options: RemarkCellsOptions) {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? BUILD_TIMEOUT_MS;
  return async function transform(tree: Root, file: VFile): Promise<void> {
    const where = (line: number) => `${file.path}:${line}`;
    let steps: Step[];
    try {
      steps = collectSteps(tree, typeof file.value === 'string' ? file.value : undefined);
    } catch (err) {
      if (err instanceof ChapterError) {
        file.fail(`${where(err.line)}: ${err.message}`, { place: { line: err.line, column: 1 } });
      }
      throw err;
    }
    await checkTwin(file, steps, options);
    if (steps.length === 0) return;
    const t0 = performance.now();
    const { requests, at, withLines } = pageRequests(steps, defaultTimeoutMs);
    // Two fresh engines, so the gutter's run need not wait for the outputs' run.
    const [run, linesRun] = await Promise.all([
      options.execute(requests, file.path),
      withLines ? options.execute(withLines, file.path) : null,
    ]);
    const line = chapterSummary({
      path: shownPath(file),
      steps,
      reused: run.cached ? steps.length : 0,
      ms: run.ms ?? performance.now() - t0,
    });
    (options.summary ?? ((text: string) => console.log(`[heapbook] ${text}`)))(line);
    for (const [n, step] of steps.entries()) {
      const i = at[n] ?? n;
      const result = run.results[i];
      if (!result) throw new Error(`the executor returned no result for step ${i} of ${file.path}`);
      const problem = judgeResult(step, result);
      if (problem) file.fail(`${where(step.line)}: ${problem}`, { place: { line: step.line, column: 1 } });
      if (step.kind === 'inline') {
        bakeInline(step, result, chapterLang(file.path));
        continue;
      }
      const draw = (bundle: MimeBundle | null) => (bundle && options.drawValue ? options.drawValue(bundle, file.path) : undefined);
      const engine = run.engines[step.lang] ?? 'the build engine';
      const lang = chapterLang(file.path);
      const python = step.lang === 'python';
      const lines = linesRun?.results[i]?.lines;
      if (lines) result.lines = lines;
      const output = renderResult(
        result,
        { kind: 'build', engine },
        {
          value: await draw(result.value),
          lang,
          ...(python ? { lines: { open: false } } : {}),
          leftBehind: await draw(result.leftBehind ?? null),
        },
      );
      let native: ViewNode | null = null;
      if (step.options.native) {
        const figures = nativeFigures(run, i);
        if (typeof figures === 'string') {
          warn(file, options, `${where(step.line)}: 64-bit figures left out: ${figures}`);
        } else {
          const provenance = { kind: 'native', platform: figures.platform } as const;
          const label = renderText(lang).nativeLabel(figures.platform);
          native = renderNative(figures.result, provenance, label, { value: await draw(figures.result.value), lang });
        }
      }
      let measured: string | null = null;
      if (step.options.predict && result.status === 'ok') {
        const probe = run.results[i + 1];
        if (!probe) throw new Error(`the executor returned no result for the prediction of ${step.id} in ${file.path}`);
        const value = measuredValue(step, probe);
        if ('problem' in value) file.fail(`${where(step.line)}: ${value.problem}`, { place: { line: step.line, column: 1 } });
        else measured = value.text;
      }
      bakeCell(step, result, output, native, lang, measured);
    }
  };
}
