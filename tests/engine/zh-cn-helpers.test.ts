/**
 * Every helper of the `heapbook` package, run in the real engine (Pyodide in a Node worker thread)
 * and drawn as a Chinese page draws it (the build's renderers with zh-CN tools): captions, notes,
 * column labels, legend values, node labels and step texts are Chinese, and the same value drawn
 * for an English page keeps its English, so one cached result serves both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderTools } from '../../src/build/build-render-tools.ts';
import { renderValue } from '../../src/lib/render/render-value.ts';
import type { EngineHost } from '../../workers/engine-host.ts';
import { createNodeEngine } from '../../workers/node-engine.ts';
import type { MimeBundle, RunResult } from '../../workers/protocol.ts';
import { englishWords, expectChinese, prose } from '../unit/english-words.ts';

let engine: EngineHost;
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
afterAll(() => engine.dispose());

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
  pymalloc_model: 'm = pymalloc_model(); h = m.alloc(300, 32); m.alloc(2, 1000); m.free_every(2); m.keep_every(3); h2 = m.alloc(3, 64); m.free(h2[0]); m.free_all(); m',
  broadcast: 'broadcast((3, 1), (4,))',
  'broadcast (a conflict)': 'broadcast(a=(3, 2), b=(4,))',
};

/**
 * The values a helper's picture shows as they are: names from the cell's code, and the type names
 * of the objects it measured (`list`, `__main__.Node`), wherever the payload names a type.
 */
function valuesOf(code: string, bundle: MimeBundle): string[] {
  // Python's keywords are English words a leftover sentence could hold: they are not values.
  const keywords = new Set(['import', 'from', 'as', 'class', 'def', 'return', 'with', 'for', 'in', 'del', 'lambda', 'if', 'else', 'not', 'and', 'or', 'is']);
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
      const lines = `${SETUP}\n${code}`.split('\n').map((l) => l.trim()).filter(Boolean);
      const zh = lines.reduce((text, line) => text.replaceAll(line, ' '), await draw(bundle!, 'zh-CN'));
      expectChinese(helper, zh, valuesOf(code, bundle!));
      expect(englishWords(await draw(bundle!, 'en')).length, `${helper} in English`).toBeGreaterThan(3);
    });
  }
});
