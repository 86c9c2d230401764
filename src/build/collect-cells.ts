/**
 * Finds the runnable parts of a chapter in document order: fenced cells (```python run,
 * ```js run) and inline measurements (`{python} expr`, `{js} expr`). Pure: it reads the tree and
 * reports mistakes with lines.
 */
import type { Code, InlineCode, Parent, Root, RootContent } from 'mdast';
import type { MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import type { CellLang } from '../../engine/protocol.ts';
import { CellOptionError, parseCellSource, type CellOptions } from '../shared/cell-options.ts';

export type Step =
  | {
      kind: 'cell';
      id: string;
      lang: CellLang;
      code: string;
      options: CellOptions;
      line: number;
      node: Code;
      /** A predict cell's `<Explain>` block, right after it, and the node that holds both. */
      explain?: Explanation;
    }
  | { kind: 'inline'; id: string; lang: CellLang; expr: string; line: number; node: InlineCode };

/** A writer's mistake, located in the MDX file. */
export class ChapterError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = 'ChapterError';
    this.line = line;
  }
}

/**
 * A predict cell's explanation: `block` is the node after the cell (an `<Explain>` element, or a
 * paragraph that is only one, when written on one line), `content` what it holds.
 */
export interface Explanation {
  block: RootContent;
  parent: Parent;
  content: MdxJsxFlowElement['children'];
}

/** An `<Explain>` block, written over several lines or on one. */
function explainIn(node: RootContent | undefined): MdxJsxFlowElement['children'] | null {
  if (node?.type === 'mdxJsxFlowElement' && node.name === EXPLAIN) return node.children;
  if (node?.type === 'paragraph' && node.children.length === 1) {
    const only = node.children[0];
    if (only?.type === 'mdxJsxTextElement' && only.name === EXPLAIN) return [{ type: 'paragraph', children: only.children }];
  }
  return null;
}

/** The block after a predict cell that holds the writer's explanation. */
export const EXPLAIN = 'Explain';

const LANGS: Record<string, CellLang> = { python: 'python', py: 'python', js: 'javascript', javascript: 'javascript' };
const INLINE = /^\{(python|py|js|javascript)\}\s+(.+)$/s;

function isRunnable(node: Code): boolean {
  return (node.meta ?? '').split(/\s+/).includes('run');
}

/**
 * A fence that is never closed runs to the end of the file, swallowing the prose after it: the
 * Markdown parser accepts that silently, so it is caught here from the source text.
 */
function checkClosed(node: Code, source: string | undefined): void {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (source === undefined || start === undefined || end === undefined) return;
  const opening = /^[ \t]*(`{3,}|~{3,})/.exec(source.slice(start))?.[1] ?? '```';
  const lastLine = source.slice(start, end).trimEnd().split('\n').at(-1)?.trim() ?? '';
  if (end - start > opening.length && lastLine.startsWith(opening)) return;
  throw new ChapterError(
    `the ${opening}${node.lang ?? ''} run fence opened here is never closed, so it runs to the end of the file: add a line with ${opening} after the cell's code`,
    node.position?.start.line ?? 0,
  );
}

/**
 * The runnable steps of a chapter, in the order the build and the reader run them. With the
 * file's text, unclosed fences are caught too.
 */
export function collectSteps(tree: Root, source?: string): Step[] {
  const steps: Step[] = [];
  const ids = new Map<string, number>();
  let cellCount = 0;
  let inlineCount = 0;
  const explained = new Set<object>();
  visit(tree, (node, index, parent) => {
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === EXPLAIN && !explained.has(node)) {
      throw new ChapterError(
        `<${EXPLAIN}> explains the answer of a "#| predict" cell and must come right after one: move it under the cell it explains, or remove it`,
        node.position?.start.line ?? 0,
      );
    }
    if (node.type === 'code' && isRunnable(node)) {
      const line = node.position?.start.line ?? 0;
      checkClosed(node, source);
      const lang = LANGS[node.lang ?? ''];
      if (!lang) {
        throw new ChapterError(
          `runnable cell in unknown language "${node.lang ?? ''}": write \`\`\`python run or \`\`\`js run (known: ${Object.keys(LANGS).join(', ')})`,
          line,
        );
      }
      let parsed;
      try {
        parsed = parseCellSource(node.value);
      } catch (err) {
        if (err instanceof CellOptionError) throw new ChapterError(err.message, line + err.cellLine);
        throw err;
      }
      if (parsed.options.packages && lang !== 'python') {
        throw new ChapterError('"packages" are Python packages for the Python engine: remove it from this JavaScript cell', line);
      }
      if (parsed.options['left-behind'] && lang !== 'python') {
        throw new ChapterError('"left-behind: true" reads what a Python cell left alive: remove it from this JavaScript cell', line);
      }
      if (parsed.options.native && lang !== 'python') {
        throw new ChapterError('"native: true" measures Python cells on 64-bit CPython: remove it from this JavaScript cell', line);
      }
      cellCount++;
      const id = parsed.options.id ?? `cell-${cellCount}`;
      const seen = ids.get(id);
      if (seen !== undefined) {
        throw new ChapterError(`cell id "${id}" is already used by the cell at line ${seen}: ids must be unique in a chapter`, line);
      }
      ids.set(id, line);
      const step: Step = { kind: 'cell', id, lang, code: parsed.code, options: parsed.options, line, node };
      if (parsed.options.predict) {
        const next = parent && index !== undefined ? (parent.children[index + 1] as RootContent | undefined) : undefined;
        const content = explainIn(next);
        if (!next || !content) {
          throw new ChapterError(
            `cell "${id}" asks the reader to predict \`${parsed.options.predict.expr}\` but has no explanation: add <${EXPLAIN}>why the value is what it is</${EXPLAIN}> right after the cell's closing fence (it is revealed with the measured value after the run)`,
            line,
          );
        }
        if (content.length === 0 || (content.length === 1 && content[0]?.type === 'paragraph' && content[0].children.length === 0)) {
          throw new ChapterError(
            `cell "${id}": its <${EXPLAIN}> block is empty: write why the measured value is what it is`,
            next.position?.start.line ?? line,
          );
        }
        explained.add(next);
        if (next.type === 'paragraph' && next.children[0]) explained.add(next.children[0]);
        step.explain = { block: next, parent: parent as Parent, content };
      }
      steps.push(step);
    } else if (node.type === 'inlineCode') {
      const match = INLINE.exec(node.value);
      if (!match) return;
      inlineCount++;
      steps.push({
        kind: 'inline',
        id: `inline-${inlineCount}`,
        lang: LANGS[match[1] ?? ''] ?? 'python',
        expr: (match[2] ?? '').trim(),
        line: node.position?.start.line ?? 0,
        node,
      });
    }
  });
  return steps;
}
