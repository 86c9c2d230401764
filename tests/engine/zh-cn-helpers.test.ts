/**
 * Every helper of the `heapbook` package, run in the real engine (Pyodide in a Node worker thread)
 * and drawn as a Chinese page draws it (the build's renderers with zh-CN tools): captions, notes,
 * column labels, legend values, node labels and step texts are Chinese, and the same value drawn
 * for an English page keeps its English, so one cached result serves both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderTools } from '../../src/build/build-render-tools.ts';
import { renderValue } from '../../src/shared/render/render-value.ts';
import type { EngineHost } from '../../engine/host/engine-host.ts';
import { createNodeJsEngine } from '../../engine/js/node-engine.ts';
import { createNodeEngine } from '../../engine/python/node-engine.ts';
import type { MimeBundle, RunResult } from '../../engine/protocol.ts';
import { englishWords, expectChinese, prose } from '../unit/english-words.ts';

let engine: EngineHost;
let jsEngine: EngineHost;
let n = 0;

async function run(code: string): Promise<RunResult> {
  const result = await engine.run({ cellId: `z${++n}`, lang: 'python', code });
  if (result.status !== 'ok') throw new Error(`cell failed: ${JSON.stringify(result.error)}\n${code}`);
  return result;
}

const SETUP = `import gc, sys
from heapbook import *
class Node:
    def __init__(self):
        self.items = [1, 2, 3]
        self.me = self
node = Node()
def build():
    xs = [0] * 10_000
    ys = list(range(1000))
    return len(xs) + len(ys)
with left_behind() as diff:
    kept = [{"id": i} for i in range(100)]`;

beforeAll(async () => {
  engine = createNodeEngine();
  await engine.start();
  await run(SETUP);
}, 120_000);
afterAll(() => {
  engine.dispose();
  jsEngine?.dispose();
});

/** Each helper's call, as a chapter makes it. */
const CALLS: Record<string, string> = {
  sizeof: 'sizeof(node)',
  deep_sizeof: 'deep_sizeof(node)',
  encoding: 'encoding("héllo, 世界 🐍")',
  growth: 'growth(); kept2 = [Node() for _ in range(10)]; growth()',
  most_common_types: 'most_common_types(5)',
  refs: 'refs(node)',
  backrefs: 'backrefs(node.items)',
  why_alive: 'why_alive(node.items)',
  'why_alive (a cycle)': 'cyc = []; cyc.append(cyc); w = why_alive(cyc); del cyc; w',
  compare: 'compare(listed=lambda: [i for i in range(10_000)], summed=lambda: sum(range(10_000)), repeat=2)',
  timeline: 'timeline(build)',
  memory_profile: 'memory_profile(build)',
  left_behind: 'diff',
  pymalloc_model:
    'm = pymalloc_model(); h = m.alloc(300, 32); m.alloc(2, 1000); m.free_every(2); m.keep_every(3); h2 = m.alloc(3, 64); m.free(h2[0]); m.free_all(); m',
  broadcast: 'broadcast((3, 1), (4,))',
  'broadcast (a conflict)': 'broadcast(a=(3, 2), b=(4,))',
};

/**
 * The values a helper's picture shows as they are: names from the cell's code, and the type names
 * of the objects it measured (`list`, `__main__.Node`), wherever the payload names a type.
 */
function valuesOf(code: string, bundle: MimeBundle): string[] {
  // Python's keywords are English words a leftover sentence could hold: they are not values.
  const keywords = new Set([
    'import',
    'from',
    'as',
    'class',
    'def',
    'return',
    'with',
    'for',
    'in',
    'del',
    'lambda',
    'if',
    'else',
    'not',
    'and',
    'or',
    'is',
  ]);
  const found = [...`${SETUP}\n${code}`.matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]).filter((w) => !keywords.has(w));
  const walk = (v: unknown, key: string | null): void => {
    if (typeof v === 'string' && key !== null && ['type', 'candidate', 'operand'].includes(key)) found.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  for (const [type, data] of Object.entries(bundle)) if (type !== 'text/plain') walk(data, null);
  return found;
}

async function draw(bundle: MimeBundle, lang: string): Promise<string> {
  return prose(await renderValue(bundle, buildRenderTools(lang)));
}

describe('the helpers on a zh-CN page', () => {
  for (const [helper, code] of Object.entries(CALLS)) {
    it(`${helper}: Chinese around the figures, English on an English page`, async () => {
      const r = await run(code);
      const bundle = r.value;
      expect(bundle, helper).not.toBeNull();
      expect(Object.keys(bundle!).length, `${helper} offers a rich type`).toBeGreaterThan(1);
      // A line of the cell's code, quoted in a chart's label (left_behind), is code.
      const lines = `${SETUP}\n${code}`
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const zh = lines.reduce((text, line) => text.replaceAll(line, ' '), await draw(bundle!, 'zh-CN'));
      expectChinese(helper, zh, valuesOf(code, bundle!));
      expect(englishWords(await draw(bundle!, 'en')).length, `${helper} in English`).toBeGreaterThan(3);
    });
  }
});

/** The JavaScript cells' helpers: the V8 heap model's steps and notes, and Node's heap spaces. */
const JS_CALLS: Record<string, string> = {
  'heapModel (steps)': `const m = heapbook.heapModel({ semiSpace: 2048, page: 2048, largeObject: 1024 });
const kept = m.allocate(512, { name: 'kept', hold: true });
m.allocate(1500, { name: 'big' });
const other = m.allocate(256);
m.link(kept, other); m.unlink(kept, other);
m.hold('again', other); m.scavenge(); m.drop('again');
m.run(4, (heap, i) => { heap.allocate(700, { name: 'tmp' + i }); });
m.markSweep(); m.compact();
m`,
  'heapModel (a limit)': `const m = heapbook.heapModel({ semiSpace: 1024, page: 1024, largeObject: 512, oldSpaceLimit: 2048 });
m.run(12, (heap, i) => { heap.allocate(600, { name: 'n' + i, hold: true }); if (i % 2) heap.drop('n' + (i - 1)); });
m`,
  heapSpaces: 'heapbook.heapSpaces()',
};

describe('the JavaScript helpers on a zh-CN page', () => {
  beforeAll(async () => {
    jsEngine = createNodeJsEngine();
    await jsEngine.start();
  }, 120_000);

  for (const [helper, code] of Object.entries(JS_CALLS)) {
    it(`${helper}: Chinese around the figures, English on an English page`, async () => {
      const r = await jsEngine.run({ cellId: `j${++n}`, lang: 'javascript', code });
      if (r.status !== 'ok') throw new Error(`cell failed: ${JSON.stringify(r.error)}`);
      const bundle = r.value!;
      expect(Object.keys(bundle).length, `${helper} offers a rich type`).toBeGreaterThan(1);
      // Object names the cell gave ('kept', 'tmp0') and V8's space names are values.
      const values = [...code.matchAll(/'(\w+)'/g)]
        .map((m) => m[1]!)
        .concat(['new_space', 'old_space', 'code_space', 'large_object_space']);
      expectChinese(helper, await draw(bundle, 'zh-CN'), values);
      expect(englishWords(await draw(bundle, 'en')).length, `${helper} in English`).toBeGreaterThan(3);
    });
  }
});
