/**
 * A model of V8's generational heap, as V8's authors have described it (the "Orinoco" and
 * "Trash talk" posts on v8.dev, and V8's heap sources): a young generation of two semi-spaces
 * collected by a copying scavenger, an old generation of pages collected by mark-sweep and
 * mark-compact, and a large-object space of one object per page. It is a model, not V8: objects are
 * sizes and references that a JavaScript cell declares, and only names the cell holds are roots.
 *
 * Why it looks like this:
 * - It runs inside the JavaScript worker, in Node at build and in a Web Worker in the browser, with
 *   Node's type stripping: no enums, namespaces or parameter properties, no DOM, no Node APIs.
 * - Every public operation records a frame (the whole layout and the counters), because the
 *   picture is the point. Frames are capped (the first and the last ones are kept) so a cell that
 *   runs thousands of cycles stays cheap; `run()` records one frame per cycle.
 * - What it shows must be explainable: each collection is a few lines of plain code, in the order
 *   V8 does the work, and the places where the model simplifies are listed in NOTES.
 */
import {
  HEAPBOOK_MIME,
  MIME_KEY,
  type HeapModelBlock,
  type HeapModelConfig,
  type HeapModelCounters,
  type HeapModelData,
  type HeapModelEvent,
  type HeapModelFrame,
  type HeapModelPage,
  type HeapModelSpace,
  type HeapModelStale,
  type HeapModelStepKind,
  type MimeBundle,
} from '../protocol.ts';

/** Settings of a model heap; every size is in bytes. */
export interface HeapModelOptions {
  /** Size of each of the two semi-spaces of the young generation (default 16 KiB). */
  semiSpace?: number;
  /** Size of an old-space page (default 16 KiB). */
  page?: number;
  /** Objects larger than this go to the large-object space (default 4 KiB). */
  largeObject?: number;
  /** Old generation bytes (old and large-object space) above which an allocation first runs a mark-compact; null: never (default). */
  oldSpaceLimit?: number | null;
  /** `compact()` evacuates old pages filled to less than this fraction (default 0.5). */
  compactBelow?: number;
  /** Frames kept from the start (default 40) and from the end (default 20); the others are counted. */
  keepFirstFrames?: number;
  keepLastFrames?: number;
}

/** What `allocate` returns: the object's id, for `hold`, `link` and `refs`. */
export interface HeapHandle {
  readonly id: number;
  readonly name: string | null;
  readonly size: number;
}

/** An object by its handle or its id. */
export type HandleLike = HeapHandle | number;

export interface AllocateOptions {
  /** A label drawn on the object; names need not be unique. */
  name?: string;
  /** Objects the new one refers to. */
  refs?: HandleLike[];
  /** Also hold the object as a root under its name (needs `name`). */
  hold?: boolean;
}

/** Where an object is now. */
export interface HeapLocation {
  space: HeapModelSpace;
  /** The old-space or large-object page, null in new space. */
  page: number | null;
  offset: number;
  size: number;
  age: number;
}

/** What one collection did. */
export interface GcSummary {
  kind: 'scavenge' | 'mark-sweep' | 'mark-compact';
  /** 1 for the first collection of its kind. */
  number: number;
  copied: number;
  bytesCopied: number;
  promoted: number;
  bytesPromoted: number;
  freed: number;
  bytesFreed: number;
  moved: number;
  bytesMoved: number;
  pagesFreed: number;
}

export const DEFAULTS = {
  semiSpace: 16 * 1024,
  page: 16 * 1024,
  largeObject: 4 * 1024,
  oldSpaceLimit: null,
  compactBelow: 0.5,
  keepFirstFrames: 40,
  keepLastFrames: 20,
} as const;

/** Where the model simplifies V8, shown under the picture. */
export const NOTES = [
  'Sizes are bytes as the cell gives them. V8 aligns objects, puts headers on its pages (256 KiB each) and sends objects over 128 KiB to the large-object space; the model keeps sizes small so the picture stays readable.',
  'Only names held with hold() are roots. References from old objects to young ones (recorded by the write barrier) are roots for a scavenge, even when the old object is garbage.',
  'A scavenge promotes objects that survived one scavenge already; a full collection (markSweep, compact) promotes every live young object, as V8 does by default (--always-promote-young-mc).',
  'Large objects go straight to the large-object space; V8 also has a young large-object space. V8 marks incrementally and concurrently and sweeps concurrently; the model does each collection at once, and sweeps before it evacuates.',
];

/** NOTES in Simplified Chinese, in the same order (the payload carries both: `Worded`). */
const NOTES_ZH = [
  '大小就是单元给出的字节数。V8 会对齐对象、在它的页（每页 256 KiB）上放页头，并把超过 128 KiB 的对象送进大对象空间；模型把尺寸取得很小，好让图保持清晰可读。',
  '只有用 hold() 持有的名字才是根。老对象指向新对象的引用（由写屏障记录）在 Scavenge 时也算作根，即使那个老对象已是垃圾。',
  'Scavenge 晋升已经熬过一次 Scavenge 的对象；完整回收（markSweep()、compact()）则晋升所有存活的新对象，V8 默认也是如此（--always-promote-young-mc）。',
  '大对象直接进入大对象空间；V8 还有一个新生代的大对象空间。V8 以增量、并发的方式标记，并发地清除；模型则一次做完每轮回收，并且先清除、再疏散。',
];

/** A step's text in English and Simplified Chinese: the frames carry the English, `words` the rest. */
interface Said {
  en: string;
  zh: string;
}

const say = (en: string, zh: string): Said => ({ en, zh });
const joinSaid = (parts: Said[]): Said => say(parts.map((p) => p.en).join('; '), parts.map((p) => p.zh).join('；'));
const REQUESTED = say('requested', '手动调用');

/** The heap growing factor after a full collection started by `oldSpaceLimit`. V8 derives it from measured speeds (1.1 to 4). */
const GROWING_FACTOR = 1.5;

/** Roots named in the text summary; the others are counted. */
const SUMMARY_ROOTS = 8;

const UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const;

/** 1536 -> "1.50 KiB", as the page's byte formatter writes it (this module cannot import the page's). */
export function bytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  return `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ${UNITS[unit]}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

interface Obj {
  id: number;
  name: string | null;
  size: number;
  refs: number[];
  age: number;
  space: HeapModelSpace;
  page: Page | null;
  offset: number;
}

interface Page {
  id: number;
  size: number;
  /** End of the bump area's used part: free space below it is a gap, above it is bump space. */
  top: number;
  /** By offset. */
  objects: Obj[];
}

/** A collection in progress: what it did so far. */
type Tally = Omit<GcSummary, 'kind' | 'number'>;

const emptyTally = (): Tally => ({
  copied: 0,
  bytesCopied: 0,
  promoted: 0,
  bytesPromoted: 0,
  freed: 0,
  bytesFreed: 0,
  moved: 0,
  bytesMoved: 0,
  pagesFreed: 0,
});

function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${what} must be a whole number of bytes, at least 1 (got ${String(value)})`);
  }
  return value;
}

function frameCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a whole number, 0 or more (got ${String(value)})`);
  }
  return value;
}

function configFrom(options: HeapModelOptions): HeapModelConfig & { keepFirstFrames: number; keepLastFrames: number } {
  const semiSpace = positiveInteger(options.semiSpace ?? DEFAULTS.semiSpace, 'semiSpace');
  const page = positiveInteger(options.page ?? DEFAULTS.page, 'page');
  const largeObject = positiveInteger(options.largeObject ?? DEFAULTS.largeObject, 'largeObject');
  if (largeObject > semiSpace || largeObject > page) {
    throw new RangeError(
      `largeObject (${largeObject}) must not exceed semiSpace (${semiSpace}) or page (${page}): every regular object has to fit in both`,
    );
  }
  const limit = options.oldSpaceLimit ?? DEFAULTS.oldSpaceLimit;
  const oldSpaceLimit = limit === null ? null : positiveInteger(limit, 'oldSpaceLimit');
  const compactBelow = options.compactBelow ?? DEFAULTS.compactBelow;
  if (typeof compactBelow !== 'number' || !(compactBelow > 0 && compactBelow <= 1)) {
    throw new RangeError(`compactBelow must be a fraction above 0 and at most 1 (got ${String(compactBelow)})`);
  }
  return {
    semiSpace,
    page,
    largeObject,
    oldSpaceLimit,
    compactBelow,
    keepFirstFrames: frameCount(options.keepFirstFrames ?? DEFAULTS.keepFirstFrames, 'keepFirstFrames'),
    keepLastFrames: frameCount(options.keepLastFrames ?? DEFAULTS.keepLastFrames, 'keepLastFrames'),
  };
}

const describe = (o: Obj) => (o.name === null ? `#${o.id}` : `#${o.id} '${o.name}'`);
const pluralZh = (n: number, measure: string, noun: string) => `${n} ${measure}${noun}`;

/** A model of V8's generational heap that a cell drives and that records what it does. */
export class HeapModel {
  readonly config: HeapModelConfig;
  readonly #keepFirst: number;
  readonly #keepLast: number;

  readonly #objects = new Map<number, Obj>();
  /** The Chinese of each kept frame's step, by frame index (the payload's `words`). */
  readonly #said = new Map<number, string>();
  readonly #roots = new Map<string, number>();
  /** Why a freed object is gone, for the error when a cell uses it again. */
  readonly #freedBy = new Map<number, string>();
  #nextId = 1;
  #nextPage = 1;

  /** The objects in the from-space, by offset; the to-space is empty between collections. */
  #young: Obj[] = [];
  #newTop = 0;
  #fromSpace: 0 | 1 = 0;
  #oldPages: Page[] = [];
  #largePages: Page[] = [];
  #limit: number | null;

  readonly #counters = {
    allocations: 0,
    allocatedBytes: 0,
    scavenges: 0,
    copied: 0,
    bytesCopied: 0,
    promotions: 0,
    bytesPromoted: 0,
    markSweeps: 0,
    compactions: 0,
    moved: 0,
    bytesMoved: 0,
    pagesFreed: 0,
    freed: 0,
    freedBytes: 0,
    barrierRecords: 0,
  };

  /** What happened to objects since the last frame, and the to-space left by the last evacuation. */
  #events = new Map<number, HeapModelEvent>();
  #stale: HeapModelStale[] = [];

  readonly #head: HeapModelFrame[] = [];
  readonly #tail: HeapModelFrame[] = [];
  #recorded = 0;
  /** Inside `run()`: operations add to the cycle's description instead of recording frames. */
  #cycle: Said[] | null = null;

  constructor(options: HeapModelOptions = {}) {
    const { keepFirstFrames, keepLastFrames, ...config } = configFrom(options);
    this.config = Object.freeze(config);
    this.#keepFirst = keepFirstFrames;
    this.#keepLast = keepLastFrames;
    this.#limit = config.oldSpaceLimit;
    const c = config;
    this.#record(
      'start',
      say(
        `new heap: semi-spaces 2 × ${bytes(c.semiSpace)}, old-space pages of ${bytes(c.page)}, large objects over ${bytes(c.largeObject)}`,
        `新建的堆：半空间 2 × ${bytes(c.semiSpace)}，老生代页 ${bytes(c.page)}，超过 ${bytes(c.largeObject)} 的是大对象`,
      ),
    );
  }

  // ---- the cell's API -------------------------------------------------------------------------

  /**
   * Allocates an object: in the large-object space when it is larger than `largeObject`, else by
   * bumping the from-space's top. When it does not fit, a scavenge runs first, as in V8.
   */
  allocate(size: number, options: AllocateOptions = {}): HeapHandle {
    positiveInteger(size, 'size');
    const name = options.name === undefined ? null : String(options.name);
    if (options.hold && name === null) throw new TypeError('allocate(size, { hold: true }) needs a name to hold the object under');
    const refs = (options.refs ?? []).map((r) => this.#get(r).id);
    const { largeObject, semiSpace } = this.config;
    let where: Said;
    let obj: Obj;
    if (size > largeObject) {
      this.#maybeFullGc(size, refs);
      obj = this.#newObject(size, name, refs, 'large');
      const page: Page = { id: this.#nextPage++, size, top: size, objects: [obj] };
      obj.page = page;
      this.#largePages.push(page);
      where = say(`large-object space, page ${page.id}`, `大对象空间第 ${page.id} 页`);
    } else {
      if (this.#newTop + size > semiSpace) {
        const what = name === null ? '' : ` '${name}'`;
        this.#scavenge(refs, say(`allocation of ${bytes(size)}${what} did not fit`, `${bytes(size)}${what} 的分配放不下`));
        this.#maybeFullGc(0, refs);
      }
      // Survivors of that scavenge may still fill the semi-space; a full collection empties it.
      if (this.#newTop + size > semiSpace) this.#maybeFullGc(size, refs);
      if (this.#newTop + size <= semiSpace) {
        obj = this.#newObject(size, name, refs, 'new');
        obj.offset = this.#newTop;
        this.#newTop += size;
        this.#young.push(obj);
        where = say('new space', '新生代');
      } else {
        // V8 would grow new space or collect everything; the model puts the object straight in
        // old space and says so.
        obj = this.#newObject(size, name, refs, 'old');
        this.#placeOld(obj, null);
        where = say(
          `old space, page ${obj.page!.id} (new space still full after the scavenge)`,
          `老生代第 ${obj.page!.id} 页（Scavenge 之后新生代仍然是满的）`,
        );
      }
    }
    for (const target of refs) this.#barrier(obj, target);
    this.#events.set(obj.id, 'allocated');
    if (options.hold) this.#roots.set(name!, obj.id);
    const held = options.hold ? `, held as '${name}'` : '';
    const heldZh = options.hold ? `，以 '${name}' 持有` : '';
    this.#done(
      'allocate',
      say(`allocate ${bytes(size)} ${describe(obj)} in ${where.en}${held}`, `在${where.zh}分配 ${bytes(size)} ${describe(obj)}${heldZh}`),
    );
    return Object.freeze({ id: obj.id, name: obj.name, size: obj.size });
  }

  /** Makes an object a root under a name (replacing what the name held). */
  hold(name: string, handle: HandleLike): HeapHandle {
    const obj = this.#get(handle);
    const key = String(name);
    this.#roots.set(key, obj.id);
    this.#done('hold', say(`hold '${key}' → ${describe(obj)}`, `持有 '${key}' → ${describe(obj)}`));
    return Object.freeze({ id: obj.id, name: obj.name, size: obj.size });
  }

  /** Stops holding a root; what only it kept alive becomes garbage, for the next collection. */
  drop(name: string): this {
    const key = String(name);
    const id = this.#roots.get(key);
    if (id === undefined) {
      const known = [...this.#roots.keys()].map((k) => `'${k}'`).join(', ') || 'none';
      throw new Error(`no root is named '${key}' (roots: ${known})`);
    }
    this.#roots.delete(key);
    const was = describe(this.#objects.get(id)!);
    this.#done('drop', say(`drop '${key}' (was ${was})`, `不再持有 '${key}'（原先是 ${was}）`));
    return this;
  }

  /** Stores a reference from one object to another. */
  link(from: HandleLike, to: HandleLike): this {
    const a = this.#get(from);
    const b = this.#get(to);
    if (!a.refs.includes(b.id)) {
      a.refs.push(b.id);
      this.#barrier(a, b.id);
    }
    this.#done('link', say(`link ${describe(a)} → ${describe(b)}`, `添加引用 ${describe(a)} → ${describe(b)}`));
    return this;
  }

  /** Removes a reference. */
  unlink(from: HandleLike, to: HandleLike): this {
    const a = this.#get(from);
    const b = this.#get(to);
    const at = a.refs.indexOf(b.id);
    if (at < 0) throw new Error(`${describe(a)} does not refer to ${describe(b)}`);
    a.refs.splice(at, 1);
    this.#done('unlink', say(`unlink ${describe(a)} → ${describe(b)}`, `移除引用 ${describe(a)} → ${describe(b)}`));
    return this;
  }

  /** A minor collection: copies live young objects to the to-space or promotes them, then flips. */
  scavenge(): GcSummary {
    return this.#scavenge([], REQUESTED);
  }

  /** A full collection without compaction: marks from the roots, promotes live young objects, sweeps. */
  markSweep(): GcSummary {
    return this.#fullGc('mark-sweep', [], REQUESTED);
  }

  /** A full collection that also evacuates sparse old pages into others and frees them. */
  compact(): GcSummary {
    return this.#fullGc('mark-compact', [], REQUESTED);
  }

  /** Runs `fn(heap, i)` for i = 0 … n-1, recording one frame per cycle. */
  run(n: number, fn: (heap: HeapModel, i: number) => unknown): this {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`run(n, fn): n must be a whole number (got ${String(n)})`);
    if (typeof fn !== 'function') throw new TypeError('run(n, fn): fn must be a function (heap, i) => …');
    if (this.#cycle) throw new Error('run() cannot be nested');
    for (let i = 0; i < n; i++) {
      const cycle: Said[] = [];
      this.#cycle = cycle;
      const startAllocs = this.#counters.allocations;
      const startBytes = this.#counters.allocatedBytes;
      const summary = () => {
        const allocs = this.#counters.allocations - startAllocs;
        const added = bytes(this.#counters.allocatedBytes - startBytes);
        return [
          say(
            `cycle ${i + 1}/${n}: ${plural(allocs, 'allocation')} (${added})`,
            `第 ${i + 1}/${n} 轮：${pluralZh(allocs, '次', '分配')}（${added}）`,
          ),
          ...cycle,
        ];
      };
      try {
        fn(this, i);
      } catch (err) {
        // What the cycle did before the error stays done; the frame says where it stopped.
        this.#cycle = null;
        this.#record('cycle', joinSaid([...summary(), say('stopped by an error', '因出错而停止')]));
        throw err;
      }
      this.#cycle = null;
      this.#record('cycle', joinSaid(summary()));
    }
    return this;
  }

  /** Where an object is now, or null once it has been freed. */
  locate(handle: HandleLike): HeapLocation | null {
    const id = typeof handle === 'number' ? handle : handle?.id;
    const obj = this.#objects.get(id);
    if (!obj) return null;
    return { space: obj.space, page: obj.page?.id ?? null, offset: obj.offset, size: obj.size, age: obj.age };
  }

  /** The counters and the bytes used and live in each space, now. */
  stats(): HeapModelCounters {
    return this.#countersNow(this.#mark([]));
  }

  /** The recorded frames that are kept: the first ones and the last ones. */
  get frames(): HeapModelFrame[] {
    return [...this.#head, ...this.#tail];
  }

  /** Frames recorded but not kept (between the first and the last ones). */
  get omittedFrames(): number {
    return this.#recorded - this.#head.length - this.#tail.length;
  }

  /** Everything the renderer draws, as plain JSON data. */
  data(): HeapModelData {
    const frames = this.frames;
    return {
      config: { ...this.config },
      frames,
      totalFrames: this.#recorded,
      omittedFrames: this.omittedFrames,
      counters: this.stats(),
      notes: [...NOTES],
      words: { 'zh-CN': this.#wordsOf(frames) },
    };
  }

  /** A readable summary: the spaces, the roots and the counters. */
  toString(): string {
    const s = this.stats();
    const c = this.config;
    const held = [...this.#roots].map(([name, id]) => `${name} → ${describe(this.#objects.get(id)!)}`);
    const more = held.length > SUMMARY_ROOTS ? `, and ${held.length - SUMMARY_ROOTS} more` : '';
    const roots = held.length ? `${held.slice(0, SUMMARY_ROOTS).join(', ')}${more}` : 'none';
    const gaps = s.oldSpace.gapBytes ? `, ${bytes(s.oldSpace.gapBytes)} in gaps` : '';
    return [
      "V8 heap model: a model of V8's published heap design, not V8 itself",
      `new space    ${plural(s.newSpace.objects, 'object')}, ${bytes(s.newSpace.usedBytes)} used (${bytes(s.newSpace.liveBytes)} live) of a ${bytes(c.semiSpace)} semi-space`,
      `old space    ${plural(s.oldSpace.pages, 'page')} of ${bytes(c.page)}, ${plural(s.oldSpace.objects, 'object')}, ${bytes(s.oldSpace.usedBytes)} used (${bytes(s.oldSpace.liveBytes)} live)${gaps}`,
      `large space  ${plural(s.largeObjectSpace.objects, 'object')}, ${bytes(s.largeObjectSpace.usedBytes)} used (${bytes(s.largeObjectSpace.liveBytes)} live)`,
      `roots        ${roots}`,
      `scavenges    ${s.scavenges}: ${s.copied} copied (${bytes(s.bytesCopied)}), ${s.promotions} promoted (${bytes(s.bytesPromoted)})`,
      `full GCs     ${plural(s.markSweeps, 'mark-sweep')}, ${plural(s.compactions, 'mark-compact')}: ${s.moved} moved (${bytes(s.bytesMoved)}), ${plural(s.pagesFreed, 'page')} freed`,
      `allocated    ${plural(s.allocations, 'object')} (${bytes(s.allocatedBytes)}), freed ${s.freed} (${bytes(s.freedBytes)})`,
      `frames       ${this.#recorded} recorded, ${this.#recorded - this.omittedFrames} kept`,
    ].join('\n');
  }

  /** The book's MIME bundle: the summary as text and the frames for the picture. */
  [MIME_KEY](): MimeBundle {
    return { 'text/plain': this.toString(), [HEAPBOOK_MIME.heapModel]: this.data() };
  }

  // ---- the collectors ---------------------------------------------------------------------------

  /**
   * Cheney's copying scavenge. Roots: held objects, objects an allocation in progress refers to,
   * and old objects' references into new space (the remembered set the write barrier keeps).
   * Each live young object is copied to the to-space, or promoted when it survived one scavenge
   * already; its references are then scanned, so everything reachable from a survivor survives.
   */
  #scavenge(extraRoots: number[], reason: Said): GcSummary {
    const tally = emptyTally();
    const seeds: number[] = [...this.#roots.values(), ...extraRoots];
    for (const o of this.#objects.values()) if (o.space !== 'new') seeds.push(...o.refs);
    const survivors: Obj[] = [];
    const visited = new Set<number>();
    const copies: Obj[] = [];
    const offsets = new Map(this.#young.map((o) => [o.id, o.offset]));
    let toTop = 0;
    const fates = new Map<number, HeapModelStale['fate']>();
    const evacuate = (id: number) => {
      const o = this.#objects.get(id);
      if (!o || o.space !== 'new' || visited.has(id)) return;
      visited.add(id);
      if (o.age >= 1) {
        this.#placeOld(o, null);
        tally.promoted++;
        tally.bytesPromoted += o.size;
        this.#events.set(o.id, 'promoted');
        fates.set(o.id, 'promoted');
      } else {
        o.offset = toTop;
        toTop += o.size;
        copies.push(o);
        tally.copied++;
        tally.bytesCopied += o.size;
        this.#events.set(o.id, 'copied');
        fates.set(o.id, 'copied');
      }
      o.age++;
      survivors.push(o);
    };
    for (const id of seeds) evacuate(id);
    for (let scan = 0; scan < survivors.length; scan++) {
      for (const id of survivors[scan]!.refs) evacuate(id);
      // A promoted object that refers to a young one is an old-to-new slot: record it as V8 does.
      const o = survivors[scan]!;
      if (o.space === 'old') for (const id of o.refs) if (this.#objects.get(id)?.space === 'new') this.#counters.barrierRecords++;
    }
    const number = ++this.#counters.scavenges;
    const label = `scavenge #${number}`;
    this.#stale = [];
    for (const o of this.#young) {
      const fate = fates.get(o.id) ?? 'freed';
      this.#stale.push({ id: o.id, name: o.name, size: o.size, offset: offsets.get(o.id)!, fate });
      if (fate === 'freed') this.#free(o, tally, label);
    }
    this.#young = copies;
    this.#newTop = toTop;
    this.#fromSpace = this.#fromSpace === 0 ? 1 : 0;
    this.#counters.copied += tally.copied;
    this.#counters.bytesCopied += tally.bytesCopied;
    this.#counters.promotions += tally.promoted;
    this.#counters.bytesPromoted += tally.bytesPromoted;
    const text = say(
      `${label} (${reason.en}): ${tally.copied} copied (${bytes(tally.bytesCopied)}), ` +
        `${tally.promoted} promoted (${bytes(tally.bytesPromoted)}), ${plural(tally.freed, 'dead object')} left behind`,
      `Scavenge #${number}（${reason.zh}）：复制 ${tally.copied} 个（${bytes(tally.bytesCopied)}），` +
        `晋升 ${tally.promoted} 个（${bytes(tally.bytesPromoted)}），留下 ${tally.freed} 个死对象`,
    );
    this.#done('scavenge', text);
    return { kind: 'scavenge', number, ...tally };
  }

  /**
   * A full collection: mark everything reachable from the roots; promote every live young
   * object and flip the semi-spaces; sweep old and large-object pages, leaving gaps and freeing
   * empty pages; for mark-compact, evacuate sparse pages into the others and free them.
   */
  #fullGc(kind: 'mark-sweep' | 'mark-compact', extraRoots: number[], reason: Said): GcSummary {
    const tally = emptyTally();
    const live = this.#mark(extraRoots);
    const number = kind === 'mark-sweep' ? ++this.#counters.markSweeps : ++this.#counters.compactions;
    const label = `${kind} #${number}`;

    this.#stale = [];
    for (const o of this.#young) {
      const offset = o.offset;
      if (live.has(o.id)) {
        this.#placeOld(o, null);
        o.age++;
        tally.promoted++;
        tally.bytesPromoted += o.size;
        this.#events.set(o.id, 'promoted');
        this.#stale.push({ id: o.id, name: o.name, size: o.size, offset, fate: 'promoted' });
      } else {
        this.#stale.push({ id: o.id, name: o.name, size: o.size, offset, fate: 'freed' });
        this.#free(o, tally, label);
      }
    }
    const hadYoung = this.#young.length > 0;
    this.#young = [];
    this.#newTop = 0;
    if (hadYoung) this.#fromSpace = this.#fromSpace === 0 ? 1 : 0;

    for (const page of this.#oldPages) {
      for (const o of page.objects) if (!live.has(o.id)) this.#free(o, tally, label);
      page.objects = page.objects.filter((o) => live.has(o.id));
      const last = page.objects.at(-1);
      page.top = last ? last.offset + last.size : 0;
    }
    const empty = this.#oldPages.filter((p) => p.objects.length === 0);
    tally.pagesFreed += empty.length;
    this.#oldPages = this.#oldPages.filter((p) => p.objects.length > 0);
    this.#largePages = this.#largePages.filter((p) => {
      const o = p.objects[0]!;
      if (live.has(o.id)) return true;
      this.#free(o, tally, label);
      tally.pagesFreed++;
      return false;
    });

    if (kind === 'mark-compact') this.#evacuateSparsePages(tally);

    this.#counters.promotions += tally.promoted;
    this.#counters.bytesPromoted += tally.bytesPromoted;
    this.#counters.moved += tally.moved;
    this.#counters.bytesMoved += tally.bytesMoved;
    this.#counters.pagesFreed += tally.pagesFreed;
    if (this.#limit !== null) {
      const old = this.#oldGenerationBytes();
      this.#limit = Math.max(this.config.oldSpaceLimit ?? 0, Math.ceil(old * GROWING_FACTOR));
    }
    const moved = kind === 'mark-compact' ? `, ${tally.moved} moved (${bytes(tally.bytesMoved)})` : '';
    const movedZh = kind === 'mark-compact' ? `，移动 ${tally.moved} 个（${bytes(tally.bytesMoved)}）` : '';
    const text = say(
      `${label} (${reason.en}): ${live.size} live, ${tally.freed} freed (${bytes(tally.bytesFreed)}), ` +
        `${tally.promoted} young promoted${moved}, ${plural(tally.pagesFreed, 'page')} freed`,
      `${kind === 'mark-sweep' ? '标记-清除' : '标记-整理'} #${number}（${reason.zh}）：存活 ${live.size} 个，释放 ${tally.freed} 个（${bytes(tally.bytesFreed)}），` +
        `晋升新对象 ${tally.promoted} 个${movedZh}，释放 ${tally.pagesFreed} 页`,
    );
    this.#done(kind === 'mark-sweep' ? 'mark-sweep' : 'mark-compact', text);
    return { kind, number, ...tally };
  }

  /**
   * Compaction: pages filled below `compactBelow` are evacuation candidates, sparsest first.
   * When every page is a candidate the fullest one stays, as the destination. Live objects move
   * first-fit into the remaining pages (a new page when nothing fits); the candidates are freed.
   */
  #evacuateSparsePages(tally: Tally): void {
    const used = (p: Page) => p.objects.reduce((sum, o) => sum + o.size, 0);
    const candidates = this.#oldPages.filter((p) => used(p) < this.config.compactBelow * p.size).sort((a, b) => used(a) - used(b));
    if (candidates.length === this.#oldPages.length) candidates.pop();
    if (candidates.length === 0) return;
    const evacuated = new Set(candidates);
    for (const page of candidates) {
      for (const o of [...page.objects]) {
        this.#placeOld(o, evacuated);
        tally.moved++;
        tally.bytesMoved += o.size;
        this.#events.set(o.id, 'moved');
      }
      page.objects = [];
    }
    this.#oldPages = this.#oldPages.filter((p) => !evacuated.has(p));
    tally.pagesFreed += candidates.length;
  }

  /** Runs a mark-compact first when the old generation would pass its limit (off unless configured). */
  #maybeFullGc(adding: number, extraRoots: number[]): void {
    if (this.#limit === null) return;
    const old = this.#oldGenerationBytes();
    if (old + adding <= this.#limit) return;
    const would = bytes(old + adding);
    const limit = bytes(this.#limit);
    this.#fullGc(
      'mark-compact',
      extraRoots,
      say(`old generation ${would} would pass its limit ${limit}`, `老生代将达到 ${would}，超过上限 ${limit}`),
    );
  }

  // ---- spaces -----------------------------------------------------------------------------------

  /** First fit into a gap of a page, else bump a page's top, else a new page. Skips `exclude`. */
  #placeOld(o: Obj, exclude: Set<Page> | null): void {
    if (o.page) o.page.objects.splice(o.page.objects.indexOf(o), 1);
    const size = o.size;
    let target: Page | null = null;
    let offset = 0;
    let index = 0;
    for (const page of this.#oldPages) {
      if (exclude?.has(page)) continue;
      let prev = 0;
      for (let i = 0; i < page.objects.length; i++) {
        const next = page.objects[i]!;
        if (next.offset - prev >= size) {
          target = page;
          offset = prev;
          index = i;
          break;
        }
        prev = next.offset + next.size;
      }
      if (target) break;
    }
    if (!target) {
      target = this.#oldPages.find((p) => !exclude?.has(p) && p.top + size <= p.size) ?? null;
      if (!target) {
        target = { id: this.#nextPage++, size: this.config.page, top: 0, objects: [] };
        this.#oldPages.push(target);
      }
      offset = target.top;
      index = target.objects.length;
      target.top += size;
    }
    target.objects.splice(index, 0, o);
    o.space = 'old';
    o.page = target;
    o.offset = offset;
  }

  #newObject(size: number, name: string | null, refs: number[], space: HeapModelSpace): Obj {
    const obj: Obj = { id: this.#nextId++, name, size, refs: [...new Set(refs)], age: 0, space, page: null, offset: 0 };
    this.#objects.set(obj.id, obj);
    this.#counters.allocations++;
    this.#counters.allocatedBytes += size;
    return obj;
  }

  #free(o: Obj, tally: Tally, label: string): void {
    this.#objects.delete(o.id);
    this.#freedBy.set(o.id, label);
    this.#events.delete(o.id);
    tally.freed++;
    tally.bytesFreed += o.size;
    this.#counters.freed++;
    this.#counters.freedBytes += o.size;
  }

  /** The write barrier: a reference from an old or large object to a young one is recorded. */
  #barrier(from: Obj, to: number): void {
    if (from.space !== 'new' && this.#objects.get(to)?.space === 'new') this.#counters.barrierRecords++;
  }

  #get(handle: HandleLike): Obj {
    const id = typeof handle === 'number' ? handle : (handle as HeapHandle | null | undefined)?.id;
    if (typeof id !== 'number') throw new TypeError(`expected a handle returned by allocate() or an object id (got ${String(handle)})`);
    const obj = this.#objects.get(id);
    if (obj) return obj;
    const by = this.#freedBy.get(id);
    if (by) throw new Error(`object #${id} was freed by ${by}: nothing held it (hold it with heap.hold(name, handle))`);
    throw new Error(`there is no object #${id} in this heap`);
  }

  /** Everything reachable from the roots (and from `extraRoots`), through every space. */
  #mark(extraRoots: number[]): Set<number> {
    const live = new Set<number>();
    const stack = [...this.#roots.values(), ...extraRoots];
    while (stack.length) {
      const id = stack.pop()!;
      if (live.has(id)) continue;
      const o = this.#objects.get(id);
      if (!o) continue;
      live.add(id);
      for (const r of o.refs) if (!live.has(r)) stack.push(r);
    }
    return live;
  }

  #oldGenerationBytes(): number {
    let total = 0;
    for (const o of this.#objects.values()) if (o.space !== 'new') total += o.size;
    return total;
  }

  // ---- recording --------------------------------------------------------------------------------

  /** Ends a public operation: a frame of its own, or a line of the current `run()` cycle. */
  #done(kind: HeapModelStepKind, step: Said): void {
    if (this.#cycle) {
      if (kind === 'scavenge' || kind === 'mark-sweep' || kind === 'mark-compact') this.#cycle.push(step);
      return;
    }
    this.#record(kind, step);
  }

  #record(kind: HeapModelStepKind, said: Said): void {
    const index = this.#recorded++;
    const step = said.en;
    const keepInHead = this.#head.length < this.#keepFirst;
    if (keepInHead || this.#keepLast > 0) {
      const frame = this.#frame(index, kind, step);
      this.#said.set(index, said.zh);
      if (keepInHead) this.#head.push(frame);
      else {
        this.#tail.push(frame);
        if (this.#tail.length > this.#keepLast) this.#said.delete(this.#tail.shift()!.index);
      }
    }
    this.#events = new Map();
    this.#stale = [];
  }

  /** The Chinese of the kept frames' steps and of the notes. */
  #wordsOf(frames: HeapModelFrame[]): Record<string, string> {
    const words: Record<string, string> = {};
    NOTES.forEach((note, i) => (words[note] = NOTES_ZH[i]!));
    for (const frame of frames) {
      const zh = this.#said.get(frame.index);
      if (zh !== undefined) words[frame.step] = zh;
    }
    return words;
  }

  #frame(index: number, kind: HeapModelStepKind, step: string): HeapModelFrame {
    const live = this.#mark([]);
    const block = (o: Obj): HeapModelBlock => ({
      id: o.id,
      name: o.name,
      size: o.size,
      offset: o.offset,
      age: o.age,
      live: live.has(o.id),
      event: this.#events.get(o.id) ?? null,
    });
    const page = (p: Page): HeapModelPage => ({ id: p.id, size: p.size, top: p.top, objects: p.objects.map(block) });
    return {
      index,
      step,
      kind,
      fromSpace: this.#fromSpace,
      newTop: this.#newTop,
      newSpace: this.#young.map(block),
      toSpace: this.#stale.map((s) => ({ ...s })),
      oldSpace: this.#oldPages.map(page),
      largeObjects: this.#largePages.map(page),
      roots: [...this.#roots].map(([name, id]) => ({ name, id })),
      counters: this.#countersNow(live),
    };
  }

  #countersNow(live: Set<number>): HeapModelCounters {
    const space = () => ({ objects: 0, usedBytes: 0, liveBytes: 0 });
    const young = space();
    const old = space();
    const large = space();
    for (const o of this.#objects.values()) {
      const s = o.space === 'new' ? young : o.space === 'old' ? old : large;
      s.objects++;
      s.usedBytes += o.size;
      if (live.has(o.id)) s.liveBytes += o.size;
    }
    const committed = this.#oldPages.length * this.config.page;
    const bumpFree = this.#oldPages.reduce((sum, p) => sum + (p.size - p.top), 0);
    return {
      ...this.#counters,
      newSpace: { ...young, capacity: this.config.semiSpace },
      oldSpace: { ...old, pages: this.#oldPages.length, committedBytes: committed, gapBytes: committed - bumpFree - old.usedBytes },
      largeObjectSpace: { ...large, pages: this.#largePages.length },
    };
  }
}

/** The entry point a JavaScript cell calls as `heapbook.heapModel(options)`. */
export function createHeapModel(options: HeapModelOptions = {}): HeapModel {
  return new HeapModel(options);
}
