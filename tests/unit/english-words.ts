/** Finds English a reader would read in a view tree of a Chinese page (tests only). */
import { expect } from 'vitest';
import type { ViewChild } from '../../src/shared/view-node.ts';

/**
 * Names the Chinese text keeps as they are, as the zh-cn chapters do: products, languages, APIs,
 * units, and the terms the chapters leave untranslated (worker, arena, pool).
 */
const KEPT = new Set(
  [
    'Python',
    'CPython',
    'Pyodide',
    'JavaScript',
    'WebAssembly',
    'wasm',
    'wasm32',
    'V8',
    'Node',
    'Chromium',
    'Linux',
    'NumPy',
    'numpy',
    'tracemalloc',
    'heapbook',
    'worker',
    'Worker',
    'Web',
    'Lock',
    'Promise',
    'rejected',
    'KeyboardInterrupt',
    'GiB',
    'MiB',
    'KiB',
    'B',
    'ms',
    's',
    'UTF',
    'CPython',
    'NUL',
    'arena',
    'pymalloc',
    'Scavenge',
    'gc',
    'ascii',
    'latin',
    'ucs',
    'from',
    'to',
    'x86_64',
    'bit',
    'PEP',
    'RSS',
    'malloc',
    'sys',
    'Enter',
    // Python's own names, which the chapters write as code: types and constants.
    'int',
    'str',
    'bytes',
    'float',
    'bool',
    'list',
    'tuple',
    'dict',
    'set',
    'frozenset',
    'deque',
    'object',
    'None',
    'True',
    'False',
  ].map((w) => w.toLowerCase()),
);

/** The reader's text of a view: everything outside `<pre>` and `<code>` (code, printed output and values). */
export function prose(node: ViewChild): string {
  if (typeof node === 'string') return node;
  if (node.tag === 'pre' || node.tag === 'code') return ' ';
  const own = ['title', 'aria-label'].map((a) => node.attrs?.[a] ?? '').join(' ');
  return `${own} ${node.children.map(prose).join('')} `;
}

/** English words left in a text once values are taken out: quoted names, calls, dotted names, numbers. */
export function englishWords(text: string, values: Iterable<string> = []): string[] {
  const own = new Set([...values].flatMap((v) => v.toLowerCase().split(/[^a-z_]+/)));
  const stripped = text
    .replace(/“[^”]*”|"[^"]*"|`[^`]*`|(?<![A-Za-z])'[^']+'(?![A-Za-z])/g, ' ') // quoted names and values
    .replace(/\b\w*_\w*\b/g, ' ') // snake_case names: deep_sizeof, max_depth, __slots__
    .replace(/--[\w-]+/g, ' ') // command-line flags: --always-promote-young-mc
    .replace(/\bU\+[0-9A-F]+/g, ' ') // code points
    .replace(/[\w.]+\(\)/g, ' ') // calls: sys.getsizeof(), close()
    .replace(/\b\w+ = |\b\w+: (?:true|false)\b/g, ' ') // code in a sentence: name = "Ada", steal: true
    .replace(/\b[a-z]+[A-Z]\w*\b/g, ' ') // camelCase API names: measureUserAgentSpecificMemory
    .replace(/\b(?:[A-Z][a-z]+){2,}\b/g, ' ') // exception and class names: SecurityError, KeyboardInterrupt
    .replace(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g, ' ') // error codes: ERR_WORKER_OUT_OF_MEMORY
    .replace(/\b\w+(?:\.\w+)+\b/g, ' ') // dotted names and versions: navigator.locks, 3.14.2
    .replace(/\.\w+/g, ' ') // attribute access: .items
    .replace(/#\|[^；。]*/g, ' ') // an option line as typed
    .replace(/\b[\w-]*\d[\w-]*\b/g, ' '); // anything with a digit: 64-bit, x86_64, sha256
  // One letter is a value or a name (a character of a string, C), never a word a reader reads.
  return (stripped.match(/[A-Za-z][A-Za-z'-]+/g) ?? []).filter((w) => !KEPT.has(w.toLowerCase()) && !own.has(w.toLowerCase()));
}

export function expectChinese(label: string, text: string, values: Iterable<string> = []): void {
  expect(englishWords(text, values), `${label}: ${text}`).toEqual([]);
  expect(text, label).toMatch(/[\u4e00-\u9fff]/);
}
