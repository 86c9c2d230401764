"""growth() and most_common_types(): objects tracked by the collector, counted by type.

Like objgraph's show_growth and most_common_types. Counts come from gc.get_objects() after a full
collection, so they include only objects the collector tracks: containers and instances, not ints,
strings and other atomic objects.
"""

import gc

from ._describe import type_name
from ._platform import platform
from ._tables import MIME, Rich, Say, column, measured_on, table, text_block, text_table

# Counts at the previous growth() call, by type name; None before the first call.
_previous: dict | None = None

TRACKED_NOTE = Say(
    "Counted with gc.get_objects() after gc.collect(): only objects tracked by the collector "
    "(containers and instances); ints, strs and other atomic objects are not tracked and not counted.",
    "先执行 gc.collect()，再用 gc.get_objects() 计数：只计回收器跟踪的对象（容器和实例）；"
    "int、str 等原子对象不被跟踪，也不计入。",
)
TYPE = Say("type", "类型")


def _count() -> tuple[dict, int]:
    """Objects tracked by the collector, by type name, leaving out this helper's own lists."""
    gc.collect()
    names: dict = {}
    counts: dict = {}
    objects = gc.get_objects()  # the list itself is made after the scan, so it is not in it
    own = {id(names), id(counts), id(_previous)}
    for obj in objects:
        if id(obj) in own:
            continue
        tp = type(obj)
        name = names.get(tp)
        if name is None:
            name = names[tp] = type_name(tp)
        counts[name] = counts.get(name, 0) + 1
    objects = obj = None
    return counts, sum(counts.values())


class TypeCounts(Rich):
    """The most common types among objects tracked by the collector."""

    def __init__(self, counts: dict, total: int, limit: int) -> None:
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        self.rows = [{"type": name, "count": count} for name, count in ranked[:limit]]
        self.types = len(counts)
        self.total = total
        self.platform = platform()

    def table(self) -> dict:
        caption = Say(
            f"most_common_types(): top {len(self.rows)} of {self.types:,} types, "
            f"{self.total:,} objects tracked by the collector",
            f"most_common_types()：{self.types:,} 种类型中最多的 {len(self.rows)} 种，"
            f"回收器跟踪着 {self.total:,} 个对象",
        )
        columns = [column("type", TYPE, "text"), column("count", Say("objects", "对象数"), "int")]
        notes = [TRACKED_NOTE, measured_on(self.platform)]
        return table(caption, columns, self.rows, notes, {"type": Say("all tracked objects", "全部被跟踪的对象"), "count": self.total})

    def __repr__(self) -> str:
        data = self.table()
        return text_block(data["caption"], text_table(data["columns"], data["rows"], data["total"]), [])

    def _rich(self) -> dict:
        return {MIME["table"]: self.table()}


class Growth(Rich):
    """Types whose number of tracked objects changed since the previous growth() call."""

    def __init__(self, counts: dict, previous: dict | None, limit: int) -> None:
        before = previous or {}
        changed = [
            (name, counts.get(name, 0), counts.get(name, 0) - before.get(name, 0))
            for name in counts.keys() | before.keys()
            if counts.get(name, 0) != before.get(name, 0)
        ]
        changed.sort(key=lambda item: (-item[2], item[0]))
        self.first = previous is None
        self.changed = len(changed)
        self.rows = [{"type": n, "count": c, "delta": d} for n, c, d in changed[:limit]]
        self.platform = platform()

    def __getitem__(self, type_name: str) -> int:
        """The change in count for one type name (0 when it did not change or was cut by limit)."""
        return next((row["delta"] for row in self.rows if row["type"] == type_name), 0)

    def table(self) -> dict:
        since = (
            "first call, compared with nothing: every tracked object counts as growth"
            if self.first
            else "since the previous growth() call"
        )
        since_zh = "首次调用，没有可比较的基准：每个被跟踪的对象都算作增长" if self.first else "自上一次调用 growth() 以来"
        shown = f"{len(self.rows)} of {self.changed}" if self.changed > len(self.rows) else f"{self.changed}"
        shown_zh = f"{self.changed} 种中的 {len(self.rows)}" if self.changed > len(self.rows) else f"{self.changed}"
        caption = Say(f"growth(): {shown} types changed ({since})", f"growth()：{shown_zh} 种类型有变化（{since_zh}）")
        columns = [
            column("type", TYPE, "text"),
            column("count", Say("objects now", "现有对象数"), "int"),
            column("delta", Say("change", "变化"), "signed-int"),
        ]
        notes = [TRACKED_NOTE, Say("Sorted by change, largest growth first.", "按变化排序，增长最多的在前。"), measured_on(self.platform)]
        return table(caption, columns, self.rows, notes)

    def __repr__(self) -> str:
        data = self.table()
        rows = [{**row, "delta": f"{row['delta']:+,}"} for row in data["rows"]]
        columns = [*data["columns"][:2], column("delta", "change", "bytes")]
        body = text_table(columns, rows) if rows else "(no type changed)"
        return text_block(data["caption"], body, [])

    def _rich(self) -> dict:
        return {MIME["table"]: self.table()}


def growth(limit: int = 10) -> Growth:
    """Types whose count of tracked objects changed since the last call, largest growth first."""
    global _previous
    counts, _ = _count()
    result = Growth(counts, _previous, limit)
    _previous = counts
    return result


def most_common_types(limit: int = 10) -> TypeCounts:
    """The ``limit`` types with the most objects tracked by the collector."""
    counts, total = _count()
    return TypeCounts(counts, total, limit)
