/**
 * The book's MIME type names are declared twice, because Python cannot import TypeScript:
 * HEAPBOOK_MIME in engine/protocol.ts and MIME in engine/python/heapbook/_tables.py. The runner
 * drops any rich type it does not know, so a name changed on one side only would make a helper's
 * picture silently vanish. This reads the Python dict with Python's own parser and compares.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEAPBOOK_MIME } from '../../engine/protocol.ts';

const TABLES = 'engine/python/heapbook/_tables.py';
/** Made only by JavaScript cells (the V8 heap model), so the Python package has no name for it. */
const JS_ONLY: ReadonlySet<string> = new Set(['heapModel']);

/** The literal dict assigned to `MIME` at the top level of `source`, read by Python's `ast`. */
function pythonMime(source: string): Record<string, string> {
  const script = [
    'import ast, json, sys',
    'tree = ast.parse(sys.stdin.read())',
    'found = [n.value for n in tree.body if isinstance(n, ast.Assign) and [getattr(t, "id", None) for t in n.targets] == ["MIME"]]',
    'if len(found) != 1: sys.exit(f"expected one top-level MIME = {{...}}, found {len(found)}")',
    'print(json.dumps(ast.literal_eval(found[0])))',
  ].join('\n');
  const python = process.env['HEAPBOOK_NATIVE_PYTHON'] ?? 'python3';
  return JSON.parse(execFileSync(python, ['-c', script], { input: source, encoding: 'utf8' })) as Record<string, string>;
}

/** What differs between the two maps, as sentences that say which file to change. */
function differences(python: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [key, name] of Object.entries(HEAPBOOK_MIME)) {
    if (JS_ONLY.has(key)) {
      if (key in python) out.push(`${TABLES} has "${key}", which only JavaScript makes: drop it or take it off JS_ONLY here`);
    } else if (!(key in python)) {
      out.push(`${TABLES} MIME lacks "${key}": "${name}" (engine/protocol.ts HEAPBOOK_MIME has it)`);
    } else if (python[key] !== name) {
      out.push(`MIME["${key}"] is "${python[key]}" in ${TABLES} but "${name}" in engine/protocol.ts: make them the same`);
    }
  }
  for (const key of Object.keys(python)) {
    if (!(key in HEAPBOOK_MIME)) out.push(`${TABLES} MIME has "${key}", which engine/protocol.ts HEAPBOOK_MIME lacks: add it there`);
  }
  return out;
}

describe('the MIME type names, in protocol.ts and in the Python package', () => {
  it('are the same, name for name', () => {
    const python = pythonMime(readFileSync(TABLES, 'utf8'));
    expect(Object.keys(python).length).toBeGreaterThanOrEqual(6);
    expect(differences(python)).toEqual([]);
  });

  it('fail on a name changed, added or dropped on the Python side', () => {
    const source = readFileSync(TABLES, 'utf8');
    const renamed = source.replace('"application/vnd.heapbook.graph+json"', '"application/vnd.heapbook.refgraph+json"');
    expect(renamed).not.toBe(source);
    expect(differences(pythonMime(renamed))).toEqual([
      `MIME["graph"] is "application/vnd.heapbook.refgraph+json" in ${TABLES} but "application/vnd.heapbook.graph+json" in engine/protocol.ts: make them the same`,
    ]);
    const added = source.replace(
      'MIME = {',
      'MIME = {\n    "heapModel": "application/vnd.heapbook.v8heap+json",\n    "flame": "application/vnd.heapbook.flame+json",',
    );
    expect(differences(pythonMime(added))).toEqual([
      `${TABLES} has "heapModel", which only JavaScript makes: drop it or take it off JS_ONLY here`,
      `${TABLES} MIME has "flame", which engine/protocol.ts HEAPBOOK_MIME lacks: add it there`,
    ]);
    const dropped = source.replace(/\n\s*"chart": "[^"]+",/, '');
    expect(differences(pythonMime(dropped))).toEqual([
      `${TABLES} MIME lacks "chart": "application/vnd.heapbook.chart+json" (engine/protocol.ts HEAPBOOK_MIME has it)`,
    ]);
  });

  it('says when the Python file no longer has one MIME dict', () => {
    expect(() => pythonMime('TYPES = {"table": "x"}\n')).toThrow(/expected one top-level MIME = \{\.\.\.\}, found 0/);
  });
});
