"""pymalloc_model(), malloc_stats(), compare_allocators(): CPython's small-object allocator.

The engine (Pyodide) is built ``--without-pymalloc``, so pymalloc cannot be watched here. Two
things stand in for it, and say which they are:

- ``pymalloc_model()`` is a model of pymalloc as ``Objects/obmalloc.c`` and
  ``Include/internal/pycore_obmalloc.h`` of CPython 3.14 lay it out on a 64-bit build: 32 size
  classes 16 bytes apart up to 512 bytes, 16 KiB pools with a 48-byte header, 1 MiB arenas of 64
  pools. It follows the C code's choices step by step (which pool and which arena serve the next
  block, when a pool goes back to its arena and when an arena goes back to the OS), on sizes a
  cell gives it. It is a model, not the engine's allocator: nothing here touches real memory.
- ``malloc_stats()`` reads ``sys._debugmallocstats()`` of the interpreter it runs on: on a native
  CPython (the build's ``native: true`` companion) that is pymalloc itself, measured.

Why it looks like this:
- Every public operation of the model records a frame (pools, arenas, size classes, counters),
  because the picture after each step is the point; frames are capped, first and last kept.
- ``check()`` verifies the model's invariants (no two blocks overlap, counts add up, an arena is
  released only when all its pools are empty); the engine tests call it after every step.
"""

import os
import sys

from ._platform import platform
from ._tables import MIME, Rich, Say, column, table, text_block, text_table

# CPython 3.14, 64-bit (SIZEOF_VOID_P > 4, WITH_PYMALLOC_RADIX_TREE): pycore_obmalloc.h.
MODEL_VERSION = "CPython 3.14, 64-bit"
ALIGNMENT = 16
SMALL_REQUEST_THRESHOLD = 512
POOL_SIZE = 16 * 1024
ARENA_SIZE = 1024 * 1024
POOL_OVERHEAD = 48  # sizeof(struct pool_header) rounded up to ALIGNMENT
POOLS_PER_ARENA = ARENA_SIZE // POOL_SIZE

KEEP_FIRST_FRAMES = 24
KEEP_LAST_FRAMES = 12
# Blocks one call may allocate: the model holds each block as a Python object.
MAX_BLOCKS_PER_CALL = 200_000

NOTES = [
    Say(
        "Sizes are those of CPython 3.14 on a 64-bit build: blocks in 32 size classes 16 bytes apart "
        "(16 to 512 bytes), 16 KiB pools with a 48-byte header, 1 MiB arenas. A 32-bit build uses "
        "8-byte classes, 4 KiB pools and 256 KiB arenas.",
        "尺寸取自 64 位构建的 CPython 3.14：块分为 32 个大小类，间隔 16 字节（16 到 512 字节），"
        "池 16 KiB、带 48 字节的池头，arena 1 MiB。32 位构建用 8 字节间隔的大小类、4 KiB 的池和 256 KiB 的 arena。",
    ),
    Say(
        "An arena holds 64 pools when its address is a multiple of 16 KiB; CPython loses one pool "
        "to alignment otherwise (the 'bytes lost to arena alignment' of sys._debugmallocstats). "
        "The model always carves 64.",
        "arena 的地址是 16 KiB 的整数倍时能容纳 64 个池；否则 CPython 会因对齐损失一个池"
        "（即 sys._debugmallocstats 中的 'bytes lost to arena alignment'）。模型总是切出 64 个。",
    ),
    Say(
        "CPython hands out a new pool's first block and puts its second on the free list; the model "
        "counts that second block as untouched until it is used.",
        "CPython 交出新池的第一个块，并把第二个块放进空闲链表；模型在第二个块被用到之前把它算作从未用过。",
    ),
    Say(
        "Requests of 0 bytes or over 512 bytes go to the raw allocator (malloc): the model only counts "
        "them. sys.getallocatedblocks() counts both kinds, as the model's 'allocated blocks' does.",
        "0 字节或超过 512 字节的请求交给原始分配器（malloc）：模型只给它们计数。"
        "sys.getallocatedblocks() 两种都算，模型的“已分配块”也一样。",
    ),
]


def _class_of(size: int) -> int:
    return (size - 1) // ALIGNMENT


def _class_size(index: int) -> int:
    return (index + 1) * ALIGNMENT


class _Pool:
    __slots__ = ("arena", "index", "szidx", "count", "free", "next_offset", "used")

    def __init__(self, arena: "_Arena", index: int) -> None:
        self.arena = arena
        self.index = index
        self.szidx = -1  # no size class yet (DUMMY_SIZE_IDX)
        self.count = 0
        self.free = []  # offsets of freed blocks, last freed at the end (LIFO, like freeblock)
        self.next_offset = POOL_OVERHEAD
        self.used = {}  # offset -> handle

    @property
    def block_size(self) -> int:
        return _class_size(self.szidx)

    @property
    def capacity(self) -> int:
        return (POOL_SIZE - POOL_OVERHEAD) // self.block_size

    @property
    def untouched(self) -> int:
        return (POOL_SIZE - self.next_offset) // self.block_size

    def init(self, szidx: int) -> None:
        self.szidx = szidx
        self.free = []
        self.next_offset = POOL_OVERHEAD


class _Arena:
    __slots__ = ("id", "pools", "nfreepools", "freepools")

    def __init__(self, arena_id: int) -> None:
        self.id = arena_id
        self.pools = []  # carved pools, in address order
        self.nfreepools = POOLS_PER_ARENA
        self.freepools = []  # empty pools, last emptied at the end (LIFO)


class PymallocModel(Rich):
    """A model of CPython 3.14's pymalloc (64-bit), driven from a cell; see the module docstring."""

    def __init__(self) -> None:
        self._arenas = {}  # id -> live _Arena
        self._usable = []  # arenas with a free pool, fewest free pools first (usable_arenas)
        self._unused_ids = []  # arena_object slots to reuse, last released at the end
        self._next_arena_id = 0
        self._used_pools = {}  # szidx -> pools neither full nor empty, most recent first
        self._handles = {}  # handle -> (pool or None, offset, requested size); insertion = allocation order
        self._next_handle = 1
        self._released = []  # ids of arenas released since their slot was last reused
        self.allocations = 0
        self.frees = 0
        self.raw_blocks = 0
        self.raw_bytes = 0
        self.requested_bytes = 0
        self.arenas_allocated_total = 0
        self.arenas_released = 0
        self.arenas_highwater = 0
        self._frames = []
        self._total_frames = 0
        self._record("start", Say("a new model: no arenas yet", "新建的模型：还没有 arena"))

    # -- the allocator -------------------------------------------------------------------------

    def _new_arena(self) -> _Arena:
        if self._unused_ids:
            arena_id = self._unused_ids.pop()
            self._released.remove(arena_id)
        else:
            arena_id = self._next_arena_id
            self._next_arena_id += 1
        arena = _Arena(arena_id)
        self._arenas[arena_id] = arena
        self.arenas_allocated_total += 1
        self.arenas_highwater = max(self.arenas_highwater, len(self._arenas))
        return arena

    def _pool_for(self, szidx: int) -> _Pool:
        pools = self._used_pools.setdefault(szidx, [])
        if pools:
            return pools[0]
        # allocate_from_new_pool: the usable arena with the fewest free pools serves.
        if not self._usable:
            self._usable.append(self._new_arena())
        arena = self._usable[0]
        if arena.freepools:
            pool = arena.freepools.pop()
        else:
            pool = _Pool(arena, len(arena.pools))
            arena.pools.append(pool)
        arena.nfreepools -= 1
        if arena.nfreepools == 0:
            self._usable.pop(0)
        if pool.szidx != szidx:
            pool.init(szidx)
        pools.insert(0, pool)
        return pool

    def _alloc_one(self, size: int) -> int:
        handle = self._next_handle
        self._next_handle += 1
        self.allocations += 1
        self.requested_bytes += size
        if size <= 0 or size > SMALL_REQUEST_THRESHOLD:
            self.raw_blocks += 1
            self.raw_bytes += size
            self._handles[handle] = (None, 0, size)
            return handle
        szidx = _class_of(size)
        pool = self._pool_for(szidx)
        if pool.free:
            offset = pool.free.pop()
        else:
            offset = pool.next_offset
            pool.next_offset += pool.block_size
        pool.used[offset] = handle
        pool.count += 1
        if pool.count == pool.capacity:  # full: off the used-pools list
            self._used_pools[szidx].remove(pool)
        self._handles[handle] = (pool, offset, size)
        return handle

    def _free_one(self, handle: int) -> None:
        pool, offset, size = self._handles.pop(handle)
        self.frees += 1
        self.requested_bytes -= size
        if pool is None:
            self.raw_blocks -= 1
            self.raw_bytes -= size
            return
        was_full = pool.count == pool.capacity
        del pool.used[offset]
        pool.free.append(offset)
        pool.count -= 1
        if was_full:  # back to the front of its size class's list
            self._used_pools[pool.szidx].insert(0, pool)
        elif pool.count == 0:
            self._used_pools[pool.szidx].remove(pool)
            self._to_freepool(pool)

    def _to_freepool(self, pool: _Pool) -> None:
        """insert_to_freepool: the empty pool goes back to its arena, maybe the arena to the OS."""
        arena = pool.arena
        arena.freepools.append(pool)
        arena.nfreepools += 1
        nf = arena.nfreepools
        if nf == 1:  # the arena was full: it joins usable_arenas at the front
            self._usable.insert(0, arena)
            return
        position = self._usable.index(arena)
        if nf == POOLS_PER_ARENA and position < len(self._usable) - 1:
            # Every pool is empty and it is not the last usable arena (CPython keeps that one,
            # bpo-37257, so a loop that fills and empties one arena does not mmap every time).
            self._release(arena, position)
            return
        del self._usable[position]
        at = next((i for i, a in enumerate(self._usable) if a.nfreepools >= nf), len(self._usable))
        self._usable.insert(at, arena)

    def _release(self, arena: _Arena, position: int) -> None:
        if any(p.count for p in arena.pools):
            raise AssertionError(f"arena {arena.id} released with blocks in use")
        del self._usable[position]
        del self._arenas[arena.id]
        self._unused_ids.append(arena.id)
        self._released.append(arena.id)
        self.arenas_released += 1

    # -- what a cell calls ---------------------------------------------------------------------

    def alloc(self, n: int, size: int) -> list:
        """Allocate ``n`` blocks of ``size`` bytes; returns their handles, in order."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"alloc(n, size): n is the number of blocks, a positive int, not {n!r}")
        if n > MAX_BLOCKS_PER_CALL:
            raise ValueError(
                f"alloc(n, size): at most {MAX_BLOCKS_PER_CALL:,} blocks per call, not {n:,}: "
                "call it several times"
            )
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"alloc(n, size): size is a number of bytes, an int >= 0, not {size!r}")
        handles = [self._alloc_one(size) for _ in range(n)]
        where = (
            f"size class {_class_size(_class_of(size))} B"
            if 0 < size <= SMALL_REQUEST_THRESHOLD
            else "the raw allocator (malloc)"
        )
        where_zh = f"从 {_class_size(_class_of(size))} B 大小类" if 0 < size <= SMALL_REQUEST_THRESHOLD else "从原始分配器（malloc）"
        self._record("alloc", Say(f"alloc({n:,}, {size}): {n:,} blocks from {where}", f"alloc({n:,}, {size})：{where_zh}分配 {n:,} 个块"))
        return handles

    def free(self, handles) -> int:
        """Free the blocks with these handles (one handle or an iterable); returns how many."""
        items = [handles] if isinstance(handles, int) else list(handles)
        unknown = [h for h in items if h not in self._handles]
        if unknown:
            raise ValueError(
                f"free(): {len(unknown)} handle(s) are not allocated blocks (first: {unknown[0]!r}); "
                "pass handles that alloc() returned and that were not freed yet"
            )
        for h in items:
            self._free_one(h)
        self._record("free", Say(f"free(): {len(items):,} blocks", f"free()：{len(items):,} 个块"))
        return len(items)

    def free_every(self, k: int) -> int:
        """Free every k-th allocated block (the k-th, 2k-th, ... in allocation order)."""
        self._check_k("free_every", k)
        victims = list(self._handles)[k - 1 :: k]
        for h in victims:
            self._free_one(h)
        self._record(
            "free",
            Say(
                f"free_every({k}): {len(victims):,} blocks freed, every {_nth(k)}",
                f"free_every({k})：释放了 {len(victims):,} 个块，{_nth_zh(k)}释放一个",
            ),
        )
        return len(victims)

    def keep_every(self, k: int) -> int:
        """Free all allocated blocks but every k-th (the 1st, (k+1)-th, ... survive)."""
        self._check_k("keep_every", k)
        victims = [h for i, h in enumerate(self._handles) if i % k]
        for h in victims:
            self._free_one(h)
        self._record(
            "free",
            Say(
                f"keep_every({k}): {len(victims):,} blocks freed, every {_nth(k)} kept",
                f"keep_every({k})：释放了 {len(victims):,} 个块，{_nth_zh(k)}保留一个",
            ),
        )
        return len(victims)

    def free_all(self) -> int:
        """Free every allocated block."""
        victims = list(self._handles)
        for h in victims:
            self._free_one(h)
        self._record("free", Say(f"free_all(): {len(victims):,} blocks freed", f"free_all()：释放了 {len(victims):,} 个块"))
        return len(victims)

    @staticmethod
    def _check_k(name: str, k: int) -> None:
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"{name}(k): k is a positive int (1 means every block), not {k!r}")

    # -- what a cell reads ---------------------------------------------------------------------

    def counters(self) -> dict:
        """The model now: blocks, pools and arenas, as sys._debugmallocstats() would count them."""
        used = free = untouched = block_bytes = 0
        pools_used = pools_full = pools_empty = pools_never = 0
        for arena in self._arenas.values():
            pools_never += POOLS_PER_ARENA - len(arena.pools)
            for pool in arena.pools:
                if pool.count == 0:
                    pools_empty += 1
                    continue
                used += pool.count
                free += len(pool.free)
                untouched += pool.untouched
                block_bytes += pool.count * pool.block_size
                if pool.count == pool.capacity:
                    pools_full += 1
                else:
                    pools_used += 1
        return {
            "allocatedBlocks": used + self.raw_blocks,
            "blocksInUse": used,
            "bytesInUse": block_bytes,
            "requestedBytes": self.requested_bytes - self.raw_bytes,
            "freeBlocks": free,
            "untouchedBlocks": untouched,
            "poolsUsed": pools_used,
            "poolsFull": pools_full,
            "poolsEmpty": pools_empty,
            "poolsNeverUsed": pools_never,
            "arenas": len(self._arenas),
            "arenaBytes": len(self._arenas) * ARENA_SIZE,
            "arenasAllocatedTotal": self.arenas_allocated_total,
            "arenasReleased": self.arenas_released,
            "arenasHighwater": self.arenas_highwater,
            "rawBlocks": self.raw_blocks,
            "rawBytes": self.raw_bytes,
            "allocations": self.allocations,
            "frees": self.frees,
        }

    def classes(self) -> list:
        """Per size class with blocks in use: pools, blocks in use, blocks available in those pools."""
        rows = {}
        for arena in self._arenas.values():
            for pool in arena.pools:
                if pool.count == 0:
                    continue
                row = rows.setdefault(pool.szidx, [0, 0, 0])
                row[0] += 1
                row[1] += pool.count
                row[2] += pool.capacity - pool.count
        return [
            {"index": i, "size": _class_size(i), "pools": p, "used": u, "free": f}
            for i, (p, u, f) in sorted(rows.items())
        ]

    def __getattr__(self, name: str):
        # m.arenas, m.blocks_in_use, ...: the counters as attributes, for checks and prose.
        if name.startswith("_"):
            raise AttributeError(name)
        key = "".join(w.capitalize() if i else w for i, w in enumerate(name.split("_")))
        counters = type(self).counters(self)
        if key in counters:
            return counters[key]
        raise AttributeError(f"'PymallocModel' has no attribute {name!r}")

    @property
    def handles(self) -> list:
        """Handles of the blocks allocated now, in allocation order."""
        return list(self._handles)

    def check(self) -> bool:
        """Raise AssertionError when an invariant does not hold; True otherwise."""
        live_pool_blocks = 0
        for arena in self._arenas.values():
            assert len(arena.pools) <= POOLS_PER_ARENA, f"arena {arena.id}: more than 64 pools"
            empty = [p for p in arena.pools if p.count == 0]
            assert set(map(id, empty)) == set(map(id, arena.freepools)), (
                f"arena {arena.id}: its free pools are not exactly its empty pools"
            )
            expected_free = POOLS_PER_ARENA - len(arena.pools) + len(empty)
            assert arena.nfreepools == expected_free, f"arena {arena.id}: nfreepools is wrong"
            assert (arena in self._usable) == (arena.nfreepools > 0), (
                f"arena {arena.id}: usable exactly when it has a free pool"
            )
            for pool in arena.pools:
                if pool.szidx < 0:
                    continue
                size = pool.block_size
                spans = sorted(list(pool.used) + pool.free)
                assert len(spans) == len(set(spans)), f"pool {arena.id}.{pool.index}: a block twice"
                for a, b in zip(spans, spans[1:]):
                    assert a + size <= b, f"pool {arena.id}.{pool.index}: blocks overlap at {a}, {b}"
                for offset in spans:
                    assert POOL_OVERHEAD <= offset and offset + size <= POOL_SIZE, (
                        f"pool {arena.id}.{pool.index}: block at {offset} outside the pool"
                    )
                    assert (offset - POOL_OVERHEAD) % size == 0, "block not on its class's grid"
                    assert offset < pool.next_offset, "block above the pool's untouched mark"
                assert pool.count == len(pool.used), "pool count differs from its used blocks"
                carved = (pool.next_offset - POOL_OVERHEAD) // size
                assert len(pool.used) + len(pool.free) == carved, "carved blocks != used + free"
                assert pool.count + len(pool.free) + pool.untouched == pool.capacity, (
                    "used + free + untouched != capacity"
                )
                live_pool_blocks += pool.count
        raw = sum(1 for pool, _, _ in self._handles.values() if pool is None)
        assert raw == self.raw_blocks, "raw blocks miscounted"
        assert live_pool_blocks + raw == len(self._handles), "blocks in pools + raw != handles"
        assert [a.nfreepools for a in self._usable] == sorted(a.nfreepools for a in self._usable), (
            "usable arenas are not sorted by free pools"
        )
        wholly_free = [a for a in self._arenas.values() if a.nfreepools == POOLS_PER_ARENA]
        assert len(wholly_free) <= 1, "more than one wholly free arena kept"
        assert self.arenas_allocated_total - self.arenas_released == len(self._arenas)
        return True

    # -- frames and display ----------------------------------------------------------------------

    def _frame(self, kind: str, step: str) -> dict:
        arenas = []
        for arena_id in sorted(list(self._arenas) + self._released):
            arena = self._arenas.get(arena_id)
            if arena is None:
                arenas.append({"id": arena_id, "released": True, "pools": []})
                continue
            pools = []
            for pool in arena.pools:
                if pool.count == 0:
                    pools.append({"size": 0, "used": 0, "free": 0, "untouched": 0})
                else:
                    pools.append(
                        {
                            "size": pool.block_size,
                            "used": pool.count,
                            "free": len(pool.free),
                            "untouched": pool.untouched,
                        }
                    )
            arenas.append({"id": arena_id, "released": False, "pools": pools})
        return {
            "index": self._total_frames,
            "step": step,
            "kind": kind,
            "arenas": arenas,
            "classes": self.classes(),
            "counters": self.counters(),
        }

    def _record(self, kind: str, step: str) -> None:
        frame = self._frame(kind, step)
        self._total_frames += 1
        self._frames.append(frame)
        if len(self._frames) > KEEP_FIRST_FRAMES + KEEP_LAST_FRAMES:
            del self._frames[KEEP_FIRST_FRAMES]

    def data(self) -> dict:
        return {
            "source": "model",
            "label": MODEL_VERSION,
            "config": _config(),
            "frames": self._frames,
            "totalFrames": self._total_frames,
            "omittedFrames": self._total_frames - len(self._frames),
            "notes": list(NOTES),
        }

    def __repr__(self) -> str:
        c = self.counters()
        lines = [
            f"pymalloc_model ({MODEL_VERSION}; a model of CPython's small-object allocator, not this "
            f"engine): {self._total_frames} steps",
            f"blocks in use {c['blocksInUse']:,} ({c['bytesInUse']:,} bytes), free {c['freeBlocks']:,}, "
            f"untouched {c['untouchedBlocks']:,}; raw (malloc) blocks {c['rawBlocks']:,}",
            f"pools: {c['poolsUsed']:,} partly used, {c['poolsFull']:,} full, {c['poolsEmpty']:,} empty, "
            f"{c['poolsNeverUsed']:,} never used",
            f"arenas: {c['arenas']:,} now ({c['arenaBytes']:,} bytes from the OS), "
            f"{c['arenasAllocatedTotal']:,} allocated in all, {c['arenasReleased']:,} released",
        ]
        return "\n".join(lines)

    def _rich(self) -> dict:
        return {MIME["pymalloc"]: self.data()}


def _nth_zh(k: int) -> str:
    return "每个块都" if k == 1 else f"每 {k} 个块"


def _nth(k: int) -> str:
    if k == 1:
        return "block"
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix} block"


def _config() -> dict:
    return {
        "alignment": ALIGNMENT,
        "threshold": SMALL_REQUEST_THRESHOLD,
        "poolSize": POOL_SIZE,
        "arenaSize": ARENA_SIZE,
        "poolOverhead": POOL_OVERHEAD,
        "poolsPerArena": POOLS_PER_ARENA,
    }


def pymalloc_model() -> PymallocModel:
    """A fresh model of CPython 3.14's small-object allocator (64-bit sizes), not this engine's."""
    return PymallocModel()


# -- the real allocator: sys._debugmallocstats() ---------------------------------------------------


def _pymalloc_compiled() -> bool:
    import sysconfig

    return bool(sysconfig.get_config_var("WITH_PYMALLOC"))


def debugmallocstats_text() -> tuple:
    """What ``sys._debugmallocstats()`` writes to the C-level stderr, as text; and whether
    tracemalloc had to be stopped for it.

    tracemalloc wraps the object allocator, and pymalloc prints no report while it is wrapped; so
    on a CPython with pymalloc tracing stops for the report and starts again (earlier objects are
    then untraced, and the cell runner says that cell's traced bytes were not measured).
    """
    import tracemalloc

    paused = tracemalloc.is_tracing() and _pymalloc_compiled()
    frames = tracemalloc.get_traceback_limit()
    path = f"/tmp/heapbook-mallocstats-{os.getpid()}.txt"
    sys.stderr.flush()
    saved = os.dup(2)
    target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if paused:
            tracemalloc.stop()
        os.dup2(target, 2)
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(target)
        if paused:
            tracemalloc.start(frames)
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read(), paused
    finally:
        os.remove(path)


_STAT_KEYS = {
    "# arenas allocated total": "arenasAllocatedTotal",
    "# arenas reclaimed": "arenasReleased",
    "# arenas highwater mark": "arenasHighwater",
    "# arenas allocated current": "arenas",
    "# bytes in allocated blocks": "bytesInUse",
    "# bytes in available blocks": "bytesAvailable",
    "# bytes lost to pool headers": "poolHeaderBytes",
    "# bytes lost to quantization": "quantizationBytes",
    "# bytes lost to arena alignment": "alignmentBytes",
}


def parse_debugmallocstats(text: str) -> dict:
    """The size-class rows and arena counters of ``sys._debugmallocstats()`` output.

    Returns ``{"pymalloc": bool, "threshold", "classes": [...], "counters": {...}}``; without
    pymalloc (this engine) there are no size classes and ``pymalloc`` is False.
    """
    classes = []
    counters = {}
    threshold = None
    in_table = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("Small block threshold"):
            threshold = int(stripped.split("=")[1].split(",")[0])
            continue
        if stripped.startswith("class") and "size" in stripped:
            in_table = True
            continue
        if in_table:
            parts = stripped.split()
            if len(parts) == 5 and all(p.isdigit() for p in parts):
                index, size, pools, used, free = map(int, parts)
                classes.append({"index": index, "size": size, "pools": pools, "used": used, "free": free})
                continue
            if stripped.startswith("-") or not stripped and not classes:
                continue
            in_table = False
        if "=" in stripped:
            key, _, value = stripped.partition("=")
            key = key.strip()
            number = value.strip().replace(",", "")
            if not number.isdigit():
                continue
            if key in _STAT_KEYS:
                counters[_STAT_KEYS[key]] = int(number)
            elif key.endswith("unused pools * 16384 bytes") or "unused pools *" in key:
                counters["poolsEmpty"] = int(key.split()[0])
    if classes:
        counters["blocksInUse"] = sum(c["used"] for c in classes)
        counters["availableBlocks"] = sum(c["free"] for c in classes)
        counters["pools"] = sum(c["pools"] for c in classes)
        counters.setdefault("arenaBytes", counters.get("arenas", 0) * ARENA_SIZE)
    return {"pymalloc": bool(classes), "threshold": threshold, "classes": classes, "counters": counters}


class MallocStats(Rich):
    """Snapshots of ``sys._debugmallocstats()`` on this interpreter, one per ``snap()``."""

    def __init__(self, label: str) -> None:
        self.platform = platform()
        self.snapshots = []
        self.paused_tracing = False
        self.snap(label)

    def snap(self, label: str) -> "MallocStats":
        """Take one more snapshot, named ``label``; returns self."""
        text, paused = debugmallocstats_text()
        parsed = parse_debugmallocstats(text)
        parsed["allocatedBlocks"] = sys.getallocatedblocks()
        self.paused_tracing = self.paused_tracing or paused
        parsed["label"] = str(label)
        self.snapshots.append(parsed)
        return self

    @property
    def pymalloc(self) -> bool:
        return self.snapshots[-1]["pymalloc"]

    def __getitem__(self, label: str) -> dict:
        """The snapshot named ``label``: its counters, with ``classes`` and ``allocatedBlocks``."""
        for s in self.snapshots:
            if s["label"] == label:
                return {**s["counters"], "classes": s["classes"], "allocatedBlocks": s["allocatedBlocks"]}
        raise KeyError(f"no snapshot named {label!r}; there are {[s['label'] for s in self.snapshots]}")

    def data(self) -> dict:
        frames = []
        for i, s in enumerate(self.snapshots):
            counters = dict(s["counters"])
            counters["allocatedBlocks"] = s["allocatedBlocks"]
            frames.append(
                {"index": i, "step": s["label"], "kind": "measured", "arenas": None,
                 "classes": s["classes"], "counters": counters}
            )
        return {
            "source": "measured",
            "label": self.platform,
            "config": _config(),
            "frames": frames,
            "totalFrames": len(frames),
            "omittedFrames": 0,
            "notes": [
                Say(
                    f"Measured with sys._debugmallocstats() and sys.getallocatedblocks() on {self.platform}.",
                    f"在 {self.platform} 上用 sys._debugmallocstats() 和 sys.getallocatedblocks() 测得。",
                ),
                Say(
                    "Available blocks are the free and never-used blocks of pools that have blocks in use; "
                    "empty pools wait in their arenas for any size class.",
                    "可用块是指有块在用的池里已释放和从未用过的块；空池留在各自的 arena 里，等待任意大小类取用。",
                ),
            ]
            + (
                [
                    Say(
                        "tracemalloc hides pymalloc's report, so it was stopped for each snapshot and started again.",
                        "tracemalloc 会遮住 pymalloc 的报告，所以每次快照前都先停掉它，之后再重新开启。",
                    )
                ]
                if self.paused_tracing
                else []
            ),
        }

    def __repr__(self) -> str:
        if not self.pymalloc:
            return (
                f"malloc_stats on {self.platform}: no pymalloc here (sys._debugmallocstats() lists no "
                f"size classes); sys.getallocatedblocks() = {self.snapshots[-1]['allocatedBlocks']}"
            )
        columns = [
            column("label", "snapshot", "text"),
            column("arenas", "arenas", "int"),
            column("pools", "pools in use", "int"),
            column("blocksInUse", "blocks in use", "int"),
            column("availableBlocks", "available", "int"),
            column("allocatedBlocks", "getallocatedblocks", "int"),
        ]
        rows = [{"label": s["label"], **s["counters"], "allocatedBlocks": s["allocatedBlocks"]} for s in self.snapshots]
        return text_block(f"malloc_stats on {self.platform}", text_table(columns, rows), [])

    def _rich(self) -> dict:
        if not self.pymalloc:
            return {}
        return {MIME["pymalloc"]: self.data()}


def malloc_stats(label: str = "start") -> MallocStats:
    """A first snapshot of ``sys._debugmallocstats()``; add more with ``.snap(label)``."""
    return MallocStats(label)


# -- PYTHONMALLOC: the same code with and without pymalloc ----------------------------------------

_DEFAULT_WORKLOAD = """
import sys, time
t0 = time.perf_counter()
for _ in range(3):
    items = [(i, str(i)) for i in range(200_000)]
    del items
elapsed = time.perf_counter() - t0
keep = [(i, str(i)) for i in range(100_000)]

def peak_rss():
    # VmHWM belongs to this process image; ru_maxrss would carry the parent's peak across exec.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)

print(elapsed, sys.getallocatedblocks(), peak_rss())
"""


class AllocatorComparison(Rich):
    """The same workload in fresh interpreters, one per ``PYTHONMALLOC`` value."""

    def __init__(self, rows: list, workload: str) -> None:
        self.rows = rows
        self.workload = workload
        self.platform = platform()

    def __getitem__(self, allocator: str) -> dict:
        for row in self.rows:
            if row["allocator"] == allocator:
                return row
        raise KeyError(allocator)

    def table(self) -> dict:
        columns = [
            column("allocator", "PYTHONMALLOC", "code"),
            column("timeMs", Say("time (ms, best of runs)", "时间（毫秒，多次运行取最佳）"), "ms"),
            column("blocks", "sys.getallocatedblocks()", "int"),
            column("peakRss", Say("peak RSS", "RSS 峰值"), "bytes"),
        ]
        return table(
            Say(
                f"The same workload with each PYTHONMALLOC on {self.platform}",
                f"同一段负载在 {self.platform} 上用各个 PYTHONMALLOC 运行",
            ),
            columns,
            self.rows,
            [
                Say(
                    "Each row runs the workload in a new interpreter (subprocess) with that PYTHONMALLOC; "
                    "the time is the best of the runs; the blocks (at the end, with 100,000 pairs alive) and "
                    "the peak resident memory (VmHWM) are those of the last run.",
                    "每一行都在一个新的解释器（子进程）里、用对应的 PYTHONMALLOC 运行这段负载；时间取多次运行中最好的一次；"
                    "块数（结束时，100,000 对仍存活）和常驻内存峰值（VmHWM）取自最后一次运行。",
                ),
                Say(
                    "PYTHONMALLOC=malloc sends every request to the C library's malloc: "
                    "sys.getallocatedblocks() then counts no pymalloc blocks.",
                    "PYTHONMALLOC=malloc 把每个请求都交给 C 库的 malloc：这时 sys.getallocatedblocks() 不再计入任何 pymalloc 块。",
                ),
            ],
        )

    def __repr__(self) -> str:
        t = self.table()
        return text_block(t["caption"], text_table(t["columns"], t["rows"]), [])

    def _rich(self) -> dict:
        return {MIME["table"]: self.table()}


def compare_allocators(allocators=("pymalloc", "malloc"), workload: str = _DEFAULT_WORKLOAD, runs: int = 3):
    """Run ``workload`` under each ``PYTHONMALLOC``; it prints seconds, blocks and peak RSS bytes.

    Needs subprocesses, so a native CPython; in this engine it raises RuntimeError saying so.
    """
    if sys.platform == "emscripten":
        raise RuntimeError(
            "compare_allocators() starts new interpreters, which this engine cannot do "
            "(no subprocesses in WebAssembly); its figures come from the build machine's CPython"
        )
    import subprocess

    rows = []
    for allocator in allocators:
        env = {**os.environ, "PYTHONMALLOC": allocator}
        best = None
        blocks = peak = None
        for _ in range(max(1, runs)):
            done = subprocess.run(
                [sys.executable, "-c", workload], env=env, capture_output=True, text=True, timeout=120
            )
            if done.returncode != 0:
                raise RuntimeError(f"PYTHONMALLOC={allocator}: the workload failed: {done.stderr.strip()[-300:]}")
            seconds, blocks_text, peak_text = done.stdout.split()[-3:]
            best = float(seconds) if best is None else min(best, float(seconds))
            blocks, peak = int(blocks_text), int(peak_text)
        rows.append({"allocator": allocator, "timeMs": best * 1000, "blocks": blocks, "peakRss": peak})
    return AllocatorComparison(rows, workload)

