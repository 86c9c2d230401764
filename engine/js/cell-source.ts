/**
 * Turns a JavaScript cell into a script the worker can evaluate so that cells of a page share one
 * scope, as Python cells share a namespace. Pure: source in, script out.
 *
 * - Top-level `let`, `const`, `var` and `class` declarations become assignments to globals, and
 *   top-level functions are copied to globals, so later cells see them. (So a top-level `const`
 *   can be reassigned by a later cell, as in browser consoles.)
 * - The body runs inside an async arrow function: top-level `await` works.
 * - A final expression statement becomes the cell's value.
 * - Line numbers are kept: everything added goes on existing lines, and `//# sourceURL` names the
 *   script after the cell, so stack traces point at the reader's lines.
 */
import { parse, type Node, type Options, type Program } from 'acorn';

const PARSE: Options = { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: true, locations: true };

const PREFIX = '(async () => {';

export type PreparedCell =
  | { ok: true; script: string; sourceUrl: string; lines: number }
  | { ok: false; error: { type: string; message: string; traceback: string[] } };

/** The file name stack traces show for a cell. */
export function cellSourceUrl(cellId: string): string {
  return `heapbook-cell-${cellId.replace(/[^\w-]/g, '_')}.js`;
}

interface Edit {
  at: number;
  /** Characters to remove from `at`. */
  remove: number;
  insert: string;
}

type Declarator = { id: Node & { type: string; name?: string }; init: Node | null; start: number; end: number };
type Statement = Node & {
  type: string;
  kind?: string;
  declarations?: Declarator[];
  id?: (Node & { name: string }) | null;
  expression?: Node;
};

function declarationEdits(statement: Statement): Edit[] {
  const declarations = statement.declarations ?? [];
  const first = declarations[0];
  const last = declarations.at(-1);
  if (!first || !last) return [];
  const edits: Edit[] = [{ at: statement.start, remove: first.start - statement.start, insert: ';(' }];
  for (const d of declarations) if (!d.init) edits.push({ at: d.end, remove: 0, insert: ' = undefined' });
  // A trailing semicolon, if any, stays after the closing parenthesis.
  edits.push({ at: last.end, remove: 0, insert: ')' });
  return edits;
}

/** The script to evaluate for a cell, or the syntax error to show. */
export function prepareCell(code: string, cellId: string): PreparedCell {
  let program: Program;
  try {
    program = parse(code, PARSE);
  } catch (err) {
    return { ok: false, error: syntaxError(err as SyntaxError & { loc?: { line: number; column: number } }, code, cellId) };
  }
  const edits: Edit[] = [];
  const functions: string[] = [];
  const body = program.body as unknown as Statement[];
  body.forEach((statement, index) => {
    if (statement.type === 'VariableDeclaration') edits.push(...declarationEdits(statement));
    else if (statement.type === 'ClassDeclaration' && statement.id) {
      edits.push({ at: statement.start, remove: 0, insert: `;${statement.id.name} = ` });
    } else if (statement.type === 'FunctionDeclaration' && statement.id) functions.push(statement.id.name);
    else if (index === body.length - 1 && statement.type === 'ExpressionStatement' && statement.expression) {
      // From the statement's start: acorn's expression leaves out enclosing parentheses.
      edits.push({ at: statement.start, remove: 0, insert: 'return (' });
      edits.push({ at: statement.expression.end, remove: 0, insert: ')' });
    }
  });
  let script = code;
  // From the end backwards; of two edits at one place, the one listed later is applied first, so
  // the inserted texts end up in the order they were listed.
  const ordered = edits.map((edit, i) => ({ edit, i })).sort((a, b) => b.edit.at - a.edit.at || b.i - a.i);
  for (const { edit } of ordered) {
    script = script.slice(0, edit.at) + edit.insert + script.slice(edit.at + edit.remove);
  }
  const hoisted = functions.map((name) => `globalThis.${name} = ${name};`).join(' ');
  const sourceUrl = cellSourceUrl(cellId);
  const prefix = PREFIX + hoisted;
  return { ok: true, script: `${prefix}${script}\n})()\n//# sourceURL=${sourceUrl}`, sourceUrl, lines: code.split('\n').length };
}

function syntaxError(err: SyntaxError & { loc?: { line: number; column: number } }, code: string, cellId: string) {
  const message = err.message.replace(/\s*\(\d+:\d+\)$/, '');
  const traceback = [`SyntaxError: ${message}`];
  if (err.loc) {
    const line = code.split('\n')[err.loc.line - 1] ?? '';
    traceback.push(
      `    at cell ${cellId}, line ${err.loc.line}:${err.loc.column + 1}`,
      `    ${line}`,
      `    ${' '.repeat(err.loc.column)}^`,
    );
  }
  const hint = /'import' and 'export'/.test(message) ? ' (load modules with `await import(...)` in a cell)' : '';
  return { type: 'SyntaxError', message: message + hint, traceback: hint ? [...traceback, hint.trim()] : traceback };
}

/** The cell of the innermost frame of a stack that is in a cell script, or null when none is. */
export function stackCell(
  stack: string | undefined,
  cellOf: (file: string) => { cellId: string; lines: number } | undefined,
): string | null {
  for (const line of stack?.split('\n') ?? []) {
    const match = /(heapbook-cell-[\w-]+\.js):(\d+):\d+/.exec(line);
    const cell = match ? cellOf(match[1] ?? '') : undefined;
    if (cell && Number(match?.[2]) <= cell.lines) return cell.cellId;
  }
  return null;
}

/**
 * The reader's part of an error's stack: frames in cell scripts, renamed "cell ID:line". Columns
 * are left out: the rewriting shifts them on the lines it touches. Frames of the runtime are dropped.
 */
export function cellStack(stack: string | undefined, cellOf: (file: string) => { cellId: string; lines: number } | undefined): string[] {
  if (!stack) return [];
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const match = /(heapbook-cell-[\w-]+\.js):(\d+):(\d+)/.exec(line);
    if (!match) continue;
    const [, file = '', lineText = '0'] = match;
    const cell = cellOf(file);
    if (!cell) continue;
    const lineNo = Number(lineText);
    // The wrapper's closing line calls the cell: not the reader's code.
    if (lineNo > cell.lines) continue;
    // An anonymous function called with a receiver (a timer's callback) reads "Timeout.eval".
    const fn = /at (?:async )?([^\s(]+) \(/.exec(line)?.[1]?.replace(/^[\w$]+\.(?=eval$)/, '');
    const where = `cell ${cell.cellId}:${lineNo}`;
    frames.push(fn && fn !== 'eval' && !fn.startsWith('heapbook-cell-') ? `    at ${fn} (${where})` : `    at ${where}`);
  }
  return frames;
}
