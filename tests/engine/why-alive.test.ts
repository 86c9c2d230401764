/**
 * why_alive(), left_behind() and timeline's WebAssembly series, run in the real engine (Pyodide in
 * a Node worker thread). Cells print their facts as JSON for the assertions.
 */
import { describe, expect, it } from 'vitest';
import { HEAPBOOK_MIME, type ChartData, type GraphData, type TableData } from '../../engine/protocol.ts';
import { pythonEngine, rich } from './python-cells.ts';

const { run, facts } = pythonEngine('w', 'import json, sys, gc, types, time\nfrom heapbook import why_alive, left_behind, timeline');

type Answer = {
  chains: string[][];
  roots: string[];
  own: string[];
  truncated: boolean;
  answer: string;
  visited: number;
  ms: number;
};
const ANSWER = `print(json.dumps({"chains": w.chains, "roots": w.roots, "own": w.own_names,
  "truncated": w.truncated, "answer": w.answer, "visited": w.visited, "ms": w.elapsed_ms}))`;

describe('why_alive', () => {
  it('says, as refs() does, that reading attribute names through __dict__ can create the dict', async () => {
    const note =
      "Attribute names were read through __dict__, which on CPython 3.13+ creates an instance's dict object if it did not exist yet.";
    await run('class Box: pass\nouter = Box(); outer.inner = Box()');
    const refs = rich<GraphData>(await run('import heapbook\nheapbook.refs(outer)'), HEAPBOOK_MIME.graph);
    expect(refs.notes).toContain(note);
    const why = rich<GraphData>(await run('why_alive(outer.inner)'), HEAPBOOK_MIME.graph);
    expect(why.notes).toContain(note);
    // A walk that met no instance says nothing of dicts.
    const plain = rich<GraphData>(await run('heapbook.refs([[1], [2]])'), HEAPBOOK_MIME.graph);
    expect(plain.notes.join(' ')).not.toContain('__dict__');
  });

  it('finds module → dict → list → object, with the key and the index on the edges', async () => {
    const f = await facts<Answer>(
      `mod = types.ModuleType("shelf"); sys.modules["shelf"] = mod
class Thing: pass
mod.held = [None, Thing()]
w = why_alive(mod.held[1])
${ANSWER}`,
    );
    expect(f.chains).toEqual([['module', '.__dict__', 'dict', "['held']", 'list', '[1]', '__main__.Thing']]);
    expect(f.roots).toEqual(['module shelf']);
    expect(f.own).toEqual([]);
    expect(f.truncated).toBe(false);
    expect(f.answer).toBe('1 chain of references from a root keeps it alive; the shortest has 3 references.');

    const graph = rich<GraphData>(await run('why_alive(mod.held[1])'), HEAPBOOK_MIME.graph);
    expect(graph.nodes.map((node) => node.type)).toEqual(['module', 'dict', 'list', '__main__.Thing']);
    expect(graph.nodes.map((node) => node.label)).toEqual(['module shelf', 'globals of shelf', 'list, 2 items', 'Thing object']);
    expect(graph.nodes.at(-1)?.root).toBe(true);
    expect(graph.nodes[2]?.size).toBeGreaterThan(0);
    expect(graph.edges.map((e) => e.label)).toEqual(['.__dict__', "['held']", '[1]']);
    // The list is held by the module's dict only (the helper's own references are not counted).
    expect(graph.nodes[2]?.refcount).toBe(1);
    expect(graph.caption).toMatch(/^why_alive\(__main__\.Thing\): 1 chain from a root\. 1 chain of references/);
  });

  it('says that nothing but the cell’s own name keeps an object alive', async () => {
    const f = await facts<Answer>(`solo = Thing()\nw = why_alive(solo)\n${ANSWER}`);
    expect(f.chains).toEqual([]);
    expect(f.own).toEqual(['solo']);
    expect(f.answer).toBe(
      "Nothing keeps it alive but this cell's own reference: the name `solo` in the page namespace. Delete the name and it is freed.",
    );
    const temp = await facts<Answer>(`w = why_alive(Thing())\n${ANSWER}`);
    expect(temp.answer).toBe(
      "Nothing keeps it alive but this cell's own reference: no object refers to it, so it is freed as soon as the cell stops using it.",
    );
    const graph = rich<GraphData>(await run('why_alive(solo)'), HEAPBOOK_MIME.graph);
    expect(graph.edges).toEqual([{ from: 'n0', to: 'n1', label: 'solo' }]);
    expect(graph.nodes[0]?.label).toBe('cell namespace');
  });

  it('follows the page namespace, a class, an instance attribute and a live frame', async () => {
    const f = await facts<{ log: Answer; cls: Answer; attr: Answer; frame: Answer }>(
      `log = [{"id": i} for i in range(3)]
class Registry:
    entries = {"k": [Thing()]}
class Holder:
    def __init__(self):
        self.items = [Thing()]
holder = Holder()
def local():
    kept = Thing()
    return why_alive(kept)
out = {}
for key, w in (("log", why_alive(log[2])), ("cls", why_alive(Registry.entries["k"][0])),
               ("attr", why_alive(holder.items[0])), ("frame", local())):
    out[key] = {"chains": w.chains, "roots": w.roots, "own": w.own_names, "truncated": w.truncated,
                "answer": w.answer, "visited": w.visited, "ms": w.elapsed_ms}
print(json.dumps(out))`,
    );
    expect(f.log.chains).toEqual([['dict', 'log', 'list', '[2]', 'dict']]);
    expect(f.log.roots).toEqual(['cell namespace']);
    expect(f.cls.chains[0]).toEqual(['type', '.__dict__', 'dict', "['entries']", 'dict', "['k']", 'list', '[0]', '__main__.Thing']);
    expect(f.cls.roots).toEqual(['class __main__.Registry']);
    expect(f.attr.chains[0]).toEqual(['dict', 'holder', '__main__.Holder', '.items', 'list', '[0]', '__main__.Thing']);
    expect(f.frame.chains).toEqual([['frame', 'kept', '__main__.Thing']]);
    expect(f.frame.roots[0]).toMatch(/^frame of local, line 10$/);
  });

  it('says when only a cycle that no root reaches holds an object', async () => {
    const f = await facts<Answer>(
      `ring = [[]]; ring[0].append(ring)
inner = ring[0]; del ring
w = why_alive(inner)
${ANSWER}`,
    );
    expect(f.chains).toEqual([]);
    expect(f.own).toEqual(['inner']);
    expect(f.visited).toBe(1);
    expect(f.answer).toBe(
      "Nothing keeps it alive but this cell's own reference, the name `inner` in the page namespace; besides that, " +
        '1 object refers to it, directly or through each other, but no root (the page namespace, a module, a class, ' +
        'a live frame) reaches them: only a reference cycle holds it, and the cyclic collector frees it at its next pass (gc.collect()).',
    );
    const alone = await facts<Answer>(
      `def orphan():
    a = []; b = [a]; a.append(b)
    return a
w = why_alive(orphan())
${ANSWER}`,
    );
    expect(alone.answer).toMatch(/^No root keeps it alive: 1 object refers to it, directly or through each other/);
  });

  it('stops on a 200,000-object heap within its limits and says it was truncated', async () => {
    // 200,000 small lists on the heap, and the object at the end of a chain 500 lists long.
    const deep = await facts<Answer>(
      `heap = [[i] for i in range(200_000)]
far = Thing()
head = [far]
for _ in range(500):
    head = [head]
w = why_alive(far)
${ANSWER}`,
    );
    expect(deep.truncated).toBe(true);
    expect(deep.chains).toEqual([]);
    expect(deep.own).toEqual(['far']);
    expect(deep.answer).toBe(
      'No chain from a root was found within the limits: the search stopped because it reached max_depth=20 references. ' +
        'Raise max_depth or max_visited to look further.',
    );
    expect(deep.ms).toBeLessThan(5_000);
    // 200,000 lists that each hold the object: the first level alone passes max_visited.
    const wide = await facts<Answer>(
      `shared = Thing()
holders = [[shared] for _ in range(200_000)]
w = why_alive(shared, max_visited=1_000)
${ANSWER}`,
    );
    expect(wide.truncated).toBe(true);
    expect(wide.visited).toBe(1_000);
    expect(wide.answer).toMatch(/it had visited max_visited=1,000 objects/);
    expect(wide.ms).toBeLessThan(5_000);
    await run('del heap, head, far, holders');
  });
});

describe('left_behind', () => {
  it('counts 10,000 dicts on their line, with their bytes, and not what the block freed', async () => {
    type Facts = {
      count: number;
      bytes: number;
      one: number;
      line: { count: number; bytes: number; code: string };
      lines: number[];
      total: number;
      lists: number;
      ms: number;
    };
    const f = await facts<Facts>(
      `old = [{"x": i} for i in range(5_000)]
t0 = time.perf_counter()
with left_behind() as diff:
    temp = [{"t": i} for i in range(3_000)]
    del temp
    records = []
    for i in range(10_000):
        records.append({"id": i})
    del old
ms = (time.perf_counter() - t0) * 1000
row = diff.by_line[8]
print(json.dumps({"count": diff.by_type["dict"].count, "bytes": diff.by_type["dict"].bytes,
  "one": sys.getsizeof({"id": 1}), "line": {"count": row.count, "bytes": row.bytes, "code": row.code},
  "lines": sorted(diff.by_line), "total": diff.total_bytes, "lists": diff.by_type["list"].count, "ms": ms}))`,
    );
    // Exactly the 10,000 records: the 3,000 made and freed inside and the 5,000 freed are not counted.
    expect(f.count).toBe(10_000);
    expect(f.bytes).toBe(10_000 * f.one);
    expect(f.lists).toBe(1);
    // Line 8 allocated the dicts, and nothing else that stayed: their count and bytes exactly.
    expect(f.line).toEqual({ count: 10_000, bytes: 10_000 * f.one, code: 'records.append({"id": i})' });
    // The list on line 6 and the ids made by the loop on line 7 (ints above 256 are new objects).
    expect(f.lines).toEqual([6, 7, 8]);
    expect(f.total).toBeGreaterThan(f.bytes);
    expect(f.total).toBeLessThan(1.5 * f.bytes);
    expect(f.ms).toBeLessThan(30_000);
  });

  it('shows a bar chart by line and a table by type as the cell value', async () => {
    const r = await run('diff');
    const chart = rich<ChartData>(r, HEAPBOOK_MIME.chart);
    expect(chart.mark).toBe('bar');
    expect(chart.rows.map((row) => row['line'])).toContain('line 8: records.append({"id": i})');
    const table = rich<TableData>(r, HEAPBOOK_MIME.table);
    expect(table.rows[0]).toMatchObject({ type: 'dict', count: 10_000 });
    expect(table.caption).toMatch(/^left_behind\(\): [\d,]+ objects, [\d,]+ bytes, still alive after the block$/);
    expect(table.notes.join(' ')).toMatch(/Objects made and freed inside the block are not counted/);
    const text = r.value?.['text/plain'] ?? '';
    expect(text).toMatch(/dict\s+10,000/);
  });
});

describe('timeline on the engine', () => {
  it('charts the WebAssembly memory beside the traced bytes, and it never falls', async () => {
    const f = await facts<{ wasm: Array<number | null>; growth: number; current: number[] }>(
      `def churn():
    block = bytearray(96 * 2**20)
    for i in range(2000):
        pass
    del block
    for i in range(2000):
        pass
t = timeline(churn)
print(json.dumps({"wasm": [s.wasm for s in t.samples], "growth": t.wasm_growth,
  "current": [s.current for s in t.samples]}))`,
    );
    expect(f.wasm.every((w) => typeof w === 'number')).toBe(true);
    const wasm = f.wasm as number[];
    for (let i = 1; i < wasm.length; i++) expect(wasm[i], `sample ${i} of ${JSON.stringify(wasm)}`).toBeGreaterThanOrEqual(wasm[i - 1]!);
    // Traced bytes fall back after the block is freed; the linear memory stays where it went.
    expect(Math.max(...f.current)).toBeGreaterThanOrEqual(96 * 2 ** 20);
    expect(f.current.at(-1)!).toBeLessThan(1 * 2 ** 20);
    expect(wasm.at(-1)).toBe(f.growth);
    expect(f.growth).toBeGreaterThan(0);
    const chart = rich<ChartData>(await run('t'), HEAPBOOK_MIME.chart);
    const series = new Set(chart.rows.map((row) => row['series']));
    expect(series).toEqual(new Set(['current', 'peak since previous sample', 'WebAssembly memory']));
    expect(chart.notes.join(' ')).toMatch(/WebAssembly memory: the engine's linear memory above its size at the start/);
  });
});
