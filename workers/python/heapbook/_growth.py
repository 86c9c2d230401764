"""growth() and most_common_types(): objects tracked by the collector, counted by type.

Like objgraph's show_growth and most_common_types. Counts come from gc.get_objects() after a full
collection, so they include only objects the collector tracks: containers and instances, not ints,
strings and other atomic objects.
"""

import gc

from ._describe import type_name
from ._platform import platform
from ._tables import MIME, Rich, column, table, text_block, text_table

# Counts at the previous growth() call, by type name; None before the first call.
_previous: dict | None = None

TRACKED_NOTE = (
    "Counted with gc.get_objects() after gc.collect(): only objects tracked by the collector "
    "(containers and instances); ints, strs and other atomic objects are not tracked and not counted."
)


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
        caption = (
            f"most_common_types(): top {len(self.rows)} of {self.types:,} types, "
            f"{self.total:,} objects tracked by the collector"
        )
        columns = [column("type", "type", "text"), column("count", "objects", "int")]
        notes = [TRACKED_NOTE, f"Measured on {self.platform}."]
        return table(caption, columns, self.rows, notes, {"type": "all tracked objects", "count": self.total})

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
        shown = f"{len(self.rows)} of {self.changed}" if self.changed > len(self.rows) else f"{self.changed}"
        caption = f"growth(): {shown} types changed ({since})"
        columns = [
            column("type", "type", "text"),
            column("count", "objects now", "int"),
            column("delta", "change", "signed-int"),
        ]
        notes = [TRACKED_NOTE, "Sorted by change, largest growth first.", f"Measured on {self.platform}."]
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
