"""left_behind(): what a block of a cell made and left alive, by type and by line.

``with left_behind() as diff:`` takes two readings around the block:

- objects: the ids of every object the collector tracks, and of what those objects refer to
  directly (which adds untracked ones: ints, strings, dicts and tuples of plain values), once
  before the block and once after it, each after ``gc.collect()``. An object found after and not
  before was made inside the block and is still alive; ``sys.getsizeof`` gives its bytes.
- lines: ``tracemalloc`` snapshots before and after, compared by the line that allocated each
  block that is still held, kept to the page's cells (``<cell ...>`` files).

Objects made and freed inside the block appear in neither. The helper's own readings are taken so
that they fall outside what they measure: the snapshot before is made before the ids are read, and
the objects after are read before the snapshot after; its own files are filtered out of the lines.
"""

import gc
import linecache
import sys
import tracemalloc
import types

from ._describe import type_name
from ._platform import platform
from ._tables import MIME, Rich, column, table, text_block, text_table

_UNTRACKED_CONTAINERS = (dict, tuple)
MAX_LINES = 12  # rows of the chart and the text form
MAX_TYPES = 12


def left_behind() -> "LeftBehind":
    """``with left_behind() as diff:``: objects made inside the block and alive after it."""
    return LeftBehind(sys._getframe(1).f_code.co_filename)


def _transient(obj: object, helper: object) -> bool:
    """Objects that live only while the helper runs (frames, and the bound ``__enter__`` that
    ``with`` makes on CPython 3.11): their addresses are free again as soon as the block starts."""
    if type(obj) is types.FrameType:
        return True
    return type(obj) is types.MethodType and obj.__self__ is helper


def _everything(helper: object, own: set) -> dict:
    """id -> object for every tracked object, what each refers to, and what the untracked dicts and
    tuples among those hold (the collector does not track them, so only a referrer finds them).
    Bulk C calls (gc.get_referents of many objects at once) keep this fast in the engine."""
    # Plain loops: on CPython 3.11 a comprehension would put ``own`` and ``helper`` in closure
    # cells, new objects that the reading would then count.
    objects = []
    for obj in gc.get_objects():
        if id(obj) not in own and not _transient(obj, helper):
            objects.append(obj)
    referents = gc.get_referents(*objects)
    untracked = []
    is_tracked = gc.is_tracked
    for obj in referents:
        if (type(obj) is dict or type(obj) is tuple) and not is_tracked(obj):
            untracked.append(obj)
    obj = None
    inner = gc.get_referents(*untracked)
    found = dict(zip(map(id, objects), objects))
    found.update(zip(map(id, referents), referents))
    found.update(zip(map(id, inner), inner))
    objects = referents = untracked = inner = None
    return found


def _reachable_ids(helper: object) -> set:
    """The ids of what _everything finds."""
    return set(_everything(helper, set()))


def _new_objects(before: set, helper: object, *mine) -> list:
    """The objects _everything finds whose ids were not there before, without the helper's own."""
    own = {id(before), id(mine), id(helper)}
    for obj in mine:
        own.add(id(obj))
    found = _everything(helper, own)
    new = []
    for key in found.keys() - before - own:  # a loop: a comprehension would make a closure cell
        new.append(found[key])
    return new


class TypeStat:
    """Objects of one type made inside the block and still alive: ``count`` and ``bytes``."""

    def __init__(self, name: str, count: int, bytes: int) -> None:
        self.name = name
        self.count = count
        self.bytes = bytes

    def __repr__(self) -> str:
        return f"TypeStat({self.name!r}, count={self.count:,}, bytes={self.bytes:,})"


class LineStat:
    """Traced bytes (and memory blocks) allocated by one line of a cell and still held."""

    def __init__(self, filename: str, line: int, bytes: int, blocks: int) -> None:
        self.filename = filename
        self.line = line
        self.bytes = bytes
        self.blocks = blocks
        self.code = linecache.getline(filename, line).strip()

    def __repr__(self) -> str:
        return f"LineStat(line={self.line}, bytes={self.bytes:,}, blocks={self.blocks:,})"


class LeftBehind(Rich):
    """The block's leftovers: ``by_type['dict'].count/.bytes``, ``by_line[7].bytes``,
    ``total_bytes`` (traced bytes still held that the cells' lines allocated), ``objects``."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.by_type: dict = {}
        self.by_line: dict = {}
        self.other_lines: list = []  # LineStat of other cells' code (functions defined elsewhere)
        self.total_bytes = 0
        self.objects = 0
        self.object_bytes = 0
        self.done = False
        self.platform = platform()
        self._snapshot = None
        self._before = None
        self._tracing = None

    def __enter__(self) -> "LeftBehind":
        if self._before is not None or self.done:
            raise RuntimeError("a left_behind() reading is used once: write `with left_behind() as diff:` again")
        self._tracing = not tracemalloc.is_tracing()
        if self._tracing:
            tracemalloc.start()
        gc.collect()
        self._snapshot = tracemalloc.take_snapshot()
        self._before = _reachable_ids(self)
        return self

    def __exit__(self, *exc_info) -> None:
        gc.collect()
        new = _new_objects(self._before, self, exc_info)
        self._before = None
        by_class: dict = {}
        getsizeof = sys.getsizeof
        for obj in new:
            cls = type(obj)
            count, size = by_class.get(cls, (0, 0))
            by_class[cls] = (count + 1, size + getsizeof(obj, 0))
        new = obj = None
        sizes: dict = {}
        for cls, (count, size) in by_class.items():
            name = type_name(cls)
            old_count, old_size = sizes.get(name, (0, 0))
            sizes[name] = (old_count + count, old_size + size)
        by_class = None
        after = tracemalloc.take_snapshot()
        if self._tracing:
            tracemalloc.stop()
        self.by_type = {
            name: TypeStat(name, count, size)
            for name, (count, size) in sorted(sizes.items(), key=lambda kv: (-kv[1][1], kv[0]))
        }
        self.objects = sum(s.count for s in self.by_type.values())
        self.object_bytes = sum(s.bytes for s in self.by_type.values())
        cells = [tracemalloc.Filter(True, "<cell *>")]  # the cells' code only: not this helper's
        lines = after.filter_traces(cells).compare_to(self._snapshot.filter_traces(cells), "lineno")
        self._snapshot = after = None
        cell_total = 0
        for stat in lines:
            frame = stat.traceback[0]
            if stat.size_diff == 0 and stat.count_diff == 0:
                continue
            row = LineStat(frame.filename, frame.lineno, stat.size_diff, stat.count_diff)
            if frame.filename == self.filename:
                self.by_line[frame.lineno] = row
            elif stat.size_diff > 0:  # code of other cells that the block called
                self.other_lines.append(row)
            else:
                continue
            cell_total += stat.size_diff
        self.total_bytes = cell_total
        self.by_line = dict(sorted(self.by_line.items()))
        self.done = True

    # -- showing it ---------------------------------------------------------------------------

    def _check_done(self) -> None:
        if not self.done:
            raise RuntimeError("left_behind() is read after its block: `with left_behind() as diff: ...` then `diff`")

    def _cell_name(self, filename: str) -> str:
        return filename[len("<cell ") : -1] if filename.startswith("<cell ") else filename

    def line_rows(self) -> list:
        rows = []
        for stat in self.by_line.values():
            rows.append({"line": f"line {stat.line}", "code": stat.code, "bytes": stat.bytes, "blocks": stat.blocks})
        for stat in self.other_lines:
            where = f"cell {self._cell_name(stat.filename)}, line {stat.line}"
            rows.append({"line": where, "code": stat.code, "bytes": stat.bytes, "blocks": stat.blocks})
        return rows

    def caption(self) -> str:
        if not self.done:
            return "left_behind(): not measured yet (use it as `with left_behind() as diff:`)"
        objects = "object" if self.objects == 1 else "objects"
        return (
            f"left_behind(): {self.objects:,} {objects} ({self.object_bytes:,} bytes) and "
            f"{self.total_bytes:,} traced bytes from the cell's lines still alive after the block"
        )

    def notes(self) -> list:
        return [
            "Objects: every object the collector tracks and what each refers to directly, read "
            "after gc.collect() before and after the block; those found only after are counted by "
            "type, with sys.getsizeof bytes (the object itself, not what it refers to). Objects made "
            "and freed inside the block are not counted. An object that reuses the address of one "
            "freed inside the block looks old and is missed.",
            "Lines: tracemalloc snapshots before and after the block, compared by the cell line that "
            "allocated each memory block still held (net bytes; a line that freed more than it "
            "kept is negative). Allocations made inside library code that a line calls are "
            "charged to the library's line, so they are not in this table.",
            f"Measured on {self.platform}.",
        ]

    def table(self) -> dict:
        columns = [
            column("type", "type", "text"),
            column("count", "objects", "int"),
            column("bytes", "bytes", "bytes"),
        ]
        rows = [{"type": s.name, "count": s.count, "bytes": s.bytes} for s in self.by_type.values()]
        total = {"type": "total", "count": self.objects, "bytes": self.object_bytes}
        return table(self.caption(), columns, rows, self.notes(), total)

    def chart(self) -> dict:
        rows = [
            {"line": f"{r['line']}: {r['code']}"[:60], "bytes": r["bytes"]} for r in self.line_rows()[:MAX_LINES]
        ]
        return {
            "mark": "bar",
            "caption": "Traced bytes still held, by the cell line that allocated them",
            "x": column("bytes", "traced bytes", "signed-bytes"),
            "y": column("line", "line", "text"),
            "rows": rows,
            "notes": [],
        }

    def __repr__(self) -> str:
        if not self.done:
            return self.caption()
        type_columns = [
            column("type", "type", "text"),
            column("count", "objects", "int"),
            column("bytes", "bytes", "bytes"),
        ]
        type_rows = [{"type": s.name, "count": s.count, "bytes": s.bytes} for s in list(self.by_type.values())[:MAX_TYPES]]
        line_columns = [
            column("line", "line", "text"),
            column("bytes", "traced bytes", "signed-bytes"),
            column("blocks", "blocks", "signed-bytes"),
            column("code", "code", "text"),
        ]
        parts = [text_table(type_columns, type_rows)]
        if len(self.by_type) > MAX_TYPES:
            parts.append(f"… and {len(self.by_type) - MAX_TYPES} more types")
        parts.append(text_table(line_columns, self.line_rows()[:MAX_LINES]))
        return text_block(self.caption(), "\n".join(parts), self.notes())

    def _rich(self) -> dict:
        if not self.done:
            return {}
        return {MIME["chart"]: self.chart(), MIME["table"]: self.table()}
