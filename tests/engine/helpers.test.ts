/**
 * The in-engine `heapbook` helpers, run in the real engine (Pyodide in a Node worker thread).
 * Each case is small enough to check by hand; cells print their facts as JSON for the assertions.
 */
import { describe, expect, it } from 'vitest';
import { HEAPBOOK_MIME, type ChartData, type EncodingData, type GraphData, type TableData } from '../../engine/protocol.ts';
import { pythonEngine, rich } from './python-cells.ts';

const { host, run, facts } = pythonEngine('h', 'import json, sys, gc\nfrom heapbook import *');

describe('sizeof and deep_sizeof', () => {
  it('deep_sizeof([1, 2, 3]) is the list plus its three ints, with a matching table', async () => {
    type Facts = { size: number; expected: number; byType: Record<string, number[]>; str: string; sum: number };
    const f = await facts<Facts>(
      `xs = [1, 2, 3]
s = deep_sizeof(xs)
print(json.dumps({"size": s, "expected": sys.getsizeof(xs) + sum(sys.getsizeof(i) for i in xs),
  "byType": {k: list(v) for k, v in s.by_type.items()}, "str": str(s), "sum": s + 1}))`,
    );
    expect(f.size).toBe(f.expected);
    expect(f.byType['list']?.[0]).toBe(1);
    expect(f.byType['int']?.[0]).toBe(3);
    expect(f.str).toBe(String(f.expected));
    expect(f.sum).toBe(f.expected + 1);

    const table = rich<TableData>(await run('deep_sizeof(xs)'), HEAPBOOK_MIME.table);
    expect(table.caption).toBe(`deep_sizeof(list): 4 objects, ${f.expected} bytes`);
    expect(table.columns.map((c) => c.key)).toEqual(['type', 'objects', 'bytes', 'share']);
    expect(table.total).toMatchObject({ objects: 4, bytes: f.expected });
    const rowBytes = table.rows.reduce((sum, row) => sum + Number(row['bytes']), 0);
    expect(rowBytes).toBe(f.expected);
    expect(table.notes.join(' ')).toMatch(/wasm32 \(Pyodide 314\.0\.7\)/);
  });

  it('counts each object of a reference cycle once', async () => {
    const f = await facts(
      `a = []; b = [a]; a.append(b)
s = deep_sizeof(a)
print(json.dumps({"size": s, "objects": s.objects, "expected": sys.getsizeof(a) + sys.getsizeof(b)}))`,
    );
    expect(f['objects']).toBe(2);
    expect(f['size']).toBe(f['expected']);
  });

  it('follows __slots__ (base classes too) and instance attributes without a __dict__ object', async () => {
    const f = await facts<Record<string, { size: number; expected: number; types: Record<string, number> }>>(
      `class Slotted:
    __slots__ = ('x', 'y')
    def __init__(self):
        self.x = [1.5]
        self.y = 'not interned text'
class Sub(Slotted):
    __slots__ = ('z',)
    def __init__(self):
        super().__init__()
        self.z = (2.5,)
class Plain:
    def __init__(self):
        self.x = [1.5]
        self.y = 'not interned text'
def expected(o, names):
    parts = [o] + [getattr(o, n) for n in names]
    parts += [item for p in parts if isinstance(p, (list, tuple)) for item in p]
    return sum(sys.getsizeof(p) for p in parts)
out = {}
for o, names in ((Slotted(), 'xy'), (Sub(), 'xyz'), (Plain(), 'xy')):
    s = deep_sizeof(o)
    out[type(o).__name__] = {"size": s, "expected": expected(o, names),
        "types": {k: v.objects for k, v in s.by_type.items()}}
print(json.dumps(out))`,
    );
    for (const name of ['Slotted', 'Sub', 'Plain']) expect(f[name]?.size).toBe(f[name]?.expected);
    expect(f['Slotted']?.types).toEqual({ '__main__.Slotted': 1, list: 1, float: 1, str: 1 });
    expect(f['Sub']?.types).toEqual({ '__main__.Sub': 1, list: 1, tuple: 1, float: 2, str: 1 });
    // CPython 3.14 keeps a plain instance's attributes inline: there is no dict to count.
    expect(f['Plain']?.types).toEqual({ '__main__.Plain': 1, list: 1, float: 1, str: 1 });
  });
});

describe('encoding', () => {
  it('picks the PEP 393 kind from the widest character and counts UTF bytes', async () => {
    type Facts = Record<string, { kind: number; name: string; utf8: number; utf16: number; utf32: number }>;
    const f = await facts<Facts>(
      `out = {}
for t in ('hello', 'héllo', 'a€', 'hi😀'):
    e = encoding(t)
    out[t] = {"kind": e.storage_kind, "name": e.storage_name, "utf8": e.utf8_bytes,
              "utf16": e.utf16_bytes, "utf32": e.utf32_bytes}
print(json.dumps(out, ensure_ascii=False))`,
    );
    expect(f['hello']).toEqual({ kind: 1, name: 'ascii', utf8: 5, utf16: 10, utf32: 20 });
    expect(f['héllo']).toMatchObject({ kind: 1, name: 'latin-1', utf8: 6 });
    expect(f['a€']).toMatchObject({ kind: 2, name: 'ucs-2', utf8: 4, utf16: 4 });
    expect(f['hi😀']).toEqual({ kind: 4, name: 'ucs-4', utf8: 6, utf16: 8, utf32: 12 });
  });

  it('shows the emoji as 4 UTF-8 bytes and a surrogate pair; sizeof grows by the kind per character', async () => {
    const data = rich<EncodingData>(await run("encoding('hi😀')"), HEAPBOOK_MIME.encoding);
    expect(data.chars[2]).toEqual({
      char: '😀',
      codePoint: 0x1f600,
      utf8: [0xf0, 0x9f, 0x98, 0x80],
      utf16: [0xd83d, 0xde00],
    });
    expect(data.dataBytes).toBe(16);
    expect(data.platform).toMatch(/^CPython 3\.14\.\d+, wasm32 \(Pyodide 314\.0\.7\)$/);

    const f = await facts<{ deltas: Record<string, number>; ascii: number; wide: number }>(
      `deltas = {}
for widest in ('a', 'é', '€', '😀'):
    deltas[widest] = encoding('a' * 10 + widest).sizeof - encoding('a' * 9 + widest).sizeof
facts = {"deltas": deltas, "ascii": encoding('hiii').sizeof, "wide": encoding('hi😀').sizeof}
print(json.dumps(facts, ensure_ascii=False))`,
    );
    expect(f.deltas).toEqual({ a: 1, é: 1, '€': 2, '😀': 4 });
    expect(f.ascii).toBeLessThan(f.wide);
  });

  it('survives lone surrogates and lists at most 64 characters', async () => {
    const lone = rich<EncodingData>(await run("encoding('x\\ud800')"), HEAPBOOK_MIME.encoding);
    expect(lone.chars[1]).toMatchObject({ codePoint: 0xd800, utf8: [0xed, 0xa0, 0x80], utf16: [0xd800] });
    expect(lone.storageName).toBe('ucs-2');
    const long = rich<EncodingData>(await run("encoding('ab' * 50)"), HEAPBOOK_MIME.encoding);
    expect(long.chars).toHaveLength(64);
    expect(long.omitted).toBe(36);
  });
});

describe('growth and most_common_types', () => {
  it('shows +100 __main__.Entry after adding 100, and nothing on a second call without changes', async () => {
    await run('class Entry:\n    pass\ncache = []\ngrowth()');
    const grown = await run('cache.extend(Entry() for _ in range(100))\ngrowth()');
    const table = rich<TableData>(grown, HEAPBOOK_MIME.table);
    expect(table.rows).toContainEqual({ type: '__main__.Entry', count: 100, delta: 100 });
    expect(table.caption).toMatch(/since the previous growth\(\) call/);
    const again = rich<TableData>(await run('growth()'), HEAPBOOK_MIME.table);
    expect(again.rows.map((r) => r['type'])).not.toContain('__main__.Entry');
  });

  it('ranks the most common tracked types', async () => {
    const table = rich<TableData>(await run('most_common_types(5)'), HEAPBOOK_MIME.table);
    expect(table.rows).toHaveLength(5);
    const counts = table.rows.map((r) => Number(r['count']));
    expect([...counts].sort((x, y) => y - x)).toEqual(counts);
    expect(Number(table.total?.['count'])).toBeGreaterThan(counts[0] ?? 0);
  });
});

describe('refs and backrefs', () => {
  it('draws a two-list cycle with both references and hand-checked refcounts', async () => {
    await run('a = []; b = [a]; a.append(b)');
    const graph = rich<GraphData>(await run('refs(a)'), HEAPBOOK_MIME.graph);
    expect(graph.caption).toBe('refs(a): 2 objects, 2 references');
    expect(graph.nodes).toHaveLength(2);
    expect(graph.nodes[0]).toMatchObject({ id: 'n0', type: 'list', label: 'list, 1 item', root: true });
    expect(graph.nodes[1]?.root).toBe(false);
    expect(graph.edges).toEqual([
      { from: 'n0', to: 'n1', label: '[0]' },
      { from: 'n1', to: 'n0', label: '[0]' },
    ]);
    // a: the name `a` and b[0]; b: the name `b` and a[0].
    expect(graph.nodes.map((node) => node.refcount)).toEqual([2, 2]);
    expect(graph.truncated).toBe(false);
  });

  it('counts a function local once, and leaves immortal small ints without a refcount', async () => {
    const f = await facts('def f():\n    x = [7]\n    return refs(x).nodes\nprint(json.dumps(f()))');
    const nodes = f as unknown as GraphData['nodes'];
    expect(nodes[0]?.refcount).toBe(1);
    expect(nodes[1]).toMatchObject({ type: 'int', label: '7', refcount: null });
  });

  it('shows the cell namespace as a referrer, labelled by variable name', async () => {
    const graph = rich<GraphData>(await run('backrefs(a)'), HEAPBOOK_MIME.graph);
    const namespace = graph.nodes.find((node) => node.label === 'cell namespace');
    expect(namespace?.type).toBe('dict');
    expect(graph.edges).toContainEqual({ from: namespace?.id, to: 'n0', label: 'a' });
    const b = graph.edges.find((e) => e.to === 'n0' && e.label === '[0]');
    expect(b).toBeDefined();
    // The cycle stays visible: a refers back to b.
    expect(graph.edges).toContainEqual({ from: 'n0', to: b?.from, label: '[0]' });
    expect(graph.nodes.some((node) => node.type === 'frame')).toBe(false);
  });

  it('labels instance attributes and stops at max_nodes, counting what it left out', async () => {
    await run('class Node:\n    def __init__(self):\n        self.items = list(range(1000, 1100))\nnode = Node()');
    const graph = rich<GraphData>(await run('refs(node, max_nodes=5)'), HEAPBOOK_MIME.graph);
    expect(graph.nodes).toHaveLength(5);
    expect(graph.nodes[0]?.type).toBe('__main__.Node');
    expect(graph.edges[0]).toEqual({ from: 'n0', to: 'n1', label: '.items' });
    expect(graph.truncated).toBe(true);
    expect(graph.nodes[1]?.omitted).toBe(97);
    const shallow = rich<GraphData>(await run('refs(node, depth=1)'), HEAPBOOK_MIME.graph);
    expect(shallow.nodes).toHaveLength(2);
    expect(shallow.nodes[1]?.omitted).toBe(100);
  });
});

describe('memory_profile', () => {
  it('charges a 100_000-int list to its line and nothing to a line that does nothing', async () => {
    type Facts = { rows: Array<Record<string, number | string | null>>; deep: number; peak: number; tools: unknown[] };
    const f = await facts<Facts>(
      `def build():
    data = list(range(100_000))
    pass
    return data
p = memory_profile(build)
print(json.dumps({"rows": p.rows, "deep": deep_sizeof(p.result), "peak": p.peak,
  "tools": [sys.monitoring.get_tool(i) for i in range(6)]}))`,
    );
    const [def, build, pass] = f.rows;
    expect(def).toMatchObject({ code: 'def build():', hits: 0, increment: null });
    expect(build).toMatchObject({ code: '    data = list(range(100_000))', hits: 1 });
    expect(Number(build?.['increment'])).toBeGreaterThan(0.95 * f.deep);
    expect(Number(build?.['increment'])).toBeLessThan(1.05 * f.deep);
    expect(pass).toMatchObject({ hits: 1, increment: 0 });
    expect(f.peak).toBeGreaterThanOrEqual(Number(build?.['increment']));
    expect(f.tools).toEqual([null, null, null, null, null, null]);
  });

  it("lets the function's exception reach the cell and frees the tool id", async () => {
    const r = await host().run({
      cellId: 'boom',
      lang: 'python',
      code: 'def boom():\n    raise ValueError("boom")\nmemory_profile(boom)',
    });
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ type: 'ValueError', message: 'boom' });
    const tools = await facts('print(json.dumps([sys.monitoring.get_tool(i) for i in range(6)]))');
    expect(tools).toEqual([null, null, null, null, null, null]);
  });

  it('shows a per-line table bundle', async () => {
    const table = rich<TableData>(await run('def small():\n    return [0] * 1000\nmemory_profile(small)'), HEAPBOOK_MIME.table);
    expect(table.columns.map((c) => [c.key, c.format])).toEqual([
      ['line', 'int'],
      ['code', 'code'],
      ['hits', 'int'],
      ['increment', 'signed-bytes'],
      ['total', 'bytes'],
    ]);
    expect(table.notes.join(' ')).toMatch(/tracemalloc.*not the process's resident memory/);
    expect(table.notes.join(' ')).toMatch(/never shrinks/);
  });
});

describe('compare', () => {
  it('finds the list peak at least 100 KB above the generator peak, and a bytearray result as net', async () => {
    const f = await facts<Record<string, { net: number; peak: number; time: number }>>(
      `c = compare(list=lambda: sum([i for i in range(10**5)]), gen=lambda: sum(i for i in range(10**5)),
            keep=lambda: bytearray(10**6), source='data = bytearray(10**5)')
print(json.dumps({r.name: {"net": r.net, "peak": r.peak, "time": r.time_ms} for r in c.rows}))`,
    );
    expect((f['list']?.peak ?? 0) - (f['gen']?.peak ?? 0)).toBeGreaterThanOrEqual(100_000);
    expect(f['keep']?.net).toBeGreaterThanOrEqual(10 ** 6);
    expect(f['keep']?.net).toBeLessThan(10 ** 6 + 1024);
    expect(f['source']?.net).toBeGreaterThanOrEqual(10 ** 5);
    expect(f['source']?.net).toBeLessThan(10 ** 5 + 4096);
    expect(f['gen']?.time).toBeGreaterThan(0);
  });

  it('returns a faceted bar chart and a table', async () => {
    const r = await run("compare(repeat=1, a=lambda: [0] * 1000, b='bytes(10)')");
    const chart = rich<ChartData>(r, HEAPBOOK_MIME.chart);
    expect(chart).toMatchObject({
      mark: 'bar',
      x: { key: 'bytes', format: 'bytes' },
      y: { key: 'candidate', format: 'text' },
      facet: { key: 'metric' },
    });
    expect(new Set(chart.rows.map((row) => row['metric']))).toEqual(new Set(['net', 'peak']));
    const table = rich<TableData>(r, HEAPBOOK_MIME.table);
    expect(table.rows.map((row) => row['candidate'])).toEqual(['a', 'b']);
  });

  it("keeps the cell's metrics peak at the true maximum although compare resets tracemalloc's peak", async () => {
    await run('gc.collect()');
    // The 8 MiB candidate runs first; the small one after it resets the peak again.
    const r = await run("compare(repeat=1, transient='len(bytearray(8 * 2**20))', small=lambda: 1)");
    expect(r.metrics?.tracedPeakBytes).toBeGreaterThanOrEqual(8 * 2 ** 20);
    expect(r.metrics?.tracedNetBytes).toBeLessThan(2 ** 20);
  });
});

describe('timeline', () => {
  it('sees the peak of an allocation that is freed before the end', async () => {
    const f = await facts<{ peak: number; last: number[]; first: number[]; n: number }>(
      `def work():
    block = bytearray(4 * 2**20)
    for i in range(3000):
        pass
    del block
    for i in range(3000):
        pass
t = timeline(work)
print(json.dumps({"peak": t.peak, "first": list(t.samples[0]), "last": list(t.samples[-1]), "n": len(t.samples)}))`,
    );
    expect(f.peak).toBeGreaterThanOrEqual(4 * 2 ** 20);
    expect(f.first[0]).toBe(0);
    expect(f.n).toBeGreaterThanOrEqual(3);
    expect(Math.abs(f.last[1] ?? Infinity)).toBeLessThan(64 * 1024);
  });

  it('charts current and peak-since-previous lines, at most 300 points each', async () => {
    const chart = rich<ChartData>(
      await run('def spin():\n    for i in range(200_000):\n        pass\ntimeline(spin, interval_ms=0.01)'),
      HEAPBOOK_MIME.chart,
    );
    expect(chart).toMatchObject({ mark: 'line', x: { key: 'ms', format: 'ms' }, y: { key: 'bytes', format: 'bytes' } });
    const series = chart.rows.map((row) => row['series']);
    expect(new Set(series)).toEqual(new Set(['current', 'peak since previous sample', 'WebAssembly memory']));
    expect(series.filter((s) => s === 'current').length).toBeLessThanOrEqual(300);
    expect(series.filter((s) => s === 'current').length).toBeGreaterThan(100);
  });
});

describe('the value bundle', () => {
  it("keeps the repr when _repr_mimebundle_ raises or returns junk, and drops types it doesn't allow", async () => {
    await run(
      `class Raises:
    def _repr_mimebundle_(self, include=None, exclude=None):
        raise RuntimeError('no')
    def __repr__(self):
        return 'Raises()'
class Junk:
    def _repr_mimebundle_(self, include=None, exclude=None):
        return ['not', 'a', 'dict']
    def __repr__(self):
        return 'Junk()'
class Offers:
    def __init__(self, table):
        self.table = table
    def _repr_mimebundle_(self, include=None, exclude=None):
        return {'text/plain': 'offered text', 'text/html': '<b>no</b>',
                'application/vnd.heapbook.table+json': self.table}`,
    );
    expect((await run('Raises()')).value).toEqual({ 'text/plain': 'Raises()' });
    expect((await run('Junk()')).value).toEqual({ 'text/plain': 'Junk()' });
    const table = { caption: 'c', columns: [], rows: [], notes: [] };
    expect((await run(`Offers(${JSON.stringify(table)})`)).value).toEqual({
      'text/plain': 'offered text',
      [HEAPBOOK_MIME.table]: table,
    });
    // Not JSON-serialisable, or larger than 2 MB serialised: the rich entry is dropped.
    expect((await run('Offers({"x": object()})')).value).toEqual({ 'text/plain': 'offered text' });
    expect((await run('Offers({"x": "y" * (3 * 2**20)})')).value).toEqual({ 'text/plain': 'offered text' });
    // A class is shown by its repr; its unbound _repr_mimebundle_ is not called.
    expect((await run('Offers')).value).toEqual({ 'text/plain': "<class '__main__.Offers'>" });
  });
});
