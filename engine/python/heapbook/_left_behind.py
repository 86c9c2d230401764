"""left_behind(): what a block of a cell made and left alive, by type and by line.

``with left_behind() as diff:`` reads the objects alive before and after the block, each time
after ``gc.collect()``: every object the collector tracks, what each of those refers to directly,
and what the untracked dicts and tuples among those hold (ints, strings and dicts or tuples of plain
values are untracked, so only a referrer finds them). An object found after and not before was made
inside the block and is still alive. For each one:

- its type and ``sys.getsizeof`` bytes (``by_type``);
- the line that allocated it, from ``tracemalloc.get_object_traceback`` (``by_line``, for the lines
  of the cell that opened the block; other cells' lines and library code are listed apart).

The readings are bulk C calls (``gc.get_objects``, ``gc.get_referents`` of many objects at once,
``map``), so a heap of a few hundred thousand objects takes seconds in the engine, not minutes; the
set of ids kept during the block is the helper's own memory and is left out of what it counts.
"""

import gc
import linecache
import sys
import tracemalloc
import types
from itertools import compress
from operator import not_

from ._describe import type_name
from ._platform import platform
from ._tables import MIME, Rich, Say, column, table, text_block, text_table

_UNTRACKED_CONTAINERS = (dict, tuple)
MAX_LINES = 12  # rows of the chart and the text form
MAX_TYPES = 12


def left_behind() -> "LeftBehind":
    """``with left_behind() as diff:``: objects made inside the block and alive after it."""
    return LeftBehind(sys._getframe(1).f_code.co_filename)


def _stack_ids() -> set:
    """The ids of every frame on the stack, this one included: the readers' own, left out of what they see."""
    ids = set()
    frame = sys._getframe()
    while frame is not None:
        ids.add(id(frame))
        frame = frame.f_back
    return ids


def _everything(helper: object, own: set) -> dict:
    """id -> object for what the reading sees (see the module doc), without ``own`` ids, the frames
    of the current stack, and bound methods of the helper (``with`` makes one for ``__enter__`` on
    CPython 3.11): those live only while the helper runs, and their addresses are soon reused."""
    own = own | _stack_ids()
    own.add(id(own))
    objects = gc.get_objects()
    # Without the helper's own objects before their referents are read (all in C: no Python loop).
    objects = list(compress(objects, map(not_, map(own.__contains__, map(id, objects)))))
    referents = gc.get_referents(*objects)
    untracked = list(compress(referents, map(not_, map(gc.is_tracked, referents))))
    inner = gc.get_referents(*untracked)
    found = dict(zip(map(id, objects), objects))
    found.update(zip(map(id, referents), referents))
    found.update(zip(map(id, inner), inner))
    objects = referents = untracked = inner = None
    for key in own:
        found.pop(key, None)
    for referrer in gc.get_referrers(helper):
        if type(referrer) is types.MethodType:
            found.pop(id(referrer), None)
    referrer = None
    return found


def _reachable_ids(helper: object) -> set:
    """The ids of what _everything finds."""
    return set(_everything(helper, set()))


def _new_objects(before: set, helper: object, *mine) -> list:
    """The objects _everything finds whose ids were not there before, without the helper's own."""
    own = {id(before), id(mine), id(helper)}
    own.add(id(own))
    for obj in mine:
        own.add(id(obj))
    found = _everything(helper, own)
    new = []
    for key in found.keys() - before:  # a loop: a comprehension would make a closure cell on 3.11
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
    """The objects one line allocated that are still alive: ``count`` and ``bytes`` (sys.getsizeof)."""

    def __init__(self, filename: str, line: int) -> None:
        self.filename = filename
        self.line = line
        self.count = 0
        self.bytes = 0
        self.code = linecache.getline(filename, line).strip() if line else ""

    def __repr__(self) -> str:
        return f"LineStat(line={self.line}, count={self.count:,}, bytes={self.bytes:,})"


class LeftBehind(Rich):
    """The block's leftovers: ``by_type['dict'].count/.bytes``, ``by_line[7].count/.bytes``,
    ``objects`` and ``total_bytes`` (all new objects), ``other_lines``, ``elsewhere``."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.by_type: dict = {}
        self.by_line: dict = {}
        self.other_lines: list = []  # LineStat of other cells' code (functions defined elsewhere)
        self.total_bytes = 0
        self.objects = 0
        self.elsewhere = LineStat("", 0)  # objects allocated outside the cells' code, or untraced
        self.done = False
        self.platform = platform()
        self._before = None
        self._tracing = None
        self.reading_bytes = 0
        # Objects made during the block that are not the block's own (the cell runner's meter and
        # metrics, when it reads a whole cell): left out, with what only they refer to.
        self.ignore: tuple = ()

    def __enter__(self) -> "LeftBehind":
        if self._before is not None or self.done:
            raise RuntimeError("a left_behind() reading is used once: write `with left_behind() as diff:` again")
        self._tracing = not tracemalloc.is_tracing()
        if self._tracing:
            tracemalloc.start()
        gc.collect()
        self._before = _reachable_ids(self)
        return self

    def __exit__(self, *exc_info) -> None:
        gc.collect()
        new = _new_objects(self._before, self, exc_info, *self.ignore)
        self.ignore = ()
        # The reading held during the block: the set and its ids (ints of 4 or 8 bytes' worth each).
        self.reading_bytes = sys.getsizeof(self._before) + len(self._before) * sys.getsizeof(2**40)
        self._before = None
        by_class: dict = {}
        by_place: dict = {}
        getsizeof = sys.getsizeof
        where = tracemalloc.get_object_traceback
        for obj in new:
            size = getsizeof(obj, 0)
            cls = type(obj)
            count, total = by_class.get(cls, (0, 0))
            by_class[cls] = (count + 1, total + size)
            traceback = where(obj)
            place = (traceback[0].filename, traceback[0].lineno) if traceback else ("", 0)
            count, total = by_place.get(place, (0, 0))
            by_place[place] = (count + 1, total + size)
        new = obj = traceback = None
        if self._tracing:
            tracemalloc.stop()
        sizes: dict = {}
        for cls, (count, size) in by_class.items():
            name = type_name(cls)
            old_count, old_size = sizes.get(name, (0, 0))
            sizes[name] = (old_count + count, old_size + size)
        by_class = None
        self.by_type = {
            name: TypeStat(name, count, size)
            for name, (count, size) in sorted(sizes.items(), key=lambda kv: (-kv[1][1], kv[0]))
        }
        self.objects = sum(s.count for s in self.by_type.values())
        self.total_bytes = sum(s.bytes for s in self.by_type.values())
        elsewhere = LineStat("", 0)
        places = []
        for (filename, line), figures in by_place.items():  # loops, not a lambda: see _new_objects
            places.append((filename != self.filename, filename, line, figures))
        places.sort()
        for _, filename, line, (count, size) in places:
            if filename == self.filename or filename.startswith("<cell "):
                row = LineStat(filename, line)
                row.count, row.bytes = count, size
                if filename == self.filename:
                    self.by_line[line] = row
                else:
                    self.other_lines.append(row)
            else:
                elsewhere.count += count
                elsewhere.bytes += size
        self.elsewhere = elsewhere
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
            where = Say(f"line {stat.line}", f"第 {stat.line} 行")
            rows.append({"line": where, "code": stat.code, "count": stat.count, "bytes": stat.bytes})
        for stat in self.other_lines:
            cell = self._cell_name(stat.filename)
            where = Say(f"cell {cell}, line {stat.line}", f"单元 {cell} 第 {stat.line} 行")
            rows.append({"line": where, "code": stat.code, "count": stat.count, "bytes": stat.bytes})
        if self.elsewhere.count:
            where, code = Say("elsewhere", "别处"), Say("(library code, or untraced)", "（库代码，或未被跟踪）")
            rows.append({"line": where, "code": code, "count": self.elsewhere.count, "bytes": self.elsewhere.bytes})
        return rows

    def caption(self) -> str:
        if not self.done:
            return "left_behind(): not measured yet (use it as `with left_behind() as diff:`)"
        objects = "object" if self.objects == 1 else "objects"
        return Say(
            f"left_behind(): {self.objects:,} {objects}, {self.total_bytes:,} bytes, still alive after the block",
            f"left_behind()：块结束后仍存活 {self.objects:,} 个对象，共 {self.total_bytes:,} 字节",
        )

    def notes(self) -> list:
        return [
            Say(
                "Objects alive after the block that were not before it: every object the collector "
                "tracks and what each refers to directly, read after gc.collect() before and after. "
                "bytes is sys.getsizeof of each object itself (a list's array of pointers included, "
                "not the items). Objects made and freed inside the block are not counted; one that "
                "reuses the address of an object freed inside the block looks old and is missed.",
                "块结束后存活、而块开始前还不存在的对象：回收器跟踪的每个对象及其直接引用的对象，"
                "在块前后各执行一次 gc.collect() 之后读取。字节数是每个对象自身的 sys.getsizeof"
                "（包括 list 的指针数组，不包括元素）。在块内创建又释放的对象不计入；"
                "若某个对象复用了块内被释放对象的地址，它看起来像旧对象，会被漏掉。",
            ),
            Say(
                "line: where tracemalloc saw each object allocated (the innermost frame), so an object "
                "made inside a function is charged to the function's line, and one made by library "
                "code to 'elsewhere'.",
                "行：tracemalloc 看到每个对象被分配的位置（最内层的帧），因此在函数里创建的对象记在函数的那一行，"
                "由库代码创建的记为“别处”。",
            ),
            Say(
                f"The reading taken before the block (the ids of every object then alive, about "
                f"{self.reading_bytes:,} bytes) was held until its end: it counts in the cell's traced "
                f"peak, not here. Measured on {self.platform}.",
                f"块开始前的那次读取（当时所有存活对象的 id() 值，约 {self.reading_bytes:,} 字节）一直保留到块结束："
                f"它计入单元的跟踪峰值，而不计入这里。测量平台：{self.platform}。",
            ),
        ]

    def table(self) -> dict:
        columns = [
            column("type", Say("type", "类型"), "text"),
            column("count", Say("objects", "对象数"), "int"),
            column("bytes", Say("bytes", "字节"), "bytes"),
        ]
        rows = [{"type": s.name, "count": s.count, "bytes": s.bytes} for s in self.by_type.values()]
        total = {"type": Say("total", "合计"), "count": self.objects, "bytes": self.total_bytes}
        return table(self.caption(), columns, rows, self.notes(), total)

    def chart(self) -> dict:
        rows = [
            {"line": Say(f"{r['line']}: {r['code']}"[:60], f"{r['line'].zh}：{getattr(r['code'], 'zh', r['code'])}"[:60]), "bytes": r["bytes"]}
            for r in self.line_rows()[:MAX_LINES]
        ]
        return {
            "mark": "bar",
            "caption": Say("Bytes still alive, by the line that allocated them", "仍存活的字节，按分配它们的行"),
            "x": column("bytes", Say("bytes", "字节"), "bytes"),
            "y": column("line", Say("line", "行"), "text"),
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
            column("count", "objects", "int"),
            column("bytes", "bytes", "bytes"),
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
