/**
 * The pymalloc helpers in the real engine (Pyodide in a Node worker thread): the model's
 * invariants after every step, when arenas go back to the OS, its data as the renderer draws it,
 * and what the engine itself says about pymalloc (nothing: it is built without it).
 */
import { describe, expect, it } from 'vitest';
import { HEAPBOOK_MIME, type PymallocData } from '../../engine/protocol.ts';
import { renderPymalloc } from '../../src/shared/render/pymalloc-view.ts';
import { renderText } from '../../src/i18n/index.ts';
import { findAll, textOf } from '../unit/view-html.ts';
import { pythonEngine, stdout } from './python-cells.ts';

const { attempt: run, facts } = pythonEngine(
  'p',
  'import json, sys\nfrom heapbook import pymalloc_model, malloc_stats\nfrom heapbook._pymalloc import parse_debugmallocstats',
);

/** 512-byte blocks: 31 to a pool, 64 pools (1,984 blocks) to an arena. */
const PER_ARENA = 31 * 64;

describe('pymalloc model', () => {
  it('keeps its invariants through random allocations and frees of every size', async () => {
    const f = await facts<{ checks: number; steps: number; last: Record<string, number> }>(`
import random
rng = random.Random(15)
m = pymalloc_model()
checks = 0
for _ in range(120):
    if rng.random() < 0.55 or not m.handles:
        m.alloc(rng.randint(1, 400), rng.randint(0, 700))
    else:
        m.free(rng.sample(m.handles, min(len(m.handles), rng.randint(1, 600))))
    checks += m.check()
    c = m.counters()
    assert c["allocatedBlocks"] == len(m.handles), (c, len(m.handles))
    assert c["blocksInUse"] == sum(row["used"] for row in m.classes())
    assert c["bytesInUse"] == sum(row["used"] * row["size"] for row in m.classes())
print(json.dumps({"checks": checks, "steps": len(m.data()["frames"]), "last": m.counters()}))`);
    expect(f.checks).toBe(120);
    expect(f.steps).toBe(36); // 24 first + 12 last frames kept
    expect(f.last['arenasAllocatedTotal']! - f.last['arenasReleased']!).toBe(f.last['arenas']);
  });

  it('serves a size class from 16-byte classes: 1 to 16 bytes share a block, 17 needs the next', async () => {
    const f = await facts<Array<[number, number]>>(`
m = pymalloc_model()
for size in (1, 16, 17, 500, 512):
    m.alloc(1, size)
print(json.dumps([[c["size"], c["used"]] for c in m.classes()]))`);
    expect(f).toEqual([
      [16, 2],
      [32, 1],
      [512, 2],
    ]);
  });

  it('sends 0 bytes and requests over 512 bytes to the raw allocator, counted but not in pools', async () => {
    const f = await facts(`
m = pymalloc_model()
m.alloc(3, 513); m.alloc(2, 0); m.alloc(1, 64)
print(json.dumps(m.counters()))`);
    expect(f).toMatchObject({ rawBlocks: 5, rawBytes: 1539, blocksInUse: 1, allocatedBlocks: 6, arenas: 1 });
  });

  it('releases an arena only when all its pools are empty, and keeps the last empty one', async () => {
    const f = await facts<Record<string, Record<string, number>>>(`
m = pymalloc_model()
m.alloc(3 * ${PER_ARENA}, 512)
full = m.counters()
m.keep_every(31)                       # one block survives in every pool
fragmented = m.counters()
m.check()
m.free_all()
emptied = m.counters()
m.check()
print(json.dumps({"full": full, "fragmented": fragmented, "emptied": emptied}))`);
    expect(f['full']).toMatchObject({ arenas: 3, poolsFull: 192, poolsNeverUsed: 0, blocksInUse: 3 * PER_ARENA });
    // 96 % of the blocks are free, yet no pool is empty: not one arena can go back.
    expect(f['fragmented']).toMatchObject({ arenas: 3, arenasReleased: 0, blocksInUse: 192, freeBlocks: 192 * 30, poolsEmpty: 0 });
    // Everything freed: two arenas go back to the OS, CPython keeps the last usable one.
    expect(f['emptied']).toMatchObject({ arenas: 1, arenasReleased: 2, blocksInUse: 0, poolsEmpty: 64 });
  });

  it('frees every k-th block, reuses freed blocks first, and takes the fullest arena for a new pool', async () => {
    const f = await facts(`
m = pymalloc_model()
first = m.alloc(62, 512)               # two full pools
m.free_every(2)                        # the 2nd, 4th, ... block: 31 freed
after_free = m.counters()
again = m.alloc(31, 512)
after_alloc = m.counters()
m.check()
print(json.dumps({"freed": after_free["freeBlocks"], "inUse": after_free["blocksInUse"],
                  "poolsAfter": after_alloc["poolsFull"], "untouched": after_alloc["untouchedBlocks"]}))`);
    // The 31 new blocks filled the freed ones; no third pool was carved.
    expect(f).toEqual({ freed: 31, inUse: 31, poolsAfter: 2, untouched: 0 });
  });

  it('says what to change on a bad call', async () => {
    for (const [code, message] of [
      ['pymalloc_model().alloc(0, 16)', /n is the number of blocks, a positive int, not 0/],
      ['pymalloc_model().alloc(1, -1)', /size is a number of bytes, an int >= 0, not -1/],
      ['pymalloc_model().free([12345])', /1 handle\(s\) are not allocated blocks \(first: 12345\)/],
      ['pymalloc_model().free_every(0)', /k is a positive int/],
      ['pymalloc_model().alloc(300_000, 16)', /at most 200,000 blocks per call/],
    ] as const) {
      const r = await run(code);
      expect(r.status).toBe('error');
      expect(r.error?.type).toBe('ValueError');
      expect(r.error?.message).toMatch(message);
    }
  });

  it('shows as the pymalloc picture: one frame per step, labelled a model of CPython 3.14', async () => {
    const r = await run(`m = pymalloc_model()\nhs = m.alloc(100, 48)\nm.free(hs[:50])\nm`);
    expect(r.status).toBe('ok');
    const data = r.value?.[HEAPBOOK_MIME.pymalloc] as PymallocData;
    expect(data.source).toBe('model');
    expect(data.label).toBe('CPython 3.14, 64-bit');
    expect(data.config).toEqual({
      alignment: 16,
      threshold: 512,
      poolSize: 16384,
      arenaSize: 1048576,
      poolOverhead: 48,
      poolsPerArena: 64,
    });
    expect(data.frames.map((f) => f.step)).toEqual([
      'a new model: no arenas yet',
      'alloc(100, 48): 100 blocks from size class 48 B',
      'free(): 50 blocks',
    ]);
    expect(data.frames[2]!.arenas![0]!.pools).toEqual([{ size: 48, used: 50, free: 50, untouched: 240 }]);
    const view = renderPymalloc(data, { text: renderText('en') });
    expect(textOf(view.children[0]!)).toMatch(/^A model of CPython's small-object allocator \(CPython 3\.14, 64-bit\), not this engine$/);
    expect(findAll(view, 'svg')).toHaveLength(3); // the legend and two steps: the empty start is not drawn
    expect(r.value?.['text/plain']).toMatch(/a model of CPython's small-object allocator, not this engine/);
  });
});

describe('pymalloc in this engine', () => {
  it('has none: no size classes in sys._debugmallocstats(), no blocks, no picture', async () => {
    const r = await run(`s = malloc_stats()\nprint(json.dumps({"pymalloc": s.pymalloc, "blocks": sys.getallocatedblocks()}))\ns`);
    expect(r.status).toBe('ok');
    expect(JSON.parse(stdout(r).trim().split('\n')[0]!)).toEqual({ pymalloc: false, blocks: 0 });
    expect(Object.keys(r.value ?? {})).toEqual(['text/plain']);
    expect(r.value?.['text/plain']).toMatch(/no pymalloc here/);
  });

  it("parses a native CPython's report into size classes and arena counters", async () => {
    const f = await facts(`
text = """Small block threshold = 512, in 32 size classes.

class   size   num pools   blocks in use  avail blocks
-----   ----   ---------   -------------  ------------
    0     16           1             106           915
    1     32           3            1148           382
   31    512           2              50            12

# arenas allocated total           =                    4
# arenas reclaimed                 =                    1
# arenas highwater mark            =                    4
# arenas allocated current         =                    3
3 arenas * 1048576 bytes/arena     =            3,145,728

# bytes in allocated blocks        =            3,494,144
18 unused pools * 16384 bytes      =              294,912
"""
p = parse_debugmallocstats(text)
print(json.dumps({"pymalloc": p["pymalloc"], "threshold": p["threshold"], "sizes": [c["size"] for c in p["classes"]], "counters": p["counters"]}))`);
    expect(f).toEqual({
      pymalloc: true,
      threshold: 512,
      sizes: [16, 32, 512],
      counters: {
        arenasAllocatedTotal: 4,
        arenasReleased: 1,
        arenasHighwater: 4,
        arenas: 3,
        bytesInUse: 3494144,
        poolsEmpty: 18,
        blocksInUse: 1304,
        availableBlocks: 1309,
        pools: 6,
        arenaBytes: 3145728,
      },
    });
  });
});
