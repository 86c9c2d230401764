/**
 * The remark plugin behind runnable chapters. It finds the cells, has them executed (by the
 * engine in Node at build time), fails the build where a cell breaks its promise, and bakes each
 * output into the page so that it is complete without JavaScript and searchable.
 */
import type { Code, InlineCode, Root } from 'mdast';
import type { VFile } from 'vfile';
import type { RunRequest, RunResult } from '../../workers/protocol.ts';
import { ChapterError, collectSteps, type Step } from './collect-cells.ts';
import { judgeResult } from './judge-result.ts';
import { renderResult } from './result-view.ts';
import { h } from './view-node.ts';
import { toFlow, toText } from './view-to-mdast.ts';

/** A step as the engine runs it. */
export type ExecRequest = RunRequest & { timeoutMs: number };

/** The results of one chapter's steps, in order, and the engine that produced them. */
export interface PageRun {
  engine: string;
  results: RunResult[];
}

export interface RemarkCellsOptions {
  execute(requests: ExecRequest[], path: string): Promise<PageRun>;
  /** Per-cell time limit at build when a cell sets none. */
  defaultTimeoutMs?: number;
}

/** The request the engine gets for a step; inline measurements print their value. */
export function toRequest(step: Step, defaultTimeoutMs: number): ExecRequest {
  if (step.kind === 'inline') {
    return { cellId: step.id, lang: 'python', code: `print(${step.expr}, end="")`, timeoutMs: defaultTimeoutMs };
  }
  const request: ExecRequest = {
    cellId: step.id,
    lang: step.lang,
    code: step.code,
    timeoutMs: step.options.timeout ?? defaultTimeoutMs,
  };
  if (step.options.check) request.check = step.options.check;
  return request;
}

function cellAttributes(step: Extract<Step, { kind: 'cell' }>): Record<string, string> {
  const attrs: Record<string, string> = {
    'data-cell-id': step.id,
    'data-lang': step.lang,
    'data-source': step.code,
  };
  if (step.options.timeout) attrs['data-timeout'] = String(step.options.timeout);
  if (step.options.exercise) attrs['data-exercise'] = step.options.exercise;
  if (step.options.hidden) attrs['hidden'] = '';
  return attrs;
}

function bakeCell(step: Extract<Step, { kind: 'cell' }>, result: RunResult, engine: string): void {
  const output = toFlow(renderResult(result, { kind: 'build', engine }));
  const element = toFlow(h('heapbook-cell', cellAttributes(step)));
  const code: Code = { type: 'code', lang: step.lang, meta: null, value: step.code };
  element.children = step.options.hidden ? [] : [code, output];
  replaceNode(step.node, element);
}

function bakeInline(step: Extract<Step, { kind: 'inline' }>, result: RunResult): void {
  const text = result.stream.map((c) => c.text).join('');
  const span = h('span', { class: 'hb-inline', title: `measured at build: ${step.expr}` }, text);
  replaceNode(step.node, toText(span));
}

/** Turns a node into another in place: the tree keeps its shape and document order. */
function replaceNode(node: Code | InlineCode, replacement: object): void {
  for (const key of Object.keys(node)) {
    if (key !== 'position') delete (node as unknown as Record<string, unknown>)[key];
  }
  Object.assign(node, replacement);
}

export function remarkCells(options: RemarkCellsOptions) {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;
  return async function transform(tree: Root, file: VFile): Promise<void> {
    const where = (line: number) => `${file.path}:${line}`;
    let steps: Step[];
    try {
      steps = collectSteps(tree);
    } catch (err) {
      if (err instanceof ChapterError) {
        file.fail(`${where(err.line)}: ${err.message}`, { place: { line: err.line, column: 1 } });
      }
      throw err;
    }
    if (steps.length === 0) return;
    const run = await options.execute(
      steps.map((s) => toRequest(s, defaultTimeoutMs)),
      file.path,
    );
    steps.forEach((step, i) => {
      const result = run.results[i];
      if (!result) throw new Error(`the executor returned no result for step ${i} of ${file.path}`);
      const problem = judgeResult(step, result);
      if (problem) file.fail(`${where(step.line)}: ${problem}`, { place: { line: step.line, column: 1 } });
      if (step.kind === 'cell') bakeCell(step, result, run.engine);
      else bakeInline(step, result);
    });
  };
}
