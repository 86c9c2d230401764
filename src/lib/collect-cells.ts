/**
 * Finds the runnable parts of a chapter in document order: fenced cells (```python run,
 * ```js run) and inline measurements (`{python} expr`, `{js} expr`). Pure: it reads the tree and
 * reports mistakes with lines.
 */
import type { Code, InlineCode, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { CellLang } from '../../workers/protocol.ts';
import { CellOptionError, parseCellSource, type CellOptions } from './cell-options.ts';

export type Step =
  | { kind: 'cell'; id: string; lang: CellLang; code: string; options: CellOptions; line: number; node: Code }
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
  visit(tree, (node) => {
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
      steps.push({ kind: 'cell', id, lang, code: parsed.code, options: parsed.options, line, node });
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
