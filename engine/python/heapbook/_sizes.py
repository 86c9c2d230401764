"""sizeof() and deep_sizeof(): sys.getsizeof of one object, or of everything it holds, by type.

deep_sizeof walks containers and instance attributes without changing them. Instance attributes
are read with gc.get_referents rather than through ``__dict__``: on CPython 3.13+ reading
``obj.__dict__`` creates a dict object that did not exist before, which would change what is measured.
"""

import gc
import sys
import types
from collections import deque, namedtuple


from ._describe import is_heap_instance, type_name
from ._platform import platform
from ._tables import MIME, Rich, Say, column, table, text_block, text_table

_NOT_FOLLOWED = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.CodeType,
    types.FrameType,
)
_ITEMS = (list, tuple, set, frozenset, deque)
_INLINE_VALUES = 1 << 2  # Py_TPFLAGS_INLINE_VALUES (CPython 3.13+): attributes stored after the object

FOLLOWED_NOTE = Say(
    "Followed: the items of lists, tuples, sets, frozensets and deques, the keys and values of "
    "dicts, and instance attributes (__dict__ and __slots__, base classes' slots included). "
    "Not followed: types, modules, functions, code objects, and the insides of other objects; "
    "None, True and False are not counted.",
    "继续展开的：list、tuple、set、frozenset 和 deque 的元素，dict 的键和值，以及实例属性"
    "（__dict__ 和 __slots__，包括基类的槽）。不展开的：类型、模块、函数、代码对象，以及其他对象的内部；"
    "None、True 和 False 不计入。",
)
INLINE_NOTE = Say(
    "On CPython 3.13+ an instance keeps its attribute values in an array allocated with it, which "
    "sys.getsizeof of the instance leaves out: tracemalloc shows instances weigh more than listed.",
    "在 CPython 3.13 及以上版本中，实例把属性值放在与它一同分配的数组里，而实例的 sys.getsizeof "
    "不包含这部分：tracemalloc 会显示实例实际比这里列出的更重。",
)
SHARED_NOTE = Say(
    "Each object counts once, however many references reach it: shared objects such as small "
    "ints and interned strings are counted once, though other code may hold them too.",
    "每个对象只计一次，无论有多少引用指向它：小整数、驻留字符串这类共享对象也只计一次，"
    "尽管别处的代码可能同样持有它们。",
)


TypeSize = namedtuple("TypeSize", "objects bytes")
TypeSize.__doc__ = "How many objects of one type were counted and their bytes."


class Size(int, Rich):
    """A byte count (an int: compare it, add it, print it) with a breakdown by type in ``by_type``."""

    __str__ = int.__repr__  # print() and f-strings show the plain number

    def __new__(cls, total: int, by_type: dict, what: str, deep: bool, inline: bool = False) -> "Size":
        self = super().__new__(cls, total)
        self.inline_values = inline
        self.by_type = by_type
        self.objects = sum(part.objects for part in by_type.values())
        self.what = what
        self.deep = deep
        self.platform = platform()
        return self

    @property
    def bytes(self) -> int:
        """The total as a plain int."""
        return int(self)

    def caption(self) -> str:
        noun = "object" if self.objects == 1 else "objects"
        helper = "deep_sizeof" if self.deep else "sizeof"
        return Say(
            f"{helper}({self.what}): {self.objects:,} {noun}, {int(self):,} bytes",
            f"{helper}({self.what})：{self.objects:,} 个对象，{int(self):,} 字节",
        )

    def notes(self) -> list:
        if self.deep:
            measured = Say(
                f"Measured with sys.getsizeof of every object reached on {self.platform}.",
                f"在 {self.platform} 上对走到的每个对象调用 sys.getsizeof 测得。",
            )
        else:
            measured = Say(f"Measured with sys.getsizeof on {self.platform}.", f"在 {self.platform} 上用 sys.getsizeof 测得。")
        notes = [measured]
        if self.deep:
            notes += [FOLLOWED_NOTE, SHARED_NOTE]
        else:
            notes.append(
                Say(
                    "Shallow: the object itself, not the objects it refers to (see deep_sizeof).",
                    "浅层大小：只算对象本身，不算它引用的对象（见 deep_sizeof）。",
                )
            )
        if self.inline_values:
            notes.append(INLINE_NOTE)
        return notes

    def table(self) -> dict:
        total = int(self)
        rows = [
            {"type": name, "objects": part.objects, "bytes": part.bytes, "share": _share(part.bytes, total)}
            for name, part in sorted(self.by_type.items(), key=lambda item: (-item[1].bytes, item[0]))
        ]
        columns = [
            column("type", Say("type", "类型"), "text"),
            column("objects", Say("objects", "对象数"), "int"),
            column("bytes", Say("bytes", "字节"), "bytes"),
            column("share", Say("share of total", "占总量"), "text"),
        ]
        summary = {"type": Say("total", "合计"), "objects": self.objects, "bytes": total, "share": _share(total, total)}
        return table(self.caption(), columns, rows, self.notes(), summary)

    def __repr__(self) -> str:
        data = self.table()
        body = text_table(data["columns"], data["rows"], data["total"])
        return text_block(data["caption"], body, [])

    def _rich(self) -> dict:
        return {MIME["table"]: self.table()}

    def __reduce__(self):
        return (int, (int(self),))


def _share(part: int, total: int) -> str:
    return f"{100 * part / total:.1f}%" if total else "—"


def _getsizeof(obj: object) -> int:
    try:
        return sys.getsizeof(obj)
    except TypeError:  # an object whose __sizeof__ is broken
        return 0


def sizeof(obj: object) -> Size:
    """Shallow size: ``sys.getsizeof(obj)``, as a Size with a one-row table."""
    size = _getsizeof(obj)
    name = type_name(type(obj))
    return Size(size, {name: TypeSize(1, size)}, name, deep=False, inline=_has_inline_values(obj))


def deep_sizeof(obj: object) -> Size:
    """``sys.getsizeof`` summed over obj and every object it holds, each counted once, by type."""
    counts: dict = {}
    seen: set = set()
    inline = False
    pending = [obj]
    while pending:
        item = pending.pop()
        if id(item) in seen or _excluded(item):
            continue
        seen.add(id(item))
        inline = inline or _has_inline_values(item)
        name = type_name(type(item))
        objects, size = counts.get(name, (0, 0))
        counts[name] = (objects + 1, size + _getsizeof(item))
        pending.extend(_contents(item))
    del item
    by_type = {name: TypeSize(*value) for name, value in counts.items()}
    total = sum(part.bytes for part in by_type.values())
    return Size(total, by_type, type_name(type(obj)), deep=True, inline=inline)


def _has_inline_values(obj: object) -> bool:
    return sys.version_info >= (3, 13) and bool(type(obj).__flags__ & _INLINE_VALUES)


def _excluded(obj: object) -> bool:
    if obj is None or obj is True or obj is False or isinstance(obj, _NOT_FOLLOWED):
        return True
    return is_heap_instance(obj) and str(getattr(type(obj), "__module__", "")).startswith("heapbook")


def _contents(obj: object) -> list:
    """The objects deep_sizeof follows from obj."""
    if isinstance(obj, dict):
        found = [*dict.keys(obj), *dict.values(obj)]
    elif isinstance(obj, _ITEMS):
        found = list(_iterate(obj))
    else:
        found = []
    if is_heap_instance(obj) or type(obj).__dictoffset__:
        # Instance attributes (inline values, __dict__, __slots__ of the class and its bases),
        # without creating a __dict__ that did not exist. Container subclasses repeat their items
        # here; counting by id keeps them single.
        found += [r for r in gc.get_referents(obj) if not isinstance(r, type)]
    return found


def _iterate(obj):
    """Iterate a container with the built-in iterator, not an override."""
    for base in _ITEMS:
        if isinstance(obj, base):
            return base.__iter__(obj)
    return iter(())
